using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using QueueLint.Rules;
using QueueLint.Tests.Rules;
using QueueLint.Tests.Verifiers;
using Failures = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ReportJobFailuresAnalyzer>;
using Commit = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.EnqueueBeforeCommitAnalyzer>;
using Entities = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.PassEntityIdAnalyzer>;
using Secrets = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.SecretInPayloadAnalyzer>;
using Swallowed = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.SwallowedExceptionAnalyzer>;
using Writes = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.NonIdempotentWriteAnalyzer>;

namespace QueueLint.Tests.Frameworks
{
    /// <summary>
    /// Rebus through the model's words: <c>IHandleMessages&lt;T&gt;.Handle</c> is an entry point, <c>IBus</c> calls are
    /// enqueue sites whose message is payload, and a handler's or a <c>RebusTransactionScope</c>'s sends go out on commit.
    /// </summary>
    public class RebusTests
    {
        private const string Unreported = "Rebus logs it at each delivery attempt and moves the message to the error queue after the last one; nothing in the application reports it";

        [Fact]
        public Task A_handler_whose_failure_nothing_reports()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Rebus.Handlers;

                public record OrderPlaced(int OrderId);

                public class Placed : IHandleMessages<OrderPlaced>
                {
                    public Task {|#0:Handle|}(OrderPlaced message) => new HttpClient().GetAsync("https://p/" + message.OrderId);
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Placed.Handle", Unreported));

        [Fact]
        public Task An_error_handler_of_the_application_reports_every_handler_failure()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Rebus.Handlers;
                using Rebus.Messages;
                using Rebus.Retry;
                using Rebus.Transport;

                public record OrderShipped(int OrderId);

                public class Shipped : IHandleMessages<OrderShipped>
                {
                    public Task Handle(OrderShipped message) => new HttpClient().GetAsync("https://s");
                }

                public class AlertOnPoison : IErrorHandler
                {
                    public Task HandlePoisonMessage(TransportMessage transportMessage, ITransactionContext transactionContext, ExceptionInfo exception) => Task.CompletedTask;
                }
                """);

        [Fact]
        public Task A_second_level_handler_reports_only_its_own_message()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Rebus.Handlers;
                using Rebus.Retry.Simple;

                public record OrderPlaced(int OrderId);
                public record OrderShipped(int OrderId);

                public class Placed : IHandleMessages<OrderPlaced>, IHandleMessages<IFailed<OrderPlaced>>
                {
                    public Task Handle(OrderPlaced message) => new HttpClient().GetAsync("https://p");
                    public Task Handle(IFailed<OrderPlaced> message) => Task.CompletedTask;
                }

                public class Shipped : IHandleMessages<OrderShipped>
                {
                    public Task {|#0:Handle|}(OrderShipped message) => new HttpClient().GetAsync("https://s");
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Shipped.Handle", Unreported));

        [Fact]
        public Task A_send_before_save_changes_outside_a_handler()
            => Snippets.VerifyWithShopAsync<EnqueueBeforeCommitAnalyzer>("""
                using System.Threading.Tasks;
                using Rebus.Bus;
                using Rebus.Bus.Advanced;
                using Shop;

                public record OrderPlaced(int OrderId);

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, IBus bus, Order order)
                    {
                        db.Orders.Add(order);
                        await {|#0:bus.Send(new OrderPlaced(order.Id))|};
                        await {|#1:bus.Advanced.Routing.Send("billing", new OrderPlaced(order.Id))|};
                        await db.SaveChangesAsync();
                    }

                    public void Place(ShopDb db, ISyncBus bus, Order order)
                    {
                        db.Orders.Add(order);
                        {|#2:bus.Publish(new OrderPlaced(order.Id))|};
                        db.SaveChanges();
                    }
                }
                """,
                Commit.Diagnostic("QL0004").WithLocation(0).WithArguments("Rebus message 'OrderPlaced'", "SaveChangesAsync"),
                Commit.Diagnostic("QL0004").WithLocation(1).WithArguments("Rebus message 'OrderPlaced'", "SaveChangesAsync"),
                Commit.Diagnostic("QL0004").WithLocation(2).WithArguments("Rebus message 'OrderPlaced'", "SaveChanges"));

        [Fact]
        public Task Sends_that_a_transaction_context_holds_back_until_the_commit()
            => Snippets.VerifyWithShopAsync<EnqueueBeforeCommitAnalyzer>("""
                using System.Threading.Tasks;
                using Rebus.Bus;
                using Rebus.Handlers;
                using Rebus.Transport;
                using Shop;

                public record OrderPlaced(int OrderId);
                public record PlaceOrder(int OrderId);

                // In a handler, Rebus sends when the handler has returned, and not at all if it throws.
                public class Place : IHandleMessages<PlaceOrder>
                {
                    private readonly ShopDb _db;
                    private readonly IBus _bus;

                    public Place(ShopDb db, IBus bus) => (_db, _bus) = (db, bus);

                    public async Task Handle(PlaceOrder message)
                    {
                        _db.Orders.Add(new Order { Id = message.OrderId });
                        await _bus.Publish(new OrderPlaced(message.OrderId));
                        await _db.SaveChangesAsync();
                    }
                }

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, IBus bus, Order order)
                    {
                        using var scope = new RebusTransactionScope();
                        db.Orders.Add(order);
                        await bus.Send(new OrderPlaced(order.Id));
                        await db.SaveChangesAsync();
                        await scope.CompleteAsync();
                    }

                    public async Task PlaceInBlockAsync(ShopDb db, IBus bus, Order order)
                    {
                        using (var scope = new RebusTransactionScope())
                        {
                            await bus.SendLocal(new OrderPlaced(order.Id));
                            await db.SaveChangesAsync();
                            await scope.CompleteAsync();
                        }
                    }
                }
                """);

        [Fact]
        public Task An_entity_in_a_message_or_a_handled_message_property()
            => Snippets.VerifyWithShopAsync<PassEntityIdAnalyzer>("""
                using System.Threading.Tasks;
                using Rebus.Bus;
                using Rebus.Handlers;
                using Shop;

