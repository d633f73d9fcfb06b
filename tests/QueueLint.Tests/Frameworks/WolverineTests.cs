using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using QueueLint.Rules;
using QueueLint.Tests.Rules;
using QueueLint.Tests.Verifiers;
using Failures = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ReportJobFailuresAnalyzer>;
using Commit = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.EnqueueBeforeCommitAnalyzer>;
using Entities = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.PassEntityIdAnalyzer>;
using Secrets = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.SecretInPayloadAnalyzer>;
using Swallowed = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.SwallowedExceptionAnalyzer>;
using Writes = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.NonIdempotentWriteAnalyzer>;
using Backoff = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.RetryWithoutBackoffAnalyzer, QueueLint.CodeFixes.Rules.RetryWithoutBackoffFixer>;
using ReportFix = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.ReportJobFailuresAnalyzer, QueueLint.CodeFixes.Rules.ReportJobFailuresFixer>;
using Bounded = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.UnboundedRetriesAnalyzer, QueueLint.CodeFixes.Rules.UnboundedRetriesFixer>;

namespace QueueLint.Tests.Frameworks
{
    /// <summary>
    /// Wolverine through the model's words: handlers found by Wolverine's conventions are entry points (static ones
    /// too), <c>IMessageBus</c> sends are enqueue sites whose message is payload, and what a handler or an EF Core
    /// outbox sends goes out on commit.
    /// </summary>
    public class WolverineTests
    {
        private const string Unreported = "Wolverine logs it at each attempt and moves the message to the dead letter queue after the last one; nothing in the application reports it";

        [Fact]
        public Task Handlers_found_by_the_conventions()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Wolverine;
                using Wolverine.Attributes;

                public record OrderPlaced(int OrderId);
                public record OrderShipped(int OrderId);
                public record OrderPaid(int OrderId);
                public record OrderLost(int OrderId);

                public class OrderPlacedHandler
                {
                    public Task {|#0:Handle|}(OrderPlaced message) => new HttpClient().GetAsync("https://p/" + message.OrderId);
                }

                public static class ShippingConsumer
                {
                    public static async Task {|#1:ConsumeAsync|}(OrderShipped message) => await new HttpClient().GetAsync("https://s");
                }

                [WolverineHandler]
                public class Payments
                {
                    public Task {|#2:HandleAsync|}(OrderPaid message) => new HttpClient().GetAsync("https://pay");
                }

                public class Lost : IWolverineHandler
                {
                    public Task {|#3:Handle|}(OrderLost message) => new HttpClient().GetAsync("https://lost");
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("OrderPlacedHandler.Handle", Unreported),
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("ShippingConsumer.ConsumeAsync", Unreported),
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(2).WithArguments("Payments.HandleAsync", Unreported),
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(3).WithArguments("Lost.Handle", Unreported));

        [Fact]
        public Task An_error_rule_with_the_applications_own_action_reports_every_handler_failure()
            => Failures.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Wolverine;
                using Wolverine.ErrorHandling;

                public record OrderPlaced(int OrderId);

                public class OrderPlacedHandler
                {
                    public Task Handle(OrderPlaced message) => new HttpClient().GetAsync("https://p");
                }

