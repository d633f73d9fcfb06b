using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.UnobservedTaskAnalyzer, QueueLint.CodeFixes.Rules.UnobservedTaskFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0013UnobservedTaskFixerTests
    {
        [Fact]
        public Task Awaits_in_async_methods_and_makes_task_returning_methods_async()
            => Verify.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Quartz;

                public class Sync : IJob
                {
                    private readonly HttpClient _http = new();

                    public Task Execute(IJobExecutionContext context)
                    {
                        _ = {|QL0013:_http.GetAsync("https://a")|};
                        {|QL0013:Notify()|};
                        return Task.CompletedTask;
                    }

                    private async Task Notify()
                    {
                        {|QL0013:_http.GetStringAsync("https://c")|};
                        await Task.Yield();
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
                        await _http.GetAsync("https://a");
                        await Notify();
                    }

                    private async Task Notify()
                    {
                        await _http.GetStringAsync("https://c");
                        await Task.Yield();
                    }
                }
                """);

        [Fact]
        public async Task A_void_job_method_returns_task_and_its_enqueue_site_still_compiles()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                using System.Net.Http;

                public class Mailer
                {
                    public void Send(int orderId)
                    {
                        {|QL0013:new HttpClient().GetAsync("https://mail/" + orderId)|};
                    }

                    // Loads jobs queued with an older signature.
                    public void Send(int orderId, string note) => Send(orderId);
                }
                """));
            test.TestState.Sources.Add(("/0/Web.cs", """
                using Hangfire;

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Mailer>(x => x.Send(1));
                }
                """));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Mailer
                {
                    public async Task Send(int orderId)
                    {
                        await new HttpClient().GetAsync("https://mail/" + orderId);
                    }

                    // Loads jobs queued with an older signature.
                    public Task Send(int orderId, string note) => Send(orderId);
                }
                """));
            test.FixedState.Sources.Add(("/0/Web.cs", """
                using Hangfire;

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Mailer>(x => x.Send(1));
                }
                """));
            await test.RunAsync();
        }

        /// <summary>A method returning a value returns a task of it, and its callers await it (as QL0051's fix does).</summary>
        [Fact]
        public Task A_method_returning_a_value_returns_a_task_of_it_and_its_callers_await()
            => Verify.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Quartz;

                public class Report : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        var count = Count();
                        await Task.Yield();
                    }

                    private int Count()
                    {
                        _ = {|QL0013:new HttpClient().GetAsync("https://example.com")|};
                        return 1;
                    }
                }
                """, """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Quartz;

                public class Report : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        var count = await Count();
                        await Task.Yield();
                    }

                    private async Task<int> Count()
                    {
                        await new HttpClient().GetAsync("https://example.com");
                        return 1;
                    }
                }
                """);
    }
}
