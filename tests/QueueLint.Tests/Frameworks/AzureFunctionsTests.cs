using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using QueueLint.Rules;
using QueueLint.Tests.Rules;
using QueueLint.Tests.Verifiers;
using Commit = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.EnqueueBeforeCommitAnalyzer>;
using Cancellation = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ObserveCancellationAnalyzer>;
using Entities = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.PassEntityIdAnalyzer>;
using Failures = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ReportJobFailuresAnalyzer>;
using Gone = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.EntityMayBeGoneAnalyzer>;
using Secrets = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.SecretInPayloadAnalyzer>;
using ReportFix = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.ReportJobFailuresAnalyzer, QueueLint.CodeFixes.Rules.ReportJobFailuresFixer>;
using BackoffFix = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.RetryWithoutBackoffAnalyzer, QueueLint.CodeFixes.Rules.RetryWithoutBackoffFixer>;
using BoundFix = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.UnboundedRetriesAnalyzer, QueueLint.CodeFixes.Rules.UnboundedRetriesFixer>;
using Jitter = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ExponentialWithoutJitterAnalyzer>;
using Writes = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.NonIdempotentWriteAnalyzer>;

namespace QueueLint.Tests.Frameworks
{
    /// <summary>
    /// Azure Functions through the model's words: a <c>[Function]</c> (isolated worker) or <c>[FunctionName]</c>
    /// (in-process) method bound to a queue, Service Bus (isolated) or timer trigger is an entry point, static or not; its message type is
    /// a consumed message; HTTP-triggered functions are not background work.
    /// </summary>
    public class AzureFunctionsTests
    {
        private const string QueueUnreported = "the Functions host logs it at each attempt, delivers the message again at once (5 deliveries by default) and then moves it to the '<queue>-poison' queue; nothing in the application reports it";

        private const string ServiceBusUnreported = "the Functions host logs it and abandons the message, which Service Bus delivers again at once until its maximum delivery count (10 by default) and then moves to the dead-letter queue; nothing in the application reports it";

        private const string TimerUnreported = "the Functions host logs it and does not run the function again before its next occurrence; nothing in the application reports it";

        [Fact]
        public Task Queue_and_timer_functions_whose_failure_nothing_reports()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;
                using Microsoft.Azure.Functions.Worker.Http;

                public record OrderPlaced(int OrderId);