                public static class Messaging
                {
                    public static void Configure(WolverineOptions opts)
                        => opts.Policies.OnAnyException().RetryTimes(2).Then
                            .CustomAction((runtime, lifecycle, ex) => { Console.Error.WriteLine(ex); return new System.Threading.Tasks.ValueTask(lifecycle.MoveToDeadLetterQueueAsync(ex)); }, "alert");
                }
                """);

        [Fact]
        public Task A_handlers_own_error_rule_reports_only_its_failures()
            => Failures.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Wolverine;
                using Wolverine.ErrorHandling;
                using Wolverine.Runtime.Handlers;

                public record OrderPlaced(int OrderId);
                public record OrderShipped(int OrderId);

                public class OrderPlacedHandler
                {
                    public static void Configure(HandlerChain chain)
                        => chain.OnException<HttpRequestException>().CustomAction((runtime, lifecycle, ex) => { Console.Error.WriteLine(ex); return default; }, "alert");

                    public Task Handle(OrderPlaced message) => new HttpClient().GetAsync("https://p");
                }

                public class OrderShippedHandler
                {
                    public Task {|#0:Handle|}(OrderShipped message) => new HttpClient().GetAsync("https://s");
                }

                // Rules that only decide what becomes of the message report nothing.
                public static class Messaging
                {
                    public static void Configure(WolverineOptions opts) => opts.OnException<TimeoutException>().RetryTimes(3).Then.MoveToErrorQueue();
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("OrderShippedHandler.Handle", Unreported));

        [Fact]
        public Task Fault_events_and_a_handler_of_their_faults()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Logging;
                using Wolverine;

                public record OrderPlaced(int OrderId);
                public record OrderShipped(int OrderId);

                public class OrderPlacedHandler
                {
                    public Task Handle(OrderPlaced message) => new HttpClient().GetAsync("https://p");
                    public void Handle(Fault<OrderPlaced> fault, ILogger<OrderPlacedHandler> logger) => logger.LogError("Order {Id} failed: {Error}", fault.Message.OrderId, fault.Exception.Message);
                }

                public class OrderShippedHandler
                {
                    public Task {|#0:Handle|}(OrderShipped message) => new HttpClient().GetAsync("https://s");
                }

                public static class Messaging
                {
                    public static void Configure(WolverineOptions opts) => opts.PublishFaultEvents();
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("OrderShippedHandler.Handle", Unreported));

        [Fact]
        public Task A_handler_whose_message_is_only_invoked_answers_its_caller()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Wolverine;

                public interface IDomainEvent { }
                public record GetOrder(int OrderId);
                public record PlaceOrder(int OrderId);
                public record OrderPlaced(int OrderId) : IDomainEvent;

                // InvokeAsync runs GetOrderHandler in the caller's flow and hands its failure back: a request, not a job.
                public class GetOrderHandler
                {
                    public Task<string> Handle(GetOrder query) => new HttpClient().GetStringAsync("https://o/" + query.OrderId);
                }

                // Invoked here, and queued elsewhere: a job.
                public class PlaceOrderHandler
                {
                    public Task {|#0:Handle|}(PlaceOrder command) => new HttpClient().GetAsync("https://p");
                }

                // Published as the interface it implements: a job.
                public class OrderPlacedHandler
                {
                    public Task {|#1:Handle|}(OrderPlaced placed) => new HttpClient().GetAsync("https://n");
                }

                public class OrdersEndpoint
                {
                    public Task<string> Get(IMessageBus bus, int id) => bus.InvokeAsync<string>(new GetOrder(id));
                    public Task Place(IMessageBus bus, int id) => bus.InvokeAsync(new PlaceOrder(id));
                    public async Task PlaceLater(IMessageBus bus, int id) => await bus.ScheduleAsync(new PlaceOrder(id), System.TimeSpan.FromMinutes(1));
                    public async Task Raise(IMessageBus bus, IDomainEvent domainEvent) => await bus.PublishAsync(domainEvent);
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("PlaceOrderHandler.Handle", Unreported),
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("OrderPlacedHandler.Handle", Unreported));

        [Fact]
        public Task An_endpoint_attribute_the_compiler_cannot_resolve_still_keeps_the_method_out()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;

                public record PlaceOrder(int OrderId);

                public static class PlaceOrderHandler
                {
                    [{|#0:WolverinePost|}("/orders")]
                    public static Task Handle(PlaceOrder command) => new HttpClient().GetAsync("https://p");
                }
                """,
                DiagnosticResult.CompilerError("CS0246").WithLocation(0).WithArguments("WolverinePostAttribute"),
                DiagnosticResult.CompilerError("CS0246").WithLocation(0).WithArguments("WolverinePost"));

        [Fact]
        public Task What_the_conventions_leave_out()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Wolverine.Attributes;

                public record OrderPlaced(int OrderId);

                // Not public, ignored, abstract, not a handler's name, a method that is not public or has no message.
                internal class InternalHandler
                {
                    public Task Handle(OrderPlaced message) => new HttpClient().GetAsync("https://a");
                }

                [WolverineIgnore]
                public class IgnoredHandler
                {
                    public Task Handle(OrderPlaced message) => new HttpClient().GetAsync("https://b");
                }

                public abstract class BaseHandler
                {
                    public Task Handle(OrderPlaced message) => new HttpClient().GetAsync("https://c");
                }

                public class Orders
                {
                    public Task Handle(OrderPlaced message) => new HttpClient().GetAsync("https://d");
                }

