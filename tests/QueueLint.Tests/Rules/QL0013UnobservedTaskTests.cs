using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.UnobservedTaskAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0013UnobservedTaskTests
    {
        [Fact]
        public Task Dropped_tasks_in_job_code_are_reported()
            => Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using MassTransit;
                using Quartz;

                public record OrderPlaced(int OrderId);

                public class Sync : IJob
                {
                    private readonly HttpClient _http = new();

                    public Task Execute(IJobExecutionContext context)
                    {
                        _ = {|#0:_http.GetAsync("https://a")|};
                        _ = {|#1:Task.Run(() => _http.GetAsync("https://b"))|};
                        {|#2:Task.Factory.StartNew(() => 1)|};
                        {|#3:Notify()|};
                        return Task.CompletedTask;
                    }

                    private async Task Notify()
                    {
                        {|#4:_http.GetStringAsync("https://c")|};
                        await Task.Yield();
                    }
                }

                public class Placed : IConsumer<OrderPlaced>
                {
                    public async Task Consume(ConsumeContext<OrderPlaced> context)
                    {
                        {|#5:context.Publish(new OrderPlaced(2))|};
                        await Task.Yield();
                    }
                }
                """,
                Verify.Diagnostic("QL0013").WithLocation(0).WithMessage("'HttpClient.GetAsync' starts work that nobody awaits: the job can end before it does, and its failure is lost; await it"),
                Verify.Diagnostic("QL0013").WithLocation(1).WithArguments("Task.Run"),
                Verify.Diagnostic("QL0013").WithLocation(2).WithArguments("TaskFactory.StartNew"),
                Verify.Diagnostic("QL0013").WithLocation(3).WithArguments("Sync.Notify"),
                Verify.Diagnostic("QL0013").WithLocation(4).WithArguments("HttpClient.GetStringAsync"),
                Verify.Diagnostic("QL0013").WithLocation(5).WithArguments("IPublishEndpoint.Publish"));

        [Fact]
        public Task Awaited_returned_kept_tasks_lambdas_and_code_outside_jobs_are_quiet()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Quartz;

                public class Sync : IJob
                {
                    private readonly HttpClient _http = new();

                    public async Task Execute(IJobExecutionContext context)
                    {
                        await _http.GetAsync("https://a");
                        var pending = _http.GetAsync("https://b");
                        var all = new List<Task> { pending };
                        await Task.WhenAll(all);
                        Func<Task> later = () => _http.GetAsync("https://c");
                        await later();
                        Log();
                    }

                    private void Log() => Console.WriteLine("done");
                }

                public class NotAJob
                {
                    public void Run() => _ = Task.Run(() => 1);
                }
                """);
    }
}
