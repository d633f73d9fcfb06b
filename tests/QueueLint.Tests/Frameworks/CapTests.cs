using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using QueueLint.Rules;
using QueueLint.Tests.Rules;
using QueueLint.Tests.Verifiers;
using Cancellation = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ObserveCancellationAnalyzer>;
using Commit = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.EnqueueBeforeCommitAnalyzer>;
using Entities = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.PassEntityIdAnalyzer>;
using Failures = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ReportJobFailuresAnalyzer>;
using Secrets = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.SecretInPayloadAnalyzer>;
using Writes = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.NonIdempotentWriteAnalyzer>;

namespace QueueLint.Tests.Frameworks
{
    /// <summary>
    /// CAP (DotNetCore.CAP) through the model's words: a <c>[CapSubscribe]</c> method of an <c>ICapSubscribe</c> class or
    /// a controller is an entry point, <c>ICapPublisher</c> calls are enqueue sites whose content is payload, and a publish
    /// inside a CAP transaction goes out on commit.
    /// </summary>
    public class CapTests
    {
        private const string Unreported = "CAP logs it at each attempt, tries the message again (three times at once, then once a minute, 50 times in all by default) and leaves it as Failed in its storage; nothing in the application reports it";

        [Fact]
        public Task A_subscriber_whose_failure_nothing_reports()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using DotNetCore.CAP;

                public record OrderPlaced(int OrderId);

                public class OrderEvents : ICapSubscribe
                {
                    [CapSubscribe("order.placed")]
                    public Task {|#0:OnPlaced|}(OrderPlaced message) => new HttpClient().GetAsync("https://p/" + message.OrderId);

                    // Not a subscription: CAP runs only the methods that carry a topic attribute.
                    public Task Helper(OrderPlaced message) => new HttpClient().GetAsync("https://h/" + message.OrderId);
                }

                // CAP finds subscriptions on public controllers too, and on nothing else that does not implement ICapSubscribe.
                public class OrdersController
                {
                    [CapSubscribe("order.shipped")]
                    public Task {|#1:OnShipped|}(OrderPlaced message) => new HttpClient().GetAsync("https://s/" + message.OrderId);
                }

                public class NotScanned
                {
                    [CapSubscribe("order.lost")]
                    public Task OnLost(OrderPlaced message) => new HttpClient().GetAsync("https://l/" + message.OrderId);
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("OrderEvents.OnPlaced", Unreported),
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("OrdersController.OnShipped", Unreported));

        [Fact]
        public Task A_threshold_callback_reports_every_subscriber_failure()
            => Failures.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using DotNetCore.CAP;
                using Microsoft.Extensions.DependencyInjection;

                public record OrderPlaced(int OrderId);

                public class OrderEvents : ICapSubscribe
                {
                    [CapSubscribe("order.placed")]
                    public Task OnPlaced(OrderPlaced message) => new HttpClient().GetAsync("https://p/" + message.OrderId);
                }

                public static class Setup
                {
                    public static void Add(IServiceCollection services)
                        => services.AddCap(options => options.FailedThresholdCallback = failed => Console.Error.WriteLine(failed.Message.Value));
                }
                """);

        [Fact]
        public Task A_subscribe_filter_of_the_application_reports_every_subscriber_failure()
            => Failures.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using DotNetCore.CAP;
                using DotNetCore.CAP.Filter;

                public record OrderPlaced(int OrderId);

                public class OrderEvents : ICapSubscribe
                {
                    [CapSubscribe("order.placed")]
                    public Task OnPlaced(OrderPlaced message) => new HttpClient().GetAsync("https://p/" + message.OrderId);
                }

                public class AlertOnFailure : SubscribeFilter
                {
                    public override Task OnSubscribeExceptionAsync(ExceptionContext context)
                    {
                        Console.Error.WriteLine(context.Exception);
                        return Task.CompletedTask;
                    }
                }
                """);

        [Fact]
        public Task A_publish_before_the_commit_outside_a_cap_transaction()
            => Snippets.VerifyWithShopAsync<EnqueueBeforeCommitAnalyzer>("""
                using System.Threading.Tasks;
                using DotNetCore.CAP;
                using Shop;

                public record OrderPlaced(int OrderId);

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, ICapPublisher cap, Order order)
                    {
                        db.Orders.Add(order);
                        await {|#0:cap.PublishAsync("order.placed", new OrderPlaced(order.Id))|};
                        await db.SaveChangesAsync();
                    }

                    // autoCommit: the publish commits the transaction, so what is saved after it is not in it.
                    public async Task PlaceAutoCommitAsync(ShopDb db, ICapPublisher cap, Order order)
                    {
                        using var transaction = db.Database.BeginTransaction(cap, autoCommit: true);
                        db.Orders.Add(order);
                        {|#1:cap.Publish("order.placed", new OrderPlaced(order.Id))|};
                        await db.SaveChangesAsync();
                    }

                    public async Task PlaceAutoCommitByPositionAsync(ShopDb db, ICapPublisher cap, Order order)
                    {
                        using var transaction = db.Database.BeginTransaction(cap, true);
                        db.Orders.Add(order);
                        {|#3:cap.Publish("order.placed", new OrderPlaced(order.Id))|};
                        await db.SaveChangesAsync();
                    }

                }

                // A subscriber's publish is not held back either.
                public class OrderRequests : ICapSubscribe
                {
                    private readonly ShopDb _db;
                    private readonly ICapPublisher _cap;

                    public OrderRequests(ShopDb db, ICapPublisher cap) => (_db, _cap) = (db, cap);

                    [CapSubscribe("order.requested")]
                    public async Task OnRequested(OrderPlaced message)
                    {
                        var order = new Order { Id = message.OrderId };
                        _db.Orders.Add(order);
                        await {|#2:_cap.PublishDelayAsync(System.TimeSpan.FromMinutes(1), "order.accepted", new OrderPlaced(order.Id))|};
                        await _db.SaveChangesAsync();
                    }
                }
                """,
                Commit.Diagnostic("QL0004").WithLocation(0).WithArguments("CAP message 'OrderPlaced'", "SaveChangesAsync"),
                Commit.Diagnostic("QL0004").WithLocation(1).WithArguments("CAP message 'OrderPlaced'", "SaveChangesAsync"),
                Commit.Diagnostic("QL0004").WithLocation(2).WithArguments("CAP message 'OrderPlaced'", "SaveChangesAsync"),
                Commit.Diagnostic("QL0004").WithLocation(3).WithArguments("CAP message 'OrderPlaced'", "SaveChangesAsync"));

