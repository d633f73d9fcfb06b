using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using QueueLint.Rules;
using QueueLint.Tests.Rules;
using QueueLint.Tests.Verifiers;
using Commit = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.EnqueueBeforeCommitAnalyzer>;
using Entities = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.PassEntityIdAnalyzer>;
using Failures = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ReportJobFailuresAnalyzer>;
using Gone = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.EntityMayBeGoneAnalyzer>;
using Secrets = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.SecretInPayloadAnalyzer>;
using Writes = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.NonIdempotentWriteAnalyzer>;

namespace QueueLint.Tests.Frameworks
{
    /// <summary>
    /// Durable activities through the model's words: an <c>[ActivityTrigger]</c> function (in-process or isolated) and a
    /// Durable Task SDK <c>TaskActivity&lt;TInput, TOutput&gt;</c> are entry points, whose failure goes back to the
    /// orchestration that called them; the input an orchestration hands an activity or a sub-orchestration, and the
    /// input a client starts an orchestration with, are payload; orchestrator functions are not job code.
    /// </summary>
    public class DurableActivityTests
    {
        [Fact]
        public Task Activities_of_both_models_and_class_based_ones_are_job_code()
            => Snippets.VerifyWithShopAsync<EntityMayBeGoneAnalyzer>("""
                using System.Threading.Tasks;
                using Shop;

                namespace InProcess
                {
                    using Microsoft.Azure.WebJobs;
                    using Microsoft.Azure.WebJobs.Extensions.DurableTask;

                    public class Billing
                    {
                        private readonly ShopDb _db;
                        public Billing(ShopDb db) => _db = db;

                        [FunctionName("bill")]
                        public async Task Bill([ActivityTrigger] int orderId)
                        {
                            var order = await {|#0:_db.Orders.FindAsync(orderId)|};
                            order.Total += 1;
                        }

                        // An orchestrator replays its code and does no work of its own: not job code.
                        [FunctionName("billing")]
                        public async Task Orchestrate([OrchestrationTrigger] IDurableOrchestrationContext context)
                        {
                            var order = await _db.Orders.FindAsync(context.GetInput<int>());
                            await context.CallActivityAsync("bill", order.Id);
                        }
                    }
                }

                namespace Isolated
                {
                    using Microsoft.Azure.Functions.Worker;

                    public class Billing
                    {
                        private readonly ShopDb _db;
                        public Billing(ShopDb db) => _db = db;

                        [Function("bill-isolated")]
                        public async Task Bill([ActivityTrigger] int orderId)
                        {
                            var order = await {|#1:_db.Orders.FindAsync(orderId)|};
                            order.Total += 1;
                        }
                    }
                }

                namespace ClassBased
                {
                    using Microsoft.DurableTask;

                    public class BillActivity : TaskActivity<int, bool>
                    {
                        private readonly ShopDb _db;
                        public BillActivity(ShopDb db) => _db = db;

                        public override async Task<bool> RunAsync(TaskActivityContext context, int orderId)
                        {
                            var order = await {|#2:_db.Orders.FindAsync(orderId)|};
                            order.Total += 1;
                            return true;
                        }
                    }
                }
                """,
                Gone.Diagnostic("QL0040").WithLocation(0).WithArguments("'order' from 'FindAsync' is used without a null check", "Order"),
                Gone.Diagnostic("QL0040").WithLocation(1).WithArguments("'order' from 'FindAsync' is used without a null check", "Order"),
                Gone.Diagnostic("QL0040").WithLocation(2).WithArguments("'order' from 'FindAsync' is used without a null check", "Order"));

