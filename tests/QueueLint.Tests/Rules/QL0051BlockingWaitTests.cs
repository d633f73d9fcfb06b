using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using QueueLint.Tests.Verifiers;
using Analyze = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.BlockingWaitAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0051BlockingWaitTests
    {
        private static DiagnosticResult Blocks(int location, string what, string advice)
            => Analyze.Diagnostic("QL0051").WithLocation(location).WithMessage(what + " blocks a job thread until it completes; " + advice);

        [Fact]
        public Task Every_blocking_wait_in_a_Hangfire_job_and_the_code_it_calls_is_reported()
            => Analyze.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;

                public class Jobs
                {
                    private readonly HttpClient _http = new();

                    public void Sync(int id)
                    {
                        {|#0:Thread.Sleep(1000)|};
                        _http.GetStringAsync("https://example.com").{|#1:Wait()|};
                        var body = _http.GetStringAsync("https://example.com").{|#2:Result|};
                        var other = _http.GetStringAsync("https://example.com").{|#3:GetAwaiter().GetResult()|};
                        var a = Task.Run(() => 1);
                        var b = Task.Run(() => 2);
                        {|#4:Task.WaitAll(a, b)|};
                        Helper();
                    }

                    private void Helper() => _http.GetStringAsync("https://example.com").ConfigureAwait(false).{|#5:GetAwaiter().GetResult()|};

                    public void NotAJob() => Thread.Sleep(1000);
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Jobs>(x => x.Sync(1));
                }
                """,
                Blocks(0, "Thread.Sleep", "await Task.Delay instead"),
                Blocks(1, ".Wait()", "await the task instead"),
                Blocks(2, ".Result", "await the task instead"),
                Blocks(3, ".GetAwaiter().GetResult()", "await the task instead"),
                Blocks(4, "Task.WaitAll", "await Task.WhenAll instead"),
                Blocks(5, ".GetAwaiter().GetResult()", "await the task instead"));

        [Fact]
        public Task Quartz_3_MassTransit_hosted_service_and_Coravel_entry_points_are_job_code()
            => Analyze.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Coravel.Invocable;
                using MassTransit;
                using Microsoft.Extensions.Hosting;
                using Quartz;

                public record OrderPlaced(int Id);

                public class QuartzJob : IJob
                {
                    public Task Execute(IJobExecutionContext context)
                    {
                        {|#0:Thread.Sleep(5000)|};
                        return Task.CompletedTask;
                    }
                }

                public class Consumer : IConsumer<OrderPlaced>
                {
                    public Task Consume(ConsumeContext<OrderPlaced> context)
                    {
                        context.Publish(new OrderPlaced(context.Message.Id)).{|#1:Wait()|};
                        return Task.CompletedTask;
                    }
                }

                public class Worker : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        await Task.Yield();
                        var n = Task.Run(() => 1).{|#2:Result|};
                    }
                }

                public class Refresh : IInvocable
                {
                    public Task Invoke()
                    {
                        var count = Task.Run(() => 42).{|#3:Result|};
                        return Task.CompletedTask;
                    }
                }
                """,
                Blocks(0, "Thread.Sleep", "await Task.Delay instead"),
                Blocks(1, ".Wait()", "await the task instead"),
                Blocks(2, ".Result", "await the task instead"),
                Blocks(3, ".Result", "await the task instead"));

        [Fact]
        public async Task Quartz_4_jobs_are_job_code()
        {
            var test = new Analyze.Test
            {
                References = SnippetReferences.FrameworksWithQuartz4,
                TestCode = """
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Quartz;

                    public class QuartzJob : IJob
                    {
                        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
                        {
                            Task.Delay(100, cancellationToken).{|#0:Wait()|};
                            return default;
                        }
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(Blocks(0, ".Wait()", "await the task instead"));
            await test.RunAsync();
        }

        [Fact]
        public Task Completed_and_awaited_tasks_are_not_reported()
            => Analyze.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                public class QuartzJob : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        var a = Task.FromResult(1).Result;
                        var b = new ValueTask<int>(2).Result;
                        Task.CompletedTask.Wait();
                        Thread.Sleep(0);

                        var first = Task.Run(() => 1);
                        var second = Task.Run(() => 2);
                        await Task.WhenAll(first, second);
                        var sum = first.Result + second.Result;

                        var third = Task.Run(() => 3);
                        await third;
                        var value = third.Result;

                        var many = new List<Task<int>> { Task.Run(() => 4) };
                        await Task.WhenAll(many);
                        foreach (var task in many)
                        {
                            sum += task.Result;
                        }

                        var late = Task.Run(() => 5);
                        var early = late.{|#0:Result|};
                        await late;
                    }
                }
                """,
                Blocks(0, ".Result", "await the task instead"));

        [Fact]
        public Task Synchronous_code_whose_contract_is_fixed_outside_the_source_is_not_reported()
            => Analyze.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                public class Resource : IDisposable
                {
                    public void Dispose() => Task.Delay(10).Wait();
                }

                public class QuartzJob : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        using var resource = new Resource();
                        resource.Dispose();
                        await Task.Yield();
                    }
                }
                """);
    }
}
