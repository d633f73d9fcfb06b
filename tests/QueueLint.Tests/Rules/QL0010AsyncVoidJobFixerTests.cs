using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.AsyncVoidJobAnalyzer, QueueLint.CodeFixes.Rules.AsyncVoidJobFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0010AsyncVoidJobFixerTests
    {
        [Fact]
        public async Task Returns_task_and_async_callers_await_while_enqueue_sites_keep_compiling()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                using System.Threading.Tasks;
                using Quartz;

                public class Reports
                {
                    public async void {|QL0010:Build|}(int id) => await Task.Delay(id);
                }

                public class Sync : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        Notify();
                        Fire();
                        await Task.Yield();

                        async void {|QL0010:Fire|}() => await Task.Delay(1);
                    }

                    private async void {|QL0010:Notify|}()
                    {
                        await Task.Delay(1);
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Web.cs", """
                using Hangfire;

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Reports>(x => x.Build(1));
                }
                """));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                using System.Threading.Tasks;
                using Quartz;

                public class Reports
                {
                    public async Task Build(int id) => await Task.Delay(id);
                }

                public class Sync : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        await Notify();
                        await Fire();
                        await Task.Yield();

                        async Task Fire() => await Task.Delay(1);
                    }

                    private async Task Notify()
                    {
                        await Task.Delay(1);
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Web.cs", """
                using Hangfire;

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Reports>(x => x.Build(1));
                }
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task Adds_the_tasks_namespace_when_the_file_lacks_it()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using Hangfire;

                    public class Reports
                    {
                        public async void {|QL0010:Build|}(int id) => await System.Threading.Tasks.Task.Delay(id);
                        public void Post() => BackgroundJob.Enqueue<Reports>(x => x.Build(1));
                    }
                    """,
                FixedCode = """
                    using System.Threading.Tasks;
                    using Hangfire;

                    public class Reports
                    {
                        public async Task Build(int id) => await System.Threading.Tasks.Task.Delay(id);
                        public void Post() => BackgroundJob.Enqueue<Reports>(x => x.Build(1));
                    }
                    """,
            };
            await test.RunAsync();
        }

        /// <summary>
        /// A synchronous caller is made async in turn, up to the entry point; a caller that cannot await (in a lock)
        /// keeps calling it without waiting, as it did.
        /// </summary>
        [Fact]
        public Task Synchronous_callers_become_async_up_to_the_entry_point()
            => Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;
                using Quartz;

                public class Sync : IJob
                {
                    public Task Execute(IJobExecutionContext context)
                    {
                        Trigger();
                        Locked();
                        return Task.CompletedTask;
                    }

                    private void Trigger()
                    {
                        Notify();
                    }

                    private void Locked()
                    {
                        lock (this)
                        {
                            Notify();
                        }
                    }

                    private async void {|QL0010:Notify|}() => await Task.Delay(1);
                }
                """, """
                using System.Threading.Tasks;
                using Quartz;

                public class Sync : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        await Trigger();
                        Locked();
                    }

                    private async Task Trigger()
                    {
                        await Notify();
                    }

                    private void Locked()
                    {
                        lock (this)
                        {
                            Notify();
                        }
                    }

                    private async Task Notify() => await Task.Delay(1);
                }
                """);
    }
}
