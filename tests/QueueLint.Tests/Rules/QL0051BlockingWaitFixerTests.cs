using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.BlockingWaitAnalyzer, QueueLint.CodeFixes.Rules.BlockingWaitFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0051BlockingWaitFixerTests
    {
        [Fact]
        public async Task A_synchronous_Hangfire_job_becomes_async_and_its_callers_await_it()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;

                public class Jobs
                {
                    private readonly HttpClient _http = new();

                    public void Reconcile(int id)
                    {
                        {|#0:Thread.Sleep(1000)|};
                        _http.GetStringAsync("https://example.com").{|#1:Wait()|};
                        var length = Fetch().Length;
                    }

                    private string Fetch() => _http.GetStringAsync("https://example.com").{|#2:Result|};

                    public async Task RunTwiceAsync()
                    {
                        Reconcile(1);
                        await Task.Yield();
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;

                public class Sites
                {
                    public void Post(IBackgroundJobClient client)
                    {
                        client.Enqueue<Jobs>(x => x.Reconcile(1));
                        RecurringJob.AddOrUpdate<Jobs>("reconcile", x => x.Reconcile(2), Cron.Daily());
                    }
                }
                """));
            test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0051").WithLocation(0));
            test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0051").WithLocation(1));
            test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0051").WithLocation(2));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;

                public class Jobs
                {
                    private readonly HttpClient _http = new();

                    public async Task Reconcile(int id)
                    {
                        await Task.Delay(1000);
                        await _http.GetStringAsync("https://example.com");
                        var length = (await Fetch()).Length;
                    }

                    private async Task<string> Fetch() => await _http.GetStringAsync("https://example.com");

                    public async Task RunTwiceAsync()
                    {
                        await Reconcile(1);
                        await Task.Yield();
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;

                public class Sites
                {
                    public void Post(IBackgroundJobClient client)
                    {
                        client.Enqueue<Jobs>(x => x.Reconcile(1));
                        RecurringJob.AddOrUpdate<Jobs>("reconcile", x => x.Reconcile(2), Cron.Daily());
                    }
                }
                """));
            test.NumberOfIncrementalIterations = 3;
            test.NumberOfFixAllIterations = 1;
            await test.RunAsync();
        }

        [Fact]
        public Task Task_returning_methods_become_async_and_sleeps_take_the_context_token()
            => Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Coravel.Invocable;
                using Quartz;

                public class Refresh : IInvocable
                {
                    public Task Invoke()
                    {
                        var count = Task.Run(() => 42).{|QL0051:Result|};
                        if (count == 0)
                        {
                            return Task.CompletedTask;
                        }

                        System.Console.WriteLine(count);
                        return Task.CompletedTask;
                    }
                }

                public class Report : IJob
                {
                    public Task Execute(IJobExecutionContext context)
                    {
                        {|QL0051:Thread.Sleep(5000)|};
                        return Task.Run(() => 1);
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;
                using Coravel.Invocable;
                using Quartz;

                public class Refresh : IInvocable
                {
                    public async Task Invoke()
                    {
                        var count = await Task.Run(() => 42);
                        if (count == 0)
                        {
                            return;
                        }

                        System.Console.WriteLine(count);
                    }
                }

                public class Report : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        await Task.Delay(5000, context.CancellationToken);
                        await Task.Run(() => 1);
                    }
                }
                """);

        /// <summary>
        /// A <c>default</c> task is null: the async method returns nothing for it, as QL0010's and QL0013's fixes do,
        /// rather than awaiting it (<c>await default</c> does not compile).
        /// </summary>
        [Fact]
        public Task A_returned_default_task_becomes_a_plain_return()
            => Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;
                using Quartz;

                public class Report : IJob
                {
                    public Task Execute(IJobExecutionContext context)
                    {
                        var count = Task.Run(() => 42).{|QL0051:Result|};
                        if (count == 0)
                        {
                            return default;
                        }

                        System.Console.WriteLine(count);
                        return default(Task);
                    }
                }
                """, """
                using System.Threading.Tasks;
                using Quartz;

                public class Report : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        var count = await Task.Run(() => 42);
                        if (count == 0)
                        {
                            return;
                        }

                        System.Console.WriteLine(count);
                    }
                }
                """);

        /// <summary>A task returned before the end is awaited and the method still leaves there, in the block or the if it was in.</summary>
        [Fact]
        public Task A_task_returned_early_is_awaited_and_the_method_still_leaves()
            => Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;
                using Quartz;

                public class Report : IJob
                {
                    public Task Execute(IJobExecutionContext context)
                    {
                        var count = Task.Run(() => 42).{|QL0051:Result|};
                        if (count == 0)
                        {
                            System.Console.WriteLine("none");
                            return Task.Delay(1);
                        }

                        if (count == 1)
                            return Task.Delay(2);

                        return Task.Delay(count);
                    }
                }
                """, """
                using System.Threading.Tasks;
                using Quartz;

                public class Report : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        var count = await Task.Run(() => 42);
                        if (count == 0)
                        {
                            System.Console.WriteLine("none");
                            await Task.Delay(1);
                            return;
                        }

                        if (count == 1)
                        {
                            await Task.Delay(2);
                            return;
                        }

                        await Task.Delay(count);
                    }
                }
                """);

        [Fact]
        public Task Async_code_awaits_in_place_and_WaitAll_becomes_WhenAll()
            => Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;

                public class Worker : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        var a = Task.Run(() => 1);
                        var b = Task.Run(() => 2);
                        {|QL0051:Task.WaitAll(a, b)|};
                        {|QL0051:Thread.Sleep(100)|};
                        var text = Task.Run(() => "x").ConfigureAwait(false).{|QL0051:GetAwaiter().GetResult()|};
                        await Task.Yield();
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;

                public class Worker : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        var a = Task.Run(() => 1);
                        var b = Task.Run(() => 2);
                        await Task.WhenAll(a, b);
                        await Task.Delay(100, stoppingToken);
                        var text = await Task.Run(() => "x").ConfigureAwait(false);
                        await Task.Yield();
                    }
                }
                """);

        /// <summary>
        /// A local function becomes async like a method; a conditional call of a method that now returns a task is
        /// awaited with a completed task for a null receiver; the file gets the tasks namespace it lacked.
        /// </summary>
        [Fact]
        public Task Local_functions_and_conditional_calls_follow_and_the_tasks_namespace_is_added()
            => Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using Quartz;

                public class Cleanup : IJob
                {
                    private readonly Helper? _helper = new();

                    public System.Threading.Tasks.Task Execute(IJobExecutionContext context)
                    {
                        _helper?.Flush();
                        Pause();
                        return System.Threading.Tasks.Task.CompletedTask;

                        void Pause() => {|QL0051:Thread.Sleep(10)|};
                    }
                }

                public class Helper
                {
                    public void Flush() => {|QL0051:Thread.Sleep(5)|};
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                public class Cleanup : IJob
                {
                    private readonly Helper? _helper = new();

                    public async System.Threading.Tasks.Task Execute(IJobExecutionContext context)
                    {
                        await (_helper?.Flush() ?? Task.CompletedTask);
                        await Pause();

                        async Task Pause() => await Task.Delay(10, context.CancellationToken);
                    }
                }

                public class Helper
                {
                    public async Task Flush() => await Task.Delay(5);
                }
                """);

        /// <summary>A method returning <c>ValueTask</c> keeps its return type and becomes async like one returning <c>Task</c>.</summary>
        [Fact]
        public Task A_ValueTask_method_becomes_async()
            => Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                public class Flusher : IJob
                {
                    public async Task Execute(IJobExecutionContext context) => await Flush();

                    private ValueTask Flush()
                    {
                        {|QL0051:Thread.Sleep(1)|};
                        return default;
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                public class Flusher : IJob
                {
                    public async Task Execute(IJobExecutionContext context) => await Flush();

                    private async ValueTask Flush()
                    {
                        await Task.Delay(1);
                    }
                }
                """);

        /// <summary>Callers that call each other are made async once each, and the change ends.</summary>
        [Fact]
        public Task Recursive_callers_are_made_async_once()
            => Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                public class Walker : IJob
                {
                    public Task Execute(IJobExecutionContext context)
                    {
                        Visit(3);
                        return Task.CompletedTask;
                    }

                    private void Visit(int depth)
                    {
                        if (depth > 0)
                        {
                            Other(depth - 1);
                        }
                    }

                    private void Other(int depth)
                    {
                        {|QL0051:Thread.Sleep(1)|};
                        Visit(depth);
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                public class Walker : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        await Visit(3);
                    }

                    private async Task Visit(int depth)
                    {
                        if (depth > 0)
                        {
                            await Other(depth - 1);
                        }
                    }

                    private async Task Other(int depth)
                    {
                        await Task.Delay(1);
                        await Visit(depth);
                    }
                }
                """);

        /// <summary>
        /// Run's signature is fixed by its interface and Other's first wait is in a lock; the rest is fixed.
        /// SyncCaller only forwards the call to Helper, which becomes async: it hands the task on.
        /// </summary>
        [Fact]
        public async Task Fix_All_started_from_an_unfixable_finding_still_fixes_the_others()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Hangfire;

                    public interface IJobs { void Run(); }

                    public class Jobs : IJobs
                    {
                        public void Run() => {|#0:Thread.Sleep(1000)|};

                        public void Other()
                        {
                            lock (this)
                            {
                                {|#1:Thread.Sleep(10)|};
                            }

                            {|#2:Thread.Sleep(20)|};
                        }

                        public void SyncCaller() => Helper();

                        private void Helper() => {|#3:Thread.Sleep(30)|};
                    }

                    public class Sites
                    {
                        public void Post()
                        {
                            BackgroundJob.Enqueue<IJobs>(x => x.Run());
                            BackgroundJob.Enqueue<Jobs>(x => x.Other());
                            BackgroundJob.Enqueue<Jobs>(x => x.SyncCaller());
                        }
                    }
                    """,
                FixedCode = """
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Hangfire;

                    public interface IJobs { void Run(); }

                    public class Jobs : IJobs
                    {
                        public void Run() => {|#0:Thread.Sleep(1000)|};

                        public async Task Other()
                        {
                            lock (this)
                            {
                                {|#1:Thread.Sleep(10)|};
                            }

                            await Task.Delay(20);
                        }

                        public Task SyncCaller() => Helper();

                        private async Task Helper() => await Task.Delay(30);
                    }

                    public class Sites
                    {
                        public void Post()
                        {
                            BackgroundJob.Enqueue<IJobs>(x => x.Run());
                            BackgroundJob.Enqueue<Jobs>(x => x.Other());
                            BackgroundJob.Enqueue<Jobs>(x => x.SyncCaller());
                        }
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0051").WithLocation(0));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0051").WithLocation(1));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0051").WithLocation(2));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0051").WithLocation(3));
            test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0051").WithLocation(0));
            test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0051").WithLocation(1));
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.CodeActionEquivalenceKey = QueueLint.CodeFixes.Rules.BlockingWaitFixer.EquivalenceKey;
            // Two iterations fix; the last finds only the unfixable findings left.
            test.NumberOfIncrementalIterations = 3;
            // The second pass meets only the findings that have no fix.
            test.NumberOfFixAllIterations = 2;
            await test.RunAsync();
        }
    }
}