                public class OrderShipped
                {
                    public Order {|#0:Order|} { get; set; } = null!;
                }

                public class Shipped : IHandleMessages<OrderShipped>
                {
                    public Task Handle(OrderShipped message) => Task.CompletedTask;
                }

                public class Shipping
                {
                    public Task ShipAsync(IBus bus, Order order) => bus.SendLocal({|#1:order|});
                }
                """,
                Entities.Diagnostic("QL0001").WithLocation(0),
                Entities.Diagnostic("QL0001").WithLocation(1).WithArguments("Rebus message 'Order'", "Order", "'order.Id'"));

        [Fact]
        public Task A_secret_in_a_handled_message()
            => Secrets.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Rebus.Handlers;

                public record InviteSent(string Email, string {|QL0005:InviteToken|});

                public class Invites : IHandleMessages<InviteSent>
                {
                    public Task Handle(InviteSent message) => Task.CompletedTask;
                }
                """);

        [Fact]
        public Task A_handler_that_swallows_the_failure_of_its_work()
            => Swallowed.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Rebus.Handlers;

                public record OrderPlaced(int OrderId);

                public class Placed : IHandleMessages<OrderPlaced>
                {
                    public async Task Handle(OrderPlaced message)
                    {
                        try { await new HttpClient().GetAsync("https://p/" + message.OrderId); }
                        {|#0:catch (Exception)|} { }
                    }
                }
                """,
                Swallowed.Diagnostic("QL0012").WithLocation(0).WithArguments("Placed.Handle", ""));

        [Fact]
        public Task A_handler_that_repeats_an_increment_on_redelivery()
        {
            var test = new CSharpAnalyzerVerifier<NonIdempotentWriteAnalyzer>.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using System.Threading.Tasks;
                using Rebus.Handlers;
                using Billing;

                public class Charge : IHandleMessages<ChargeAccount>
                {
                    private readonly BillingDb _db;
                    public Charge(BillingDb db) => _db = db;

                    public async Task Handle(ChargeAccount message)
                    {
                        var account = await _db.Accounts.FindAsync(message.AccountId);
                        if (account is null) return;
                        {|#0:account.Balance -= message.Amount|};
                        await _db.SaveChangesAsync();
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.ExpectedDiagnostics.Add(Writes.Diagnostic("QL0030").WithLocation(0));
            return test.RunAsync();
        }
    }
}