                // An HTTP endpoint answers its request.
                public static class PlaceOrderHandler
                {
                    [Wolverine.Http.WolverinePost("/orders")]
                    public static Task Handle(OrderPlaced command) => new HttpClient().GetAsync("https://i");
                }

                public class OrderHandler
                {
                    public Task Process(OrderPlaced message) => new HttpClient().GetAsync("https://e");
                    internal Task Handle(OrderPlaced message) => new HttpClient().GetAsync("https://f");
                    public Task Consume() => new HttpClient().GetAsync("https://g");
                    [WolverineIgnore]
                    public Task HandleAsync(OrderPlaced message) => new HttpClient().GetAsync("https://h");
                }
                """);

        [Fact]
        public Task A_send_before_save_changes_outside_a_handler()
            => Snippets.VerifyWithShopAsync<EnqueueBeforeCommitAnalyzer>("""
                using System;
                using System.Threading.Tasks;
                using Wolverine;
                using Shop;

                public record OrderPlaced(int OrderId);

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, IMessageBus bus, Order order)
                    {
                        db.Orders.Add(order);
                        await {|#0:bus.PublishAsync(new OrderPlaced(order.Id))|};
                        await {|#1:bus.SendAsync(new OrderPlaced(order.Id))|};
                        await {|#2:bus.ScheduleAsync(new OrderPlaced(order.Id), TimeSpan.FromMinutes(5))|};
                        await {|#3:bus.EndpointFor("billing").SendAsync(new OrderPlaced(order.Id))|};
                        await db.SaveChangesAsync();
                    }

                    // InvokeAsync runs the handler now, in this flow: it is not an enqueue.
                    public async Task InvokeAsync(ShopDb db, IMessageBus bus, Order order)
                    {
                        db.Orders.Add(order);
                        await bus.InvokeAsync(new OrderPlaced(order.Id));
                        await db.SaveChangesAsync();
                    }
                }
                """,
                Commit.Diagnostic("QL0004").WithLocation(0).WithArguments("Wolverine message 'OrderPlaced'", "SaveChangesAsync"),
                Commit.Diagnostic("QL0004").WithLocation(1).WithArguments("Wolverine message 'OrderPlaced'", "SaveChangesAsync"),
                Commit.Diagnostic("QL0004").WithLocation(2).WithArguments("Wolverine message 'OrderPlaced'", "SaveChangesAsync"),
                Commit.Diagnostic("QL0004").WithLocation(3).WithArguments("Wolverine message 'OrderPlaced'", "SaveChangesAsync"));

        [Fact]
        public Task Sends_that_wolverine_holds_back_until_the_commit()
            => Snippets.VerifyWithShopAsync<EnqueueBeforeCommitAnalyzer>("""
                using System.Threading.Tasks;
                using Wolverine;
                using Wolverine.EntityFrameworkCore;
                using Shop;

                public record OrderPlaced(int OrderId);
                public record PlaceOrder(int OrderId);

                // What a handler sends goes out after the handler has succeeded.
                public static class PlaceOrderHandler
                {
                    public static async Task Handle(PlaceOrder command, ShopDb db, IMessageContext bus)
                    {
                        db.Orders.Add(new Order { Id = command.OrderId });
                        await bus.PublishAsync(new OrderPlaced(command.OrderId));
                        await db.SaveChangesAsync();
                    }
                }

                public class Checkout
                {
                    public async Task PlaceAsync(IDbContextOutbox<ShopDb> outbox, Order order)
                    {
                        outbox.DbContext.Orders.Add(order);
                        await outbox.PublishAsync(new OrderPlaced(order.Id));
                        await outbox.SaveChangesAndFlushMessagesAsync();
                    }
                }
                """);

        [Fact]
        public Task An_entity_in_a_message_or_a_handled_message_property()
            => Snippets.VerifyWithShopAsync<PassEntityIdAnalyzer>("""
                using System.Threading.Tasks;
                using Wolverine;
                using Shop;

                public class OrderShipped
                {
                    public Order {|#0:Order|} { get; set; } = null!;
                }

                public static class OrderShippedHandler
                {
                    public static Task Handle(OrderShipped message) => Task.CompletedTask;
                }

                public class Shipping
                {
                    public Task ShipAsync(IMessageBus bus, Order order) => bus.PublishAsync({|#1:order|}).AsTask();
                }
                """,
                Entities.Diagnostic("QL0001").WithLocation(0),
                Entities.Diagnostic("QL0001").WithLocation(1).WithArguments("Wolverine message 'Order'", "Order", "'order.Id'"));

        [Fact]
        public Task A_secret_in_a_handled_message()
            => Secrets.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                public record InviteSent(string Email, string {|QL0005:InviteToken|});

                public class InviteSentHandler
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

                public record OrderPlaced(int OrderId);

                public static class OrderPlacedHandler
                {
                    public static async Task Handle(OrderPlaced message, HttpClient http)
                    {
                        try { await http.GetAsync("https://p/" + message.OrderId); }
                        {|#0:catch (Exception)|} { }
                    }
                }
                """,
                Swallowed.Diagnostic("QL0012").WithLocation(0).WithArguments("OrderPlacedHandler.Handle", ""));

        [Fact]
        public Task A_handler_that_repeats_an_increment_on_redelivery()
        {
            var test = new CSharpAnalyzerVerifier<NonIdempotentWriteAnalyzer>.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using System.Threading.Tasks;
                using Billing;

                public static class ChargeAccountHandler
                {
                    public static async Task Handle(ChargeAccount message, BillingDb db)
                    {
                        var account = await db.Accounts.FindAsync(message.AccountId);
                        if (account is null) return;
                        {|#0:account.Balance -= message.Amount|};
                        await db.SaveChangesAsync();
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.ExpectedDiagnostics.Add(Writes.Diagnostic("QL0030").WithLocation(0));
            return test.RunAsync();
        }

        private const string FlatRetries = """
                using System;
                using System.Net.Http;
                using JasperFx.Core;
                using Wolverine;
                using Wolverine.Attributes;
                using Wolverine.ErrorHandling;

                public record OrderPlaced(int OrderId);

                public static class Messaging
                {
                    public static void Configure(WolverineOptions opts)
                    {
                        opts.OnException<HttpRequestException>().{|#0:RetryTimes|}(3);
                        opts.OnException<TimeoutException>().{|#1:RetryWithCooldown|}(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
                        opts.Policies.OnAnyException().RetryOnce().Then.{|#2:ScheduleRetry|}(5.Seconds(), 5.Seconds()).Then.MoveToErrorQueue();
                    }
                }

                public class OrderPlacedHandler
                {
                    [{|#3:RetryNow|}(typeof(HttpRequestException), 250, 250, 250)]
                    public void Handle(OrderPlaced message) { }
                }
                """;

        [Fact]
        public Task Retries_at_once_or_after_a_flat_cooldown_are_reported()
            => Backoff.VerifyAnalyzerAsync(
                FlatRetries,
                Backoff.Diagnostic("QL0020").WithLocation(0).WithArguments("Wolverine error rule", "3 attempts, at once"),
                Backoff.Diagnostic("QL0020").WithLocation(1).WithArguments("Wolverine error rule", "3 attempts, 1 s apart"),
                Backoff.Diagnostic("QL0020").WithLocation(2).WithArguments("Wolverine error rule", "2 attempts, 5 s apart"),
                Backoff.Diagnostic("QL0020").WithLocation(3).WithArguments("Wolverine error rule", "3 attempts, 250 ms apart"));

        [Fact]
        public Task Retries_at_once_or_after_a_flat_cooldown_grow()
            => Backoff.VerifyCodeFixAsync(FlatRetries.Replace("{|#0:", "{|QL0020:").Replace("{|#1:", "{|QL0020:").Replace("{|#2:", "{|QL0020:").Replace("{|#3:", "{|QL0020:"), """
                using System;
                using System.Net.Http;
                using JasperFx.Core;
                using Wolverine;
                using Wolverine.Attributes;
                using Wolverine.ErrorHandling;

                public record OrderPlaced(int OrderId);

                public static class Messaging
                {
                    public static void Configure(WolverineOptions opts)
                    {
                        opts.OnException<HttpRequestException>().RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400));
                        opts.OnException<TimeoutException>().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
                        opts.Policies.OnAnyException().RetryOnce().Then.ScheduleRetry(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)).Then.MoveToErrorQueue();
                    }
                }

                public class OrderPlacedHandler
                {
                    [RetryNow(typeof(HttpRequestException), 250, 500, 1000)]
                    public void Handle(OrderPlaced message) { }
                }
                """);

        [Fact]
        public Task Growing_cooldowns_a_single_retry_and_concurrency_conflicts_are_quiet()
            => Backoff.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using JasperFx.Core;
                using Microsoft.EntityFrameworkCore;
                using Wolverine;
                using Wolverine.Attributes;
                using Wolverine.ErrorHandling;

                public static class Messaging
                {
                    public static void Configure(WolverineOptions opts)
                    {
                        opts.OnException<HttpRequestException>().RetryWithCooldown(50.Milliseconds(), 100.Milliseconds(), 250.Milliseconds());
                        opts.OnException<TimeoutException>().RetryOnce().Then.ScheduleRetry(1.Minutes(), 5.Minutes(), 30.Minutes());
                        opts.OnException<InvalidOperationException>().RetryTimes(1);
                        opts.OnException<DbUpdateConcurrencyException>().RetryTimes(5);
                    }
                }

                public record OrderPlaced(int OrderId);

                public class OrderPlacedHandler
                {
                    [ScheduleRetry(typeof(TimeoutException), 5, 30, 300)]
                    public void Handle(OrderPlaced message) { }
                }
                """);

        private const string EndlessRetries = """
                using System;
                using System.Net.Http;
                using Wolverine;
                using Wolverine.ErrorHandling;

                public static class Messaging
                {
                    public static void Configure(WolverineOptions opts)
                    {
                        opts.OnException<HttpRequestException>().{|#0:ScheduleRetryIndefinitely|}(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));
                        opts.OnException<TimeoutException>().{|#1:RequeueIndefinitely|}();
                    }
                }
                """;

        [Fact]
        public Task Retries_without_end_are_reported()
            => Bounded.VerifyAnalyzerAsync(
                EndlessRetries,
                Bounded.Diagnostic("QL0021").WithLocation(0).WithArguments("Wolverine error rule", "forever, growing delays", "10"),
                Bounded.Diagnostic("QL0021").WithLocation(1).WithArguments("Wolverine error rule", "forever, delays not known", "10"));

        [Fact]
        public Task Retries_without_end_are_bounded()
            => Bounded.VerifyCodeFixAsync(EndlessRetries.Replace("{|#0:", "{|QL0021:").Replace("{|#1:", "{|QL0021:"), """
                using System;
                using System.Net.Http;
                using Wolverine;
                using Wolverine.ErrorHandling;

                public static class Messaging
                {
                    public static void Configure(WolverineOptions opts)
                    {
                        opts.OnException<HttpRequestException>().ScheduleRetry(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));
                        opts.OnException<TimeoutException>().Requeue(10);
                    }
                }
                """);

        [Fact]
        public Task A_static_handler_gets_a_logger_parameter_Wolverine_resolves()
            => ReportFix.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;

                public record OrderPlaced(int OrderId);
                public record OrderShipped(int OrderId);

                public static class OrderPlacedHandler
                {
                    public static Task {|QL0011:Handle|}(OrderPlaced message, HttpClient http) => http.GetAsync("https://p/" + message.OrderId);

                    public static async Task {|QL0011:Handle|}(OrderShipped message, HttpClient http)
                    {
                        await http.GetAsync("https://s/" + message.OrderId);
                    }
                }
                """, """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Logging;

                public record OrderPlaced(int OrderId);
                public record OrderShipped(int OrderId);

                public static class OrderPlacedHandler
                {
                    public static async Task Handle(OrderPlaced message, HttpClient http, ILogger<OrderPlaced> logger)
                    {
                        try
                        {
                            await http.GetAsync("https://p/" + message.OrderId);
                        }
                        catch (Exception ex)
                        {
                            logger.LogError(ex, "Job {Job} failed", "OrderPlacedHandler.Handle");
                            throw;
                        }
                    }

                    public static async Task Handle(OrderShipped message, HttpClient http, ILogger<OrderShipped> logger)
                    {
                        try
                        {
                            await http.GetAsync("https://s/" + message.OrderId);
                        }
                        catch (Exception ex)
                        {
                            logger.LogError(ex, "Job {Job} failed", "OrderPlacedHandler.Handle");
                            throw;
                        }
                    }
                }
                """);
    }
}
