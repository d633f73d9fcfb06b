using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.ObserveCancellationAnalyzer, QueueLint.CodeFixes.Rules.ObserveCancellationFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0050ObserveCancellationFixerTests
    {
        private static DiagnosticResult Finding(int location) => Verify.Diagnostic("QL0050").WithLocation(location).WithSeverity(DiagnosticSeverity.Info);

        /// <summary>A finding on a method's name, with the calls and loops that ignore its token as additional locations.</summary>
        private static DiagnosticResult Finding(int method, params int[] places)
        {
            var result = Finding(method);
            foreach (var place in places)
            {
                result = result.WithLocation(place);
            }

            return result;
        }

        [Fact]
        public async Task A_Hangfire_job_gets_a_token_parameter_passes_it_on_and_its_enqueue_sites_pass_None()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;

                public class Jobs
                {
                    private readonly HttpClient _http = new();

                    public async Task {|#0:Sync|}(int id, bool force = false)
                    {
                        await Task.{|#1:Delay|}(1000);
                        await _http.{|#2:GetStringAsync|}("https://example.com/" + id);
                    }

                    public async Task RunNowAsync(CancellationToken stoppingToken) => await Sync(1);

                    public async Task RunLaterAsync() => await Sync(2, force: true);
                }
                """));
            test.TestState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;

                public class Sites
                {
                    public void Post(IBackgroundJobClient client)
                    {
                        client.Enqueue<Jobs>(x => x.Sync(1, false));
                        RecurringJob.AddOrUpdate<Jobs>("sync", x => x.Sync(2, true), Cron.Daily());
                    }
                }
                """));
            test.TestState.ExpectedDiagnostics.Add(Finding(0, 1, 2));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;

                public class Jobs
                {
                    private readonly HttpClient _http = new();

                    public async Task Sync(int id, CancellationToken cancellationToken, bool force = false)
                    {
                        await Task.Delay(1000, cancellationToken);
                        await _http.GetStringAsync("https://example.com/" + id, cancellationToken);
                    }

                    public async Task RunNowAsync(CancellationToken stoppingToken) => await Sync(1, stoppingToken);

                    public async Task RunLaterAsync() => await Sync(2, force: true, cancellationToken: CancellationToken.None);
                }
                """));
            test.FixedState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;

                public class Sites
                {
                    public void Post(IBackgroundJobClient client)
                    {
                        client.Enqueue<Jobs>(x => x.Sync(1, System.Threading.CancellationToken.None, false));
                        RecurringJob.AddOrUpdate<Jobs>("sync", x => x.Sync(2, System.Threading.CancellationToken.None, true), Cron.Daily());
                    }
                }
                """));
            await test.RunAsync();
        }

        /// <summary>A conditional call (<c>_jobs?.Sync(1)</c>) is a call like any other: it is given the caller's token.</summary>
        [Fact]
        public async Task A_conditional_call_is_given_the_token()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;

                public class Jobs
                {
                    private readonly Jobs? _next;

                    public async Task {|#0:Sync|}(int id) => await Task.{|#1:Delay|}(id);

                    public async Task RunNowAsync(CancellationToken stoppingToken) => await (_next?.Sync(1) ?? Task.CompletedTask);

                    public void Post() => BackgroundJob.Enqueue<Jobs>(x => x.Sync(1));
                }
                """));
            test.TestState.ExpectedDiagnostics.Add(Finding(0, 1));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;

                public class Jobs
                {
                    private readonly Jobs? _next;

                    public async Task Sync(int id, CancellationToken cancellationToken) => await Task.Delay(id, cancellationToken);

                    public async Task RunNowAsync(CancellationToken stoppingToken) => await (_next?.Sync(1, stoppingToken) ?? Task.CompletedTask);

                    public void Post() => BackgroundJob.Enqueue<Jobs>(x => x.Sync(1, CancellationToken.None));
                }
                """));
            await test.RunAsync();
        }

        [Fact]
        public Task Every_call_a_finding_lists_is_given_the_token()
            => Verify.VerifyCodeFixAsync("""
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
                    }
                }
                """, """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Quartz;

                public class Sync : IJob
                {
                    private readonly HttpClient _http = new();

                    public async Task Execute(IJobExecutionContext context)
                    {
                        var first = await _http.GetStringAsync("https://example.com/1", context.CancellationToken);
                        var second = await _http.GetStringAsync("https://example.com/2", context.CancellationToken);
                        await Task.Delay(5000, context.CancellationToken);
                    }
                }
                """,
                Finding(0, 1, 2, 3));

        [Fact]
        public async Task A_finding_with_a_call_and_a_loop_fixes_both()
        {
            var test = new Verify.Test
            {
                TestCode = """
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
                FixedCode = """
                    using System;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Microsoft.Extensions.Hosting;

                    public class Mixed : BackgroundService
                    {
                        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                        {
                            await DrainAsync(stoppingToken);
                            while (!stoppingToken.IsCancellationRequested)
                            {
                                await Task.Yield();
                            }
                        }

                        private async Task DrainAsync(CancellationToken cancellationToken)
                        {
                            while (!cancellationToken.IsCancellationRequested && DateTime.Now.Second > 0)
                            {
                                await Task.Yield();
                            }
                        }
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(Finding(0, 1, 2));
            // The token DrainAsync now takes is not checked in its loop: the next pass checks it.
            test.NumberOfIncrementalIterations = 2;
            test.NumberOfFixAllIterations = 2;
            await test.RunAsync();
        }

        [Fact]
        public Task Loops_check_the_token_in_their_condition()
            => Verify.VerifyCodeFixAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;

                public class Poller : BackgroundService
                {
                    protected override async Task {|#0:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        {|#1:while|} (true)
                        {
                            await Task.Delay(TimeSpan.FromMinutes(1));
                        }
                    }
                }

                public class Counter : BackgroundService
                {
                    protected override async Task {|#2:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        {|#3:do|}
                        {
                            await Task.Yield();
                        }
                        while (DateTime.Now.Year > 2000 || DateTime.Now.Month > 1);

                        {|#4:for|} (;;)
                        {
                            await Task.Yield();
                        }
                    }
                }
                """, """
                using System;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;

                public class Poller : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await Task.Delay(TimeSpan.FromMinutes(1));
                        }
                    }
                }

                public class Counter : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        do
                        {
                            await Task.Yield();
                        }
                        while (!stoppingToken.IsCancellationRequested && (DateTime.Now.Year > 2000 || DateTime.Now.Month > 1));

                        for (; !stoppingToken.IsCancellationRequested;)
                        {
                            await Task.Yield();
                        }
                    }
                }
                """,
                Finding(0, 1),
                Finding(2, 3, 4));

        [Fact]
        public Task A_base_job_hands_the_token_to_the_derived_work()
            => Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                public abstract class BaseJob : IJob
                {
                    public async Task {|#0:Execute|}(IJobExecutionContext context)
                    {
                        context.CancellationToken.ThrowIfCancellationRequested();
                        await {|#1:RunAsync|}(context.FireTimeUtc.Hour);
                    }

                    protected abstract Task RunAsync(int hour);
                }

                public class ReportJob : BaseJob
                {
                    protected override async Task {|#2:RunAsync|}(int hour) => await Task.{|#3:Delay|}(hour);
                }

                public class CleanupJob : BaseJob
                {
                    protected override Task RunAsync(int hour) => Task.CompletedTask;
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                public abstract class BaseJob : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        context.CancellationToken.ThrowIfCancellationRequested();
                        await RunAsync(context.FireTimeUtc.Hour, context.CancellationToken);
                    }

                    protected abstract Task RunAsync(int hour, CancellationToken cancellationToken);
                }

                public class ReportJob : BaseJob
                {
                    protected override async Task RunAsync(int hour, CancellationToken cancellationToken) => await Task.Delay(hour, cancellationToken);
                }

                public class CleanupJob : BaseJob
                {
                    protected override Task RunAsync(int hour, CancellationToken cancellationToken) => Task.CompletedTask;
                }
                """,
                Finding(0, 1),
                Finding(2, 3));

        [Fact]
        public async Task Fix_All_started_from_an_unfixable_finding_still_fixes_the_others()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System;
                    using System.Net.Http;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Coravel.Invocable;
                    using Quartz;

                    public class Refresh : IInvocable
                    {
                        public async Task {|#0:Invoke|}() => await Task.{|#1:Delay|}(TimeSpan.FromHours(1));
                    }

                    public class Report : IJob
                    {
                        private readonly HttpClient _http = new();

                        public async Task {|#2:Execute|}(IJobExecutionContext context)
                        {
                            await _http.{|#3:GetStringAsync|}("https://example.com");
                            await {|#4:WaitForLockAsync|}();
                        }

                        private async Task {|#5:WaitForLockAsync|}() => await Task.{|#6:Delay|}(TimeSpan.FromSeconds(5));
                    }
                    """,
                FixedCode = """
                    using System;
                    using System.Net.Http;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Coravel.Invocable;
                    using Quartz;

                    public class Refresh : IInvocable
                    {
                        public async Task {|#0:Invoke|}() => await Task.{|#1:Delay|}(TimeSpan.FromHours(1));
                    }

                    public class Report : IJob
                    {
                        private readonly HttpClient _http = new();

                        public async Task Execute(IJobExecutionContext context)
                        {
                            await _http.GetStringAsync("https://example.com", context.CancellationToken);
                            await WaitForLockAsync(context.CancellationToken);
                        }

                        private async Task WaitForLockAsync(CancellationToken cancellationToken) => await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(Finding(0, 1));
            test.ExpectedDiagnostics.Add(Finding(2, 3, 4));
            test.ExpectedDiagnostics.Add(Finding(5, 6));
            test.FixedState.ExpectedDiagnostics.Add(Finding(0, 1));
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.CodeActionEquivalenceKey = QueueLint.CodeFixes.Rules.ObserveCancellationFixer.EquivalenceKey;
            // Fixing Execute gives WaitForLockAsync its token too: its own finding is gone after the first fix.
            test.NumberOfIncrementalIterations = 2;
            // The second pass meets only the finding that has no fix.
            test.NumberOfFixAllIterations = 2;
            await test.RunAsync();
        }
    }
}
