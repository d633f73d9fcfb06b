using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.AsyncVoidJobAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0010AsyncVoidJobTests
    {
        private const string Elsewhere = "the job ends at its first await, and an exception it throws later crashes the process or is lost";

        [Fact]
        public Task Hangfire_targets_entry_points_callees_and_local_functions_are_reported()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using Quartz;

                public class Reports
                {
                    public async void {|#0:Build|}(int id) => await Task.Delay(id);
                }

                public class Sync : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        Notify();
                        Fire();
                        await Task.Yield();

                        async void {|#2:Fire|}() => await Task.Delay(1);
                    }

                    private async void {|#1:Notify|}() => await Task.Delay(1);
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Reports>(x => x.Build(1));
                }
                """,
                Verify.Diagnostic("QL0010").WithLocation(0).WithMessage("'Reports.Build' runs in a job and is async void: Hangfire refuses to enqueue it (NotSupportedException: async void methods are not supported); return Task"),
                Verify.Diagnostic("QL0010").WithLocation(1).WithMessage("'Sync.Notify' runs in a job and is async void: " + Elsewhere + "; return Task"),
                Verify.Diagnostic("QL0010").WithLocation(2).WithMessage("'Fire' runs in a job and is async void: " + Elsewhere + "; return Task"));

        [Fact]
        public Task Consumers_hosted_services_and_invocables_are_covered()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Coravel.Invocable;
                using MassTransit;
                using Microsoft.Extensions.Hosting;

                public record OrderPlaced(int OrderId);

                public class Placed : IConsumer<OrderPlaced>
                {
                    public Task Consume(ConsumeContext<OrderPlaced> context) { Audit(); return Task.CompletedTask; }
                    private async void {|#0:Audit|}() => await Task.Yield();
                }

                public class Worker : BackgroundService
                {
                    protected override Task ExecuteAsync(CancellationToken stoppingToken) { Tick(); return Task.CompletedTask; }
                    private async void {|#1:Tick|}() => await Task.Yield();
                }

                public class Refresh : IInvocable
                {
                    public Task Invoke() { Go(); return Task.CompletedTask; }
                    private async void {|#2:Go|}() => await Task.Yield();
                }
                """,
                Verify.Diagnostic("QL0010").WithLocation(0).WithArguments("Placed.Audit", Elsewhere),
                Verify.Diagnostic("QL0010").WithLocation(1).WithArguments("Worker.Tick", Elsewhere),
                Verify.Diagnostic("QL0010").WithLocation(2).WithArguments("Refresh.Go", Elsewhere));

        [Fact]
        public Task Async_void_outside_job_code_is_left_to_other_analyzers()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;
                using Hangfire;

                public class Form
                {
                    public async void OnClick(object sender, EventArgs e) => await Task.Delay(1);
                }

                public class Jobs
                {
                    public async Task Run() { await Task.Yield(); }
                    public void Sync() { }
                    public async void NotEnqueued() => await Task.Yield();
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Jobs>(x => x.Run());
                }
                """);

        [Fact]
        public Task Nothing_without_a_job_framework()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading.Tasks;
                    public class C { public async void Run() => await Task.Yield(); }
                    """,
                References = QueueLint.Tests.Verifiers.SnippetReferences.NetOnly,
            };
            return test.RunAsync();
        }
    }
}