        [Fact]
        public Task An_activity_that_repeats_an_increment_when_it_runs_again()
        {
            var test = new CSharpAnalyzerVerifier<NonIdempotentWriteAnalyzer>.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Azure.WebJobs.Extensions.DurableTask;
                using Billing;

                public record ChargeInput(int AccountId, decimal Amount);

                public class Charge
                {
                    private readonly BillingDb _db;
                    public Charge(BillingDb db) => _db = db;

                    [FunctionName("charge")]
                    public async Task Run([ActivityTrigger] ChargeInput input)
                    {
                        var account = await _db.Accounts.FindAsync(input.AccountId);
                        if (account is null) return;
                        {|#0:account.Balance -= input.Amount|};
                        await _db.SaveChangesAsync();
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.ExpectedDiagnostics.Add(Writes.Diagnostic("QL0030").WithLocation(0));
            return test.RunAsync();
        }

        [Fact]
        public Task An_activity_failure_goes_back_to_its_orchestration_and_is_not_asked_to_be_reported()
            => Failures.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Azure.WebJobs.Extensions.DurableTask;

                public static class Notify
                {
                    [FunctionName("notify")]
                    public static Task Send([ActivityTrigger] string address) => new HttpClient().GetAsync("https://n/" + address);

                    [FunctionName("notify-queue")]
                    public static Task {|#0:FromQueue|}([QueueTrigger("notify")] string address) => new HttpClient().GetAsync("https://q/" + address);
                }

                public class NotifyActivity : Microsoft.DurableTask.TaskActivity<string, bool>
                {
                    public override async Task<bool> RunAsync(Microsoft.DurableTask.TaskActivityContext context, string address)
                    {
                        await new HttpClient().GetAsync("https://c/" + address);
                        return true;
                    }
                }
                """,
                Failures.Diagnostic("QL0011").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments(
                    "Notify.FromQueue",
                    "the Functions host logs it at each attempt, delivers the message again at once (5 deliveries by default) and then moves it to the '<queue>-poison' queue; nothing in the application reports it"));

        [Fact]
        public Task An_entity_handed_to_an_activity_a_sub_orchestration_or_a_new_orchestration()
            => Snippets.VerifyWithShopAsync<PassEntityIdAnalyzer>("""
                using System.Threading.Tasks;
                using Shop;

                namespace InProcess
                {
                    using Microsoft.Azure.WebJobs;
                    using Microsoft.Azure.WebJobs.Extensions.DurableTask;

                    public class Fulfilment
                    {
                        private readonly ShopDb _db;
                        public Fulfilment(ShopDb db) => _db = db;

                        [FunctionName("fulfil")]
                        public async Task Run([OrchestrationTrigger] IDurableOrchestrationContext context)
                        {
                            var order = context.GetInput<Order>();
                            await context.CallActivityAsync("ship", {|#0:order|});
                            await context.CallActivityWithRetryAsync("pack", new RetryOptions(System.TimeSpan.FromSeconds(5), 3) { BackoffCoefficient = 2 }, {|#1:order|});
                            await context.CallSubOrchestratorAsync("invoice", {|#2:order|});

                            // Keys, and no input at all: quiet.
                            await context.CallActivityAsync("ship", order.Id);
                            await context.CallActivityAsync("audit", null);
                        }

                        [FunctionName("fulfil-start")]
                        public async Task Start([QueueTrigger("paid")] int orderId, [DurableClient] IDurableOrchestrationClient client)
                        {
                            var order = await _db.Orders.FindAsync(orderId);
                            await client.StartNewAsync("fulfil", {|#3:order|});
                        }
                    }
                }

                namespace Isolated
                {
                    using Microsoft.Azure.Functions.Worker;
                    using Microsoft.DurableTask;
                    using Microsoft.DurableTask.Client;

                    public class Fulfilment
                    {
                        private readonly ShopDb _db;
                        public Fulfilment(ShopDb db) => _db = db;

                        [Function("fulfil-isolated")]
                        public async Task Run([OrchestrationTrigger] TaskOrchestrationContext context, Order order)
                        {
                            await context.CallActivityAsync("ship", {|#4:order|});
                            await context.CallActivityAsync("ship", order.Id);
                            await context.CallActivityAsync("audit");
                        }

                        [Function("fulfil-isolated-start")]
                        public async Task Start([QueueTrigger("paid-isolated")] int orderId, [DurableClient] DurableTaskClient client)
                        {
                            var order = await _db.Orders.FindAsync(orderId);
                            await client.ScheduleNewOrchestrationInstanceAsync("fulfil-isolated", {|#5:order|});
                        }
                    }
                }
                """,
                Entities.Diagnostic("QL0001").WithLocation(0).WithArguments("Durable activity input 'Order'", "Order", "'order.Id'"),
                Entities.Diagnostic("QL0001").WithLocation(1).WithArguments("Durable activity input 'Order'", "Order", "'order.Id'"),
                Entities.Diagnostic("QL0001").WithLocation(2).WithArguments("Durable orchestration input 'Order'", "Order", "'order.Id'"),
                Entities.Diagnostic("QL0001").WithLocation(3).WithArguments("Durable orchestration input 'Order'", "Order", "'order.Id'"),
                Entities.Diagnostic("QL0001").WithLocation(4).WithArguments("Durable activity input 'Order'", "Order", "'order.Id'"),
                Entities.Diagnostic("QL0001").WithLocation(5).WithArguments("Durable orchestration input 'Order'", "Order", "'order.Id'"));

        [Fact]
        public Task An_entity_in_an_activity_input_type()
            => Snippets.VerifyWithShopAsync<PassEntityIdAnalyzer>("""
                using System.Threading.Tasks;
                using Microsoft.Azure.Functions.Worker;
                using Shop;

                public class ShipInput
                {
                    public Order {|#0:Order|} { get; set; } = null!;
                    public int Priority { get; set; }
                }

                public class Shipping
                {
                    [Function("ship")]
                    public Task Ship([ActivityTrigger] ShipInput input) => Task.CompletedTask;
                }
                """,
                Entities.Diagnostic("QL0001").WithLocation(0));

        [Fact]
        public Task A_secret_in_an_activity_input_type()
            => Secrets.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Azure.WebJobs.Extensions.DurableTask;

                public record ConnectInput(string Host, string {|QL0005:ApiKey|});

                public static class Connect
                {
                    [FunctionName("connect")]
                    public static Task Run([ActivityTrigger] ConnectInput input) => Task.CompletedTask;
                }
                """);

        [Fact]
        public Task An_orchestration_started_before_the_commit()
            => Snippets.VerifyWithShopAsync<EnqueueBeforeCommitAnalyzer>("""
                using System.Threading.Tasks;
                using Shop;

                public record FulfilOrder(int OrderId);

                namespace InProcess
                {
                    using Microsoft.Azure.WebJobs;
                    using Microsoft.Azure.WebJobs.Extensions.DurableTask;

                    public class Checkout
                    {
                        private readonly ShopDb _db;
                        public Checkout(ShopDb db) => _db = db;

                        [FunctionName("checkout")]
                        public async Task Place([QueueTrigger("carts")] int cartId, [DurableClient] IDurableOrchestrationClient client)
                        {
                            var order = new Order { Id = cartId };
                            _db.Orders.Add(order);
                            await {|#0:client.StartNewAsync("fulfil", new FulfilOrder(order.Id))|};
                            await _db.SaveChangesAsync();
                        }

                        // After the commit: the orchestration finds the order.
                        [FunctionName("checkout-after")]
                        public async Task PlaceAfter([QueueTrigger("carts-after")] int cartId, [DurableClient] IDurableOrchestrationClient client)
                        {
                            var order = new Order { Id = cartId };
                            _db.Orders.Add(order);
                            await _db.SaveChangesAsync();
                            await client.StartNewAsync("fulfil", new FulfilOrder(order.Id));
                        }
                    }
                }

                namespace Isolated
                {
                    using Microsoft.Azure.Functions.Worker;
                    using Microsoft.DurableTask.Client;

                    public class Checkout
                    {
                        private readonly ShopDb _db;
                        public Checkout(ShopDb db) => _db = db;

                        [Function("checkout-isolated")]
                        public async Task Place([QueueTrigger("carts-isolated")] int cartId, [DurableClient] DurableTaskClient client)
                        {
                            var order = new Order { Id = cartId };
                            _db.Orders.Add(order);
                            await {|#1:client.ScheduleNewOrchestrationInstanceAsync("fulfil", new FulfilOrder(order.Id))|};
                            _db.SaveChanges();
                        }
                    }
                }
                """,
                Commit.Diagnostic("QL0004").WithLocation(0).WithArguments("Durable orchestration input 'FulfilOrder'", "SaveChangesAsync"),
                Commit.Diagnostic("QL0004").WithLocation(1).WithArguments("Durable orchestration input 'FulfilOrder'", "SaveChanges"));
    }
}