        [Fact]
        public Task Publishes_that_a_cap_transaction_holds_back_until_the_commit()
            => Snippets.VerifyWithShopAsync<EnqueueBeforeCommitAnalyzer>("""
                using System.Data;
                using System.Threading.Tasks;
                using DotNetCore.CAP;
                using Shop;

                public record OrderPlaced(int OrderId);

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, ICapPublisher cap, Order order)
                    {
                        using var transaction = db.Database.BeginTransaction(cap, autoCommit: false);
                        db.Orders.Add(order);
                        await cap.PublishAsync("order.placed", new OrderPlaced(order.Id));
                        await db.SaveChangesAsync();
                        await transaction.CommitAsync();
                    }

                    public async Task PlaceWithoutAutoCommitAsync(ShopDb db, ICapPublisher cap, Order order)
                    {
                        await using var transaction = await db.Database.BeginTransactionAsync(cap, false);
                        db.Orders.Add(order);
                        await cap.PublishAsync("order.placed", new OrderPlaced(order.Id));
                        await db.SaveChangesAsync();
                        await transaction.CommitAsync();
                    }

                    public async Task PlaceOnConnectionAsync(ShopDb db, IDbConnection connection, ICapPublisher cap, Order order)
                    {
                        using (var transaction = connection.BeginTransaction(cap))
                        {
                            db.Orders.Add(order);
                            cap.Publish("order.placed", new OrderPlaced(order.Id));
                            await db.SaveChangesAsync();
                            transaction.Commit();
                        }
                    }
                }
                """);

        [Fact]
        public Task An_entity_in_a_published_message_or_a_subscribed_message_property()
            => Snippets.VerifyWithShopAsync<PassEntityIdAnalyzer>("""
                using System.Threading.Tasks;
                using DotNetCore.CAP;
                using Shop;

                public class OrderShipped
                {
                    public Order {|#0:Order|} { get; set; } = null!;
                }

                public class Shipped : ICapSubscribe
                {
                    [CapSubscribe("order.shipped")]
                    public Task OnShipped(OrderShipped message, [FromCap] CapHeader header) => Task.CompletedTask;
                }

                public class Shipping
                {
                    public Task ShipAsync(ICapPublisher cap, Order order) => cap.PublishAsync("order.ship", {|#1:order|});
                }
                """,
                Entities.Diagnostic("QL0001").WithLocation(0),
                Entities.Diagnostic("QL0001").WithLocation(1).WithArguments("CAP message 'Order'", "Order", "'order.Id'"));

        [Fact]
        public Task A_secret_in_a_subscribed_message()
            => Secrets.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using DotNetCore.CAP;

                public record InviteSent(string Email, string {|QL0005:InviteToken|});

                public class Invites : ICapSubscribe
                {
                    [CapSubscribe("invite.sent")]
                    public Task OnSent(CancellationToken token, InviteSent message) => Task.CompletedTask;
                }
                """);

        [Fact]
        public Task A_subscriber_that_repeats_an_increment_on_redelivery()
        {
            var test = new CSharpAnalyzerVerifier<NonIdempotentWriteAnalyzer>.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using System.Threading.Tasks;
                using DotNetCore.CAP;
                using Billing;

                public class Charge : ICapSubscribe
                {
                    private readonly BillingDb _db;
                    public Charge(BillingDb db) => _db = db;

                    [CapSubscribe("account.charge")]
                    public async Task OnCharge(ChargeAccount message)
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

        [Fact]
        public Task A_subscriber_is_not_asked_to_observe_its_token()
            => Cancellation.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using DotNetCore.CAP;

                public record OrderPlaced(int OrderId);

                // CAP marks a message whose subscriber throws OperationCanceledException as succeeded: observing the
                // shutdown token here would lose the message instead of running it again.
                public class OrderEvents : ICapSubscribe
                {
                    [CapSubscribe("order.placed")]
                    public async Task OnPlaced(OrderPlaced message, CancellationToken token)
                    {
                        await new HttpClient().GetAsync("https://p/" + message.OrderId);
                        await Task.Delay(1000);
                    }
                }
                """);
    }
}
