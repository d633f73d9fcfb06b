using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using QueueLint.Tests.Verifiers;
using Analyze = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ObserveCancellationAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0050ObserveCancellationTests
    {
        private static DiagnosticResult Finding(int location, string what, string advice)
            => Analyze.Diagnostic("QL0050").WithLocation(location).WithSeverity(DiagnosticSeverity.Info).WithMessage(what + ", so shutdown waits for it; " + advice);

        /// <summary>A finding on a method's name, with the calls and loops that ignore its token as additional locations.</summary>
        private static DiagnosticResult Finding(int method, int[] places, string what, string advice)
        {
            var result = Finding(method, what, advice);
            foreach (var place in places)
            {
                result = result.WithLocation(place);
            }

            return result;
        }

        [Fact]
        public Task Hangfire_job_methods_that_await_or_loop_without_a_token_parameter()
            => Analyze.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using Hangfire.Server;

                public class Jobs
                {
                    private readonly HttpClient _http = new();

                    public async Task {|#0:Sync|}(int id) => await _http.{|#4:GetStringAsync|}("https://example.com/" + id);

                    public void {|#1:Poll|}()
                    {
                        for (var i = 0; i < 10; i++)
                        {
                            System.Console.WriteLine(i);
                        }
                    }

                    public void Quick(int id) => System.Console.WriteLine(id);
                    public async Task WithToken(CancellationToken cancellationToken) => await Task.Delay(10, cancellationToken);
                    public async Task WithJobToken(IJobCancellationToken token) => await Task.Delay(10, token.ShutdownToken);
                    public async Task {|#2:WithContext|}(PerformContext context) => await Task.{|#3:Delay|}(10);
                    public async Task NotAJob() => await Task.Delay(10);
                }

                public class Web
                {
                    public void Post(IBackgroundJobClient client)
                    {
                        client.Enqueue<Jobs>(x => x.Sync(1));
                        client.Enqueue<Jobs>(x => x.Poll());
                        client.Enqueue<Jobs>(x => x.Quick(1));
                        client.Enqueue<Jobs>(x => x.WithToken(CancellationToken.None));
                        client.Enqueue<Jobs>(x => x.WithJobToken(JobCancellationToken.Null));
                        client.Enqueue<Jobs>(x => x.WithContext(null!));
                    }
                }
                """,
                Finding(0, new[] { 4 }, "Job 'Jobs.Sync' awaits or loops without a CancellationToken parameter", "add one: Hangfire passes its shutdown token to it"),
                Finding(1, "Job 'Jobs.Poll' awaits or loops without a CancellationToken parameter", "add one: Hangfire passes its shutdown token to it"),
                Finding(2, new[] { 3 }, "'Jobs.WithContext' makes 1 call without 'context.CancellationToken.ShutdownToken'", "pass it to each call"));

        [Fact]
        public Task A_job_with_many_calls_that_ignore_its_token_is_one_finding()
            => Analyze.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Quartz;

                public class Sync : IJob
                {
                    private readonly HttpClient _http = new();

                    public async Task {|#0:Execute|}(IJobExecutionContext context)
                    {
                        var first = await _http.{|#1:GetStringAsync|}("https://example.com/1");
                        var second = await _http.{|#2:GetStringAsync|}("https://example.com/2");
                        await Task.{|#3:Delay|}(5000);
                        await Task.Delay(10, context.CancellationToken);
                    }
                }
                """,
                Finding(0, new[] { 1, 2, 3 }, "'Sync.Execute' makes 3 calls without 'context.CancellationToken'", "pass it to each call"));

        [Fact]
        public Task Calls_and_loops_of_one_method_are_one_finding()
            => Analyze.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;

                public class Mixed : BackgroundService
                {
                    protected override async Task {|#0:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        await {|#1:DrainAsync|}();
                        {|#2:while|} (true)
                        {
                            await Task.Yield();
                        }
                    }

                    private async Task DrainAsync()
                    {
                        while (DateTime.Now.Second > 0)
                        {
                            await Task.Yield();
                        }
                    }
                }
                """,
                Finding(
                    0,
                    new[] { 1, 2 },
                    "'Mixed.ExecuteAsync' makes 1 call without 'stoppingToken' and has 1 loop that never checks or passes 'stoppingToken'",
                    "pass it to each call (giving job code that takes no token a CancellationToken parameter) and check it in the loop condition"));

        [Fact]
        public Task Hosted_service_loops_that_never_check_or_pass_the_token()
            => Analyze.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;

                public class Poller : BackgroundService
                {
                    protected override async Task {|#3:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        {|#0:while|} (true)
                        {
                            await Task.Delay(TimeSpan.FromMinutes(1));
                            while (DateTime.Now.Hour == 3)
                            {
                                await Task.Yield();
                            }
                        }
                    }
                }

                public class Counter : BackgroundService
                {
                    protected override async Task {|#4:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        {|#1:do|}
                        {
                            await Task.Yield();
                        }
                        while (DateTime.Now.Year > 2000);

                        {|#2:for|} (;;)
                        {
                            await Task.Yield();
                        }
                    }
                }

                public class Good : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await Task.Yield();
                        }

                        while (true)
                        {
                            await Task.Delay(1000, stoppingToken);
                        }
                    }
                }

                public class Counted : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            await Task.Yield();
                        }
                    }
                }

                public class NoAwait : BackgroundService
                {
                    protected override Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            Console.WriteLine(i);
                        }

                        return Task.CompletedTask;
                    }
                }
                """,
                Finding(3, new[] { 0 }, "'Poller.ExecuteAsync' has 1 loop that never checks or passes 'stoppingToken'", "check it in the loop condition"),
                Finding(4, new[] { 1, 2 }, "'Counter.ExecuteAsync' has 2 loops that never check or pass 'stoppingToken'", "check it in each loop condition"));

        [Fact]
        public Task Base_job_classes_that_never_hand_the_token_to_the_derived_work()
            => Analyze.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using MassTransit;
                using Quartz;

                public abstract class BaseJob : IJob
                {
                    public async Task {|#2:Execute|}(IJobExecutionContext context)
                    {
                        context.CancellationToken.ThrowIfCancellationRequested();
                        await {|#0:RunAsync|}();
                        await Quick();
                    }

                    protected abstract Task RunAsync();
                    protected virtual Task Quick() => Task.CompletedTask;
                }

                public class ReportJob : BaseJob
                {
                    protected override async Task RunAsync() => await Task.Delay(100);
                }

                public record OrderPlaced(int Id);

                public class Consumer : IConsumer<OrderPlaced>
                {
                    private readonly Orders _orders = new();

                    public async Task {|#3:Consume|}(ConsumeContext<OrderPlaced> context)
                    {
                        await _orders.{|#1:ShipAsync|}(context.Message.Id);
                        await _orders.ShipWithTokenAsync(context.Message.Id, context.CancellationToken);
                        await _orders.ShipWithContextAsync(context);
                        await _orders.ReadOnceAsync(context.Message.Id);
                        await foreach (var item in _orders.StreamAsync().WithCancellation(context.CancellationToken))
                        {
                        }
                        await Task.Delay(10);
                        Drain(new System.Collections.Generic.List<int> { 1 });
                    }

                    // A synchronous loop ends on its own: nothing to hand the token to.
                    private static void Drain(System.Collections.Generic.List<int> items)
                    {
                        while (items.Count > 0)
                        {
                            items.RemoveAt(0);
                        }
                    }
                }

                public class Orders
                {
                    public async Task ShipAsync(int id)
                    {
                        while (id > 0)
                        {
                            await Task.Yield();
                            id--;
                        }
                    }

                    // Given the token when enumerated, through WithCancellation.
                    public async System.Collections.Generic.IAsyncEnumerable<int> StreamAsync()
                    {
                        while (true)
                        {
                            await Task.Yield();
                            yield return 1;
                        }
                    }

                    // One quick await: it ends on its own.
                    public async Task<int> ReadOnceAsync(int id) => await Task.FromResult(id);

                    public Task ShipWithTokenAsync(int id, CancellationToken cancellationToken) => Task.Delay(id, cancellationToken);
                    public Task ShipWithContextAsync(ConsumeContext<OrderPlaced> context) => Task.Delay(1, context.CancellationToken);
                }
                """,
                Finding(2, new[] { 0 }, "'BaseJob.Execute' makes 1 call without 'context.CancellationToken'", "pass it to each call (giving job code that takes no token a CancellationToken parameter)"),
                Finding(3, new[] { 1 }, "'Consumer.Consume' makes 1 call without 'context.CancellationToken'", "pass it to each call (giving job code that takes no token a CancellationToken parameter)"));

        [Fact]
        public Task A_call_through_a_generic_interface_is_judged_by_the_implementations_it_can_run()
            => Analyze.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using MassTransit;

                public record OrderPlaced(int Id);
                public record Order(int Id);
                public record Customer(int Id);

                public interface IStore<T> { Task SaveAsync(T item); }

                // The store a consumer of orders calls: one quick write.
                public class OrderStore : IStore<Order>
                {
                    public async Task SaveAsync(Order item) => await Task.Yield();
                }

                // Another type argument's store waits in a loop, but no call through IStore<Order> runs it.
                public class CustomerStore : IStore<Customer>
                {
                    public async Task SaveAsync(Customer item)
                    {
                        for (var i = 0; i < item.Id; i++)
                        {
                            await Task.Yield();
                        }
                    }
                }

                public class Consumer : IConsumer<OrderPlaced>
                {
                    private readonly IStore<Order> _orders;
                    private readonly IStore<Customer> _customers;

                    public Consumer(IStore<Order> orders, IStore<Customer> customers) => (_orders, _customers) = (orders, customers);

                    public async Task {|#1:Consume|}(ConsumeContext<OrderPlaced> context)
                    {
                        await _orders.SaveAsync(new Order(context.Message.Id));
                        await _customers.{|#0:SaveAsync|}(new Customer(context.Message.Id));
                    }
                }
                """,
                Finding(1, new[] { 0 }, "'Consumer.Consume' makes 1 call without 'context.CancellationToken'", "pass it to each call (giving job code that takes no token a CancellationToken parameter)"));

        [Fact]
        public Task Long_delays_and_lock_waits_without_a_token_and_Quartz_3_calls_that_could_take_the_context_token()
            => Analyze.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Coravel.Invocable;
                using Quartz;

                public class Refresh : IInvocable
                {
                    private static readonly SemaphoreSlim Gate = new(1);

                    public async Task {|#3:Invoke|}()
                    {
                        await Gate.{|#0:WaitAsync|}();
                        await Task.{|#1:Delay|}(TimeSpan.FromHours(1));
                        await Task.Delay(200);
                        await Task.Delay(TimeSpan.FromMilliseconds(500));
                        await Gate.WaitAsync(TimeSpan.FromSeconds(1));
                    }
                }

                public class Report : IJob
                {
                    private readonly HttpClient _http = new();

                    public async Task {|#4:Execute|}(IJobExecutionContext context)
                    {
                        await _http.{|#2:GetStringAsync|}("https://example.com");
                        await Task.Delay(10, context.CancellationToken);
                    }
                }
                """,
                Finding(3, new[] { 0, 1 }, "'Refresh.Invoke' makes 2 calls without a cancellation token", "add a CancellationToken parameter and pass it"),
                Finding(4, new[] { 2 }, "'Report.Execute' makes 1 call without 'context.CancellationToken'", "pass it to each call"));

        [Fact]
        public async Task Quartz_4_leaves_an_Execute_that_never_reads_its_token_to_QZ0004_and_forwarding_to_CA2016()
        {
            var test = new Analyze.Test
            {
                References = SnippetReferences.FrameworksWithQuartz4,
                TestCode = """
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Quartz;

                    public class Silent : IJob
                    {
                        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
                        {
                            while (true)
                            {
                                await Task.Delay(1000);
                            }
                        }
                    }

                    public class Partly : IJob
                    {
                        public async ValueTask {|#1:Execute|}(IJobExecutionContext context, CancellationToken cancellationToken)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            await Task.Delay(1000);
                            {|#0:while|} (true)
                            {
                                await Task.Yield();
                            }
                        }
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(Finding(1, new[] { 0 }, "'Partly.Execute' has 1 loop that never checks or passes 'cancellationToken'", "check it in the loop condition"));
            await test.RunAsync();
        }
    }
}