                public class OrderFunctions
                {
                    [Function("order-placed")]
                    public Task {|#0:OnPlaced|}([QueueTrigger("orders")] OrderPlaced message) => new HttpClient().GetAsync("https://p/" + message.OrderId);

                    [Function("nightly")]
                    public static Task {|#1:Nightly|}([TimerTrigger("0 0 2 * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://n/");

                    // Not background work: the caller sees the failure as a 500.
                    [Function("order")]
                    public Task<HttpResponseMessage> Get([HttpTrigger(AuthorizationLevel.Function, "get")] HttpRequestData request) => new HttpClient().GetAsync("https://g/");

                    // Not a function: the host runs only methods that carry [Function].
                    public Task Helper([QueueTrigger("orders")] OrderPlaced message) => new HttpClient().GetAsync("https://h/" + message.OrderId);
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("OrderFunctions.OnPlaced", QueueUnreported),
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("OrderFunctions.Nightly", TimerUnreported));

        [Fact]
        public Task Service_bus_functions_whose_failure_nothing_reports()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;

                public record PaymentReceived(int OrderId);

                public class Payments
                {
                    [Function("payment-received")]
                    public Task {|#0:OnReceived|}([ServiceBusTrigger("payments", Connection = "Bus")] PaymentReceived message) => new HttpClient().GetAsync("https://p/" + message.OrderId);

                    [Function("payment-audited")]
                    public static Task {|#1:OnAudited|}([ServiceBusTrigger("payments", "audit", Connection = "Bus")] string body) => new HttpClient().GetAsync("https://a/" + body);
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Payments.OnReceived", ServiceBusUnreported),
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("Payments.OnAudited", ServiceBusUnreported));

        [Fact]
        public Task An_entity_in_a_service_bus_message_property()
            => Snippets.VerifyWithShopAsync<PassEntityIdAnalyzer>("""
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;
                using Shop;

                public class OrderPaid
                {
                    public Order {|#0:Order|} { get; set; } = null!;
                }

                public class Paying
                {
                    [Function("order-paid")]
                    public Task OnPaid([ServiceBusTrigger("paid", Connection = "Bus")] OrderPaid message) => Task.CompletedTask;
                }
                """,
                Entities.Diagnostic("QL0001").WithLocation(0));

        [Fact]
        public Task In_process_queue_and_timer_functions_whose_failure_nothing_reports()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;

                public static class OrderFunctions
                {
                    [FunctionName("order-placed")]
                    public static Task {|#0:OnPlaced|}([QueueTrigger("orders")] string orderId) => new HttpClient().GetAsync("https://p/" + orderId);

                    [FunctionName("nightly")]
                    public static Task {|#1:Nightly|}([TimerTrigger("0 0 2 * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://n/");
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("OrderFunctions.OnPlaced", QueueUnreported),
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("OrderFunctions.Nightly", TimerUnreported));

        [Fact]
        public Task A_log_call_that_drops_the_exception_in_an_in_process_function()
            => CSharpAnalyzerVerifier<SwallowedExceptionAnalyzer>.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Extensions.Logging;

                // The WebJobs host declares a LoggerExtensions of its own in Microsoft.Extensions.Logging: LogWarning is
                // still the logging abstractions' own, and it is given no exception here.
                public static class OrderFunctions
                {
                    [FunctionName("order-placed")]
                    public static async Task OnPlaced([QueueTrigger("orders")] string orderId, ILogger log)
                    {
                        try
                        {
                            await new HttpClient().GetAsync("https://p/" + orderId);
                        }
                        {|#0:catch (Exception)|}
                        {
                            log.LogWarning("Order {OrderId} failed", orderId);
                        }
                    }
                }
                """,
                CSharpAnalyzerVerifier<SwallowedExceptionAnalyzer>.Diagnostic("QL0012").WithLocation(0).WithArguments("OrderFunctions.OnPlaced", " (its log call drops the exception object)"));

        [Fact]
        public Task A_worker_middleware_that_catches_reports_every_function_failure()
            => Failures.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;
                using Microsoft.Azure.Functions.Worker.Middleware;

                public record OrderPlaced(int OrderId);

                public class OrderFunctions
                {
                    [Function("order-placed")]
                    public Task OnPlaced([QueueTrigger("orders")] OrderPlaced message) => new HttpClient().GetAsync("https://p/" + message.OrderId);
                }

                public class FailureReporting : IFunctionsWorkerMiddleware
                {
                    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
                    {
                        try
                        {
                            await next(context);
                        }
                        catch (Exception exception)
                        {
                            Console.Error.WriteLine(context.FunctionDefinition.Name + ": " + exception);
                            throw;
                        }
                    }
                }
                """);

        [Fact]
        public Task A_worker_middleware_that_catches_nothing_reports_nothing()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;
                using Microsoft.Azure.Functions.Worker.Middleware;

                public record OrderPlaced(int OrderId);

                public class OrderFunctions
                {
                    [Function("order-placed")]
                    public Task {|#0:OnPlaced|}([QueueTrigger("orders")] OrderPlaced message) => new HttpClient().GetAsync("https://p/" + message.OrderId);
                }

                public class Correlation : IFunctionsWorkerMiddleware
                {
                    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
                    {
                        context.Items["correlation"] = context.InvocationId;
                        return next(context);
                    }
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("OrderFunctions.OnPlaced", QueueUnreported));

        [Fact]
        public Task An_in_process_exception_filter_reports_every_function_failure()
            => Failures.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Azure.WebJobs.Host;

                public static class OrderFunctions
                {
                    [FunctionName("order-placed")]
                    public static Task OnPlaced([QueueTrigger("orders")] string orderId) => new HttpClient().GetAsync("https://p/" + orderId);
                }

                #pragma warning disable CS0618 // the filters are marked preview in WebJobs 3
                public class FailureReporting : IFunctionExceptionFilter
                {
                    public Task OnExceptionAsync(FunctionExceptionContext exceptionContext, CancellationToken cancellationToken)
                    {
                        Console.Error.WriteLine(exceptionContext.FunctionName + ": " + exceptionContext.Exception);
                        return Task.CompletedTask;
                    }
                }
                """);

        [Fact]
        public Task An_entity_in_a_queue_message_property()
            => Snippets.VerifyWithShopAsync<PassEntityIdAnalyzer>("""
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;
                using Shop;

                public class OrderShipped
                {
                    public Order {|#0:Order|} { get; set; } = null!;
                }

                // A message read as text is no contract of the application's.
                public class Shipping
                {
                    [Function("order-shipped")]
                    public Task OnShipped([QueueTrigger("shipped")] OrderShipped message) => Task.CompletedTask;

                    [Function("order-text")]
                    public Task OnText([QueueTrigger("text")] string message) => Task.CompletedTask;
                }
                """,
                Entities.Diagnostic("QL0001").WithLocation(0));

        [Fact]
        public Task A_secret_in_a_queue_message()
            => Secrets.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;

                public record InviteSent(string Email, string {|QL0005:InviteToken|});

                public static class Invites
                {
                    [FunctionName("invite-sent")]
                    public static Task OnSent([QueueTrigger("invites")] InviteSent message) => Task.CompletedTask;
                }
                """);

        [Theory]
        [InlineData("QueueTrigger(\"bills\")")]
        [InlineData("ServiceBusTrigger(\"bills\", Connection = \"Bus\")")]
        public Task A_queue_or_service_bus_function_that_assumes_the_entity_is_there(string trigger)
            => Snippets.VerifyWithShopAsync<EntityMayBeGoneAnalyzer>($$"""
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;
                using Shop;

                public class Billing
                {
                    private readonly ShopDb _db;
                    public Billing(ShopDb db) => _db = db;

                    [Function("bill")]
                    public async Task Bill([{{trigger}}] int orderId)
                    {
                        var order = await {|#0:_db.Orders.FindAsync(orderId)|};
                        order.Total += 1;
                    }
                }
                """,
                Gone.Diagnostic("QL0040").WithLocation(0).WithArguments("'order' from 'FindAsync' is used without a null check", "Order"));

        [Fact]
        public Task A_queue_function_that_repeats_an_increment_on_redelivery()
        {
            var test = new CSharpAnalyzerVerifier<NonIdempotentWriteAnalyzer>.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Billing;

                public class Charge
                {
                    private readonly BillingDb _db;
                    public Charge(BillingDb db) => _db = db;

                    [FunctionName("charge")]
                    public async Task OnCharge([QueueTrigger("charges")] ChargeAccount message)
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
        public Task A_function_that_does_not_pass_its_context_token_on()
            => Snippets.VerifyWithShopAsync<ObserveCancellationAnalyzer>("""
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;
                using Shop;

                public class Totals
                {
                    private readonly ShopDb _db;
                    public Totals(ShopDb db) => _db = db;

                    [Function("totals")]
                    public async Task {|#0:Recompute|}([TimerTrigger("0 */5 * * * *")] TimerInfo timer, FunctionContext context)
                    {
                        foreach (var order in _db.Orders)
                        {
                            order.Total = 0;
                        }

                        await _db.{|#1:SaveChangesAsync|}();
                    }

                    // CA2016 asks for the token of a method that takes one.
                    [Function("totals-token")]
                    public async Task RecomputeWithToken([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken token)
                    {
                        await _db.SaveChangesAsync();
                    }
                }
                """,
                Cancellation.Diagnostic("QL0050").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithLocation(1));

        [Fact]
        public Task A_static_in_process_function_gets_the_logger_parameter_the_host_binds()
            => ReportFix.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;

                public static class OrderFunctions
                {
                    [FunctionName("order-placed")]
                    public static Task {|QL0011:OnPlaced|}([QueueTrigger("orders")] string orderId) => new HttpClient().GetAsync("https://p/" + orderId);

                    [FunctionName("nightly")]
                    public static async Task {|QL0011:Nightly|}([TimerTrigger("0 0 2 * * *")] TimerInfo timer)
                    {
                        await new HttpClient().GetAsync("https://n/");
                    }
                }
                """, """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Extensions.Logging;

                public static class OrderFunctions
                {
                    [FunctionName("order-placed")]
                    public static async Task OnPlaced([QueueTrigger("orders")] string orderId, ILogger log)
                    {
                        try
                        {
                            await new HttpClient().GetAsync("https://p/" + orderId);
                        }
                        catch (Exception ex)
                        {
                            log.LogError(ex, "Job {Job} failed for {OrderId}", "OrderFunctions.OnPlaced", orderId);
                            throw;
                        }
                    }

                    [FunctionName("nightly")]
                    public static async Task Nightly([TimerTrigger("0 0 2 * * *")] TimerInfo timer, ILogger log)
                    {
                        try
                        {
                            await new HttpClient().GetAsync("https://n/");
                        }
                        catch (Exception ex)
                        {
                            log.LogError(ex, "Job {Job} failed", "OrderFunctions.Nightly");
                            throw;
                        }
                    }
                }
                """);

        [Fact]
        public Task An_isolated_function_class_gets_a_logger_from_the_container()
            => ReportFix.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;

                public record OrderPlaced(int OrderId);

                public class OrderFunctions
                {
                    [Function("order-placed")]
                    public Task {|QL0011:OnPlaced|}([QueueTrigger("orders")] OrderPlaced message) => new HttpClient().GetAsync("https://p/" + message.OrderId);
                }
                """, """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;
                using Microsoft.Extensions.Logging;

                public record OrderPlaced(int OrderId);

                public class OrderFunctions
                {
                    private readonly ILogger<OrderFunctions> _logger;

                    public OrderFunctions(ILogger<OrderFunctions> logger) => _logger = logger;

                    [Function("order-placed")]
                    public async Task OnPlaced([QueueTrigger("orders")] OrderPlaced message)
                    {
                        try
                        {
                            await new HttpClient().GetAsync("https://p/" + message.OrderId);
                        }
                        catch (Exception ex)
                        {
                            _logger.LogError(ex, "Job {Job} failed", "OrderFunctions.OnPlaced");
                            throw;
                        }
                    }
                }
                """);

        [Fact]
        public Task A_message_added_to_a_bound_queue_before_the_commit()
            => Snippets.VerifyWithShopAsync<EnqueueBeforeCommitAnalyzer>("""
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Shop;

                public record OrderPlaced(int OrderId);

                public class Checkout
                {
                    private readonly ShopDb _db;
                    public Checkout(ShopDb db) => _db = db;

                    [FunctionName("checkout")]
                    public async Task Place([QueueTrigger("carts")] int cartId, [Queue("orders")] IAsyncCollector<OrderPlaced> orders)
                    {
                        var order = new Order { Id = cartId };
                        _db.Orders.Add(order);
                        await {|#0:orders.AddAsync(new OrderPlaced(order.Id))|};
                        await _db.SaveChangesAsync();
                    }

                    [FunctionName("checkout-sync")]
                    public void PlaceNow([QueueTrigger("carts-sync")] int cartId, [Queue("orders")] ICollector<OrderPlaced> orders)
                    {
                        var order = new Order { Id = cartId };
                        _db.Orders.Add(order);
                        {|#1:orders.Add(new OrderPlaced(order.Id))|};
                        _db.SaveChanges();
                    }

                    // After the commit: the message finds the order.
                    [FunctionName("checkout-after")]
                    public async Task PlaceAfter([QueueTrigger("carts-after")] int cartId, [Queue("orders")] IAsyncCollector<OrderPlaced> orders)
                    {
                        var order = new Order { Id = cartId };
                        _db.Orders.Add(order);
                        await _db.SaveChangesAsync();
                        await orders.AddAsync(new OrderPlaced(order.Id));
                    }
                }
                """,
                Commit.Diagnostic("QL0004").WithLocation(0).WithArguments("queue message 'OrderPlaced'", "SaveChangesAsync"),
                Commit.Diagnostic("QL0004").WithLocation(1).WithArguments("queue message 'OrderPlaced'", "SaveChanges"));

        [Fact]
        public Task An_entity_added_to_a_bound_queue()
            => Snippets.VerifyWithShopAsync<PassEntityIdAnalyzer>("""
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Shop;

                public static class Shipping
                {
                    [FunctionName("ship")]
                    public static Task Ship([QueueTrigger("to-ship")] int orderId, [Queue("shipped")] IAsyncCollector<Order> shipped)
                        => shipped.AddAsync({|#0:new Order { Id = orderId }|});
                }
                """,
                Entities.Diagnostic("QL0001").WithLocation(0).WithArguments("queue message 'Order'", "Order", "its key 'Id'"));

        [Fact]
        public Task A_fixed_delay_retry_on_a_timer_function_grows_exponentially()
            => BackoffFix.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;

                public class Reports
                {
                    [Function("nightly")]
                    [{|#0:FixedDelayRetry|}(5, "00:00:10")]
                    public Task Nightly([TimerTrigger("0 0 2 * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://n/");

                    [Function("hourly")]
                    [{|#1:Microsoft.Azure.Functions.Worker.FixedDelayRetryAttribute|}(-1, "00:10:00")]
                    public Task Hourly([TimerTrigger("0 0 * * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://h/");

                    // The host ignores retry attributes on queue triggers (the worker's build says so, AZFW0012).
                    [Function("queued")]
                    [FixedDelayRetry(5, "00:00:10")]
                    public Task Queued([QueueTrigger("work")] string item) => new HttpClient().GetAsync("https://q/" + item);

                    // A single retry has one delay: nothing to grow.
                    [Function("once")]
                    [FixedDelayRetry(1, "00:00:10")]
                    public Task Once([TimerTrigger("0 0 3 * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://o/");
                }
                """,
                """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;

                public class Reports
                {
                    [Function("nightly")]
                    [ExponentialBackoffRetry(5, "00:00:10", "00:02:40")]
                    public Task Nightly([TimerTrigger("0 0 2 * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://n/");

                    [Function("hourly")]
                    [Microsoft.Azure.Functions.Worker.ExponentialBackoffRetryAttribute(-1, "00:10:00", "01:00:00")]
                    public Task Hourly([TimerTrigger("0 0 * * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://h/");

                    // The host ignores retry attributes on queue triggers (the worker's build says so, AZFW0012).
                    [Function("queued")]
                    [FixedDelayRetry(5, "00:00:10")]
                    public Task Queued([QueueTrigger("work")] string item) => new HttpClient().GetAsync("https://q/" + item);

                    // A single retry has one delay: nothing to grow.
                    [Function("once")]
                    [FixedDelayRetry(1, "00:00:10")]
                    public Task Once([TimerTrigger("0 0 3 * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://o/");
                }
                """,
                BackoffFix.Diagnostic("QL0020").WithLocation(0).WithArguments("Azure Functions retry policy", "5 attempts, 10 s apart"),
                BackoffFix.Diagnostic("QL0020").WithLocation(1).WithArguments("Azure Functions retry policy", "forever, 10 min apart"));

        [Fact]
        public Task An_unbounded_retry_on_an_in_process_timer_function_is_bounded()
            => BoundFix.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;

                public static class Reports
                {
                    [FunctionName("nightly")]
                    [ExponentialBackoffRetry({|#0:-1|}, "00:00:04", "00:15:00")]
                    public static Task Nightly([TimerTrigger("0 0 2 * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://n/");

                    [FunctionName("hourly")]
                    [ExponentialBackoffRetry(5, "00:00:04", "00:15:00")]
                    public static Task Hourly([TimerTrigger("0 0 * * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://h/");
                }
                """,
                """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;

                public static class Reports
                {
                    [FunctionName("nightly")]
                    [ExponentialBackoffRetry(10, "00:00:04", "00:15:00")]
                    public static Task Nightly([TimerTrigger("0 0 2 * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://n/");

                    [FunctionName("hourly")]
                    [ExponentialBackoffRetry(5, "00:00:04", "00:15:00")]
                    public static Task Hourly([TimerTrigger("0 0 * * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://h/");
                }
                """,
                BoundFix.Diagnostic("QL0021").WithLocation(0).WithArguments("Azure Functions retry policy", "forever, exponential delays with jitter", "10"));

        [Fact]
        public Task Exponential_backoff_retry_has_its_jitter()
            => Jitter.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;

                public class Reports
                {
                    [Function("nightly")]
                    [ExponentialBackoffRetry(5, "00:00:04", "00:15:00")]
                    public Task Nightly([TimerTrigger("0 0 2 * * *")] TimerInfo timer) => new HttpClient().GetAsync("https://n/");
                }
                """);
    }
}
