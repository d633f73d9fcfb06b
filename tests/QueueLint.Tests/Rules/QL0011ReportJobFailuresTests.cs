using System.Threading.Tasks;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ReportJobFailuresAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0011ReportJobFailuresTests
    {
        private const string Hangfire = "Hangfire logs it at each attempt and keeps the job as Failed on its dashboard after the last retry; nothing in the application reports it";
        private const string Quartz = "the Quartz scheduler logs it at error level; nothing in the application reports it";
        private const string MassTransit = "MassTransit logs it and moves the message to the _error queue after its retries; nothing in the application reports it";
        private const string Coravel = "Coravel logs it; nothing in the application reports it";

        // A hosted service's failure stops the host rather than going unreported: QL0014, not QL0011.
        [Fact]
        public Task Every_kind_of_framework_run_entry_point_whose_work_can_fail_unreported()
            => Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Coravel.Invocable;
                using Hangfire;
                using MassTransit;
                using Microsoft.Extensions.Hosting;
                using Quartz;

                public record OrderPlaced(int OrderId);

                public class Mailer
                {
                    private readonly HttpClient _http = new();
                    public Task {|#0:Send|}(int orderId) => _http.GetAsync("https://mail/" + orderId);
                }

                public class Sync : IJob
                {
                    public async Task {|#1:Execute|}(IJobExecutionContext context) => await new HttpClient().GetAsync("https://sync");
                }

                public class Placed : IConsumer<OrderPlaced>
                {
                    public Task {|#2:Consume|}(ConsumeContext<OrderPlaced> context) => context.Publish(new OrderPlaced(context.Message.OrderId));
                }

                public class Worker : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await new HttpClient().GetAsync("https://poll", stoppingToken);
                        }
                    }
                }

                public class Refresh : IInvocable
                {
                    public Task {|#4:Invoke|}() { throw new System.InvalidOperationException("not yet"); }
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Mailer>(x => x.Send(1));
                }
                """,
                Verify.Diagnostic("QL0011").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithMessage("When job 'Mailer.Send' fails, " + Hangfire + "; report failures centrally for the framework, or catch and report them in the job"),
                Verify.Diagnostic("QL0011").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("Sync.Execute", Quartz),
                Verify.Diagnostic("QL0011").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("Placed.Consume", MassTransit),
                Verify.Diagnostic("QL0011").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(4).WithArguments("Refresh.Invoke", Coravel));

        [Fact]
        public Task Quartz_4_jobs_are_covered()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Net.Http;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Quartz;

                    public class Sync : IJob
                    {
                        public async ValueTask {|#0:Execute|}(IJobExecutionContext context, CancellationToken cancellationToken)
                            => await new HttpClient().GetAsync("https://sync", cancellationToken);
                    }

                    public class Quiet : IJob
                    {
                        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => default;
                    }
                    """,
                References = SnippetReferences.FrameworksWithQuartz4,
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0011").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("Sync.Execute", Quartz));
            return test.RunAsync();
        }

        [Fact]
        public Task Reporting_catches_here_in_a_base_entry_point_or_in_a_wrapper_are_enough()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;
                using Quartz;

                public class Logged : IJob
                {
                    private readonly ILogger<Logged> _logger;
                    public Logged(ILogger<Logged> logger) => _logger = logger;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        try
                        {
                            await new HttpClient().GetAsync("https://a");
                        }
                        catch (Exception ex)
                        {
                            _logger.LogError(ex, "Sync failed");
                            throw;
                        }
                    }
                }

                public abstract class BaseJob : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        try { await RunAsync(context); }
                        catch (Exception ex) { Console.Error.WriteLine(ex); throw; }
                    }

                    protected abstract Task RunAsync(IJobExecutionContext context);
                }

                public class Derived : BaseJob
                {
                    protected override Task RunAsync(IJobExecutionContext context) => new HttpClient().GetAsync("https://b");
                }

                public class Wrapped : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Safely(() => new HttpClient().GetAsync("https://c"));

                    private static async Task Safely(Func<Task> work)
                    {
                        try { await work(); }
                        catch (Exception ex) when (Report(ex)) { }
                    }

                    private static bool Report(Exception ex) { Console.Error.WriteLine(ex); return false; }
                }

                public class Guarded : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try
                            {
                                await new HttpClient().GetAsync("https://poll", stoppingToken);
                            }
                            catch (Exception ex)
                            {
                                Console.Error.WriteLine(ex);
                            }

                            await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                        }
                    }
                }

                public class Nothing : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }
                """);

        [Fact]
        public Task A_catch_of_one_exception_type_leaves_the_rest_unreported()
            => Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Quartz;

                public class Sync : IJob
                {
                    public async Task {|#0:Execute|}(IJobExecutionContext context)
                    {
                        try { await new HttpClient().GetAsync("https://a"); }
                        catch (HttpRequestException) { throw; }
                    }
                }
                """,
                Verify.Diagnostic("QL0011").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("Sync.Execute", Quartz));

        [Fact]
        public Task Central_reporters_silence_their_framework()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Coravel;
                using Coravel.Invocable;
                using Coravel.Scheduling.Schedule.Interfaces;
                using Hangfire;
                using Hangfire.States;
                using Hangfire.Storage;
                using MassTransit;
                using Quartz;

                public record OrderPlaced(int OrderId);
                public record OrderShipped(int OrderId);

                public class ReportFailures : IElectStateFilter
                {
                    public void OnStateElection(ElectStateContext context) { }
                }

                public class Mailer { public Task Send(int id) => new HttpClient().GetAsync("https://m"); }

                public class Placed : IConsumer<OrderPlaced>
                {
                    public Task Consume(ConsumeContext<OrderPlaced> context) => new HttpClient().GetAsync("https://p");
                }

                public class PlacedFaults : IConsumer<Fault<OrderPlaced>>
                {
                    public Task Consume(ConsumeContext<Fault<OrderPlaced>> context) => Task.CompletedTask;
                }

                public class Shipped : IConsumer<OrderShipped>
                {
                    public Task {|#0:Consume|}(ConsumeContext<OrderShipped> context) => new HttpClient().GetAsync("https://s");
                }

                public class Refresh : IInvocable
                {
                    public Task Invoke() => new HttpClient().GetAsync("https://r");
                }

                public class Sync : IJob
                {
                    public Task Execute(IJobExecutionContext context) => new HttpClient().GetAsync("https://q");
                }

                public class Listener : IJobListener
                {
                    public string Name => "failures";
                    public Task JobToBeExecuted(IJobExecutionContext context, System.Threading.CancellationToken cancellationToken = default) => Task.CompletedTask;
                    public Task JobExecutionVetoed(IJobExecutionContext context, System.Threading.CancellationToken cancellationToken = default) => Task.CompletedTask;
                    public Task JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, System.Threading.CancellationToken cancellationToken = default) => Task.CompletedTask;
                }

                public static class Setup
                {
                    public static async Task Configure(ISchedulerConfiguration coravel, Quartz.IScheduler quartz)
                    {
                        GlobalConfiguration.Configuration.UseFilter(new ReportFailures());
                        coravel.OnError(ex => Console.Error.WriteLine(ex));
                        quartz.ListenerManager.AddJobListener(new Listener());
                        BackgroundJob.Enqueue<Mailer>(x => x.Send(1));
                        await Task.Yield();
                    }
                }
                """,
                Verify.Diagnostic("QL0011").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("Shipped.Consume", MassTransit));

        [Fact]
        public Task The_failures_reported_option_names_reporters_that_live_elsewhere()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Net.Http;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Coravel.Invocable;
                    using Microsoft.Extensions.Hosting;
                    using Quartz;

                    public class Sync : IJob
                    {
                        public Task Execute(IJobExecutionContext context) => new HttpClient().GetAsync("https://q");
                    }

                    public class Refresh : IInvocable
                    {
                        public Task {|#0:Invoke|}() => new HttpClient().GetAsync("https://r");
                    }

                    public class Worker : BackgroundService
                    {
                        protected override Task ExecuteAsync(CancellationToken stoppingToken) => new HttpClient().GetAsync("https://w");
                    }
                    """,
                EditorConfig = "queuelint.failures_reported = quartz, masstransit, hosting",
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0011").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("Refresh.Invoke", Coravel));
            return test.RunAsync();
        }
    }
}
