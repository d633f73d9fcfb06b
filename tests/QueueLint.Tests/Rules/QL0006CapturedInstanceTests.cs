using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.CapturedInstanceAnalyzer, QueueLint.CodeFixes.Rules.CapturedInstanceFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0006CapturedInstanceTests
    {
        private const string Services = """
            using System.Threading.Tasks;

            public interface IMailer
            {
                void Send(string to);
                Task SendAsync(string to);
            }

            public class Mailer : IMailer
            {
                public string LastRecipient = "";
                public void Send(string to) => LastRecipient = to;
                public Task SendAsync(string to) => Task.CompletedTask;
                public static void Broadcast(string text) { }
            }
            """;

        private static Task VerifyAsync(string source, string? fixedSource = null, params DiagnosticResult[] expected)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Services.cs", Services));
            test.ExpectedDiagnostics.AddRange(expected);
            if (fixedSource is not null)
            {
                test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
                test.FixedState.Sources.Add(("/0/Services.cs", Services));
            }

            return test.RunAsync();
        }

        [Fact]
        public Task Captured_field_local_parameter_and_this_are_reported_and_rewritten()
            => VerifyAsync("""
                using System;
                using Hangfire;

                public class Checkout
                {
                    private readonly IMailer _mailer = new Mailer();
                    private readonly IBackgroundJobClient _jobs;

                    public Checkout(IBackgroundJobClient jobs) => _jobs = jobs;

                    public void Work() { }

                    public void Complete(Mailer local, string parentId)
                    {
                        BackgroundJob.Enqueue(() => {|#0:_mailer|}.Send("a@example.com"));
                        BackgroundJob.Schedule(() => {|QL0006:local|}.SendAsync("b@example.com"), TimeSpan.FromMinutes(5));
                        BackgroundJob.ContinueJobWith(parentId, () => {|QL0006:this|}.Work());
                        _jobs.Enqueue(() => {|QL0006:Work()|});
                        RecurringJob.AddOrUpdate("mail", () => {|QL0006:_mailer|}.Send("c@example.com"), Cron.Daily());
                    }
                }
                """, """
                using System;
                using Hangfire;

                public class Checkout
                {
                    private readonly IMailer _mailer = new Mailer();
                    private readonly IBackgroundJobClient _jobs;

                    public Checkout(IBackgroundJobClient jobs) => _jobs = jobs;

                    public void Work() { }

                    public void Complete(Mailer local, string parentId)
                    {
                        BackgroundJob.Enqueue<IMailer>(x => x.Send("a@example.com"));
                        BackgroundJob.Schedule<Mailer>(x => x.SendAsync("b@example.com"), TimeSpan.FromMinutes(5));
                        BackgroundJob.ContinueJobWith<Checkout>(parentId, x => x.Work());
                        _jobs.Enqueue<Checkout>(x => x.Work());
                        RecurringJob.AddOrUpdate<IMailer>("mail", x => x.Send("c@example.com"), Cron.Daily());
                    }
                }
                """,
                Verify.Diagnostic("QL0006").WithLocation(0)
                    .WithMessage("Job 'IMailer.Send' is called on '_mailer', but Hangfire stores only its type and method and calls a new instance; use the generic form Enqueue<IMailer>(x => x.Send(...))"));

        [Fact]
        public Task Static_methods_and_the_generic_form_are_fine()
            => VerifyAsync("""
                using Hangfire;

                public class Checkout
                {
                    public void Complete(IBackgroundJobClient jobs)
                    {
                        BackgroundJob.Enqueue(() => Mailer.Broadcast("hello"));
                        BackgroundJob.Enqueue<IMailer>(x => x.Send("a@example.com"));
                        jobs.Enqueue<Mailer>(mailer => mailer.SendAsync("b@example.com"));
                    }
                }
                """);

        [Fact]
        public Task Lambda_parameter_name_avoids_names_in_scope()
            => VerifyAsync("""
                using Hangfire;

                public class Checkout
                {
                    private readonly IMailer _mailer = new Mailer();

                    public void Complete(string x) => BackgroundJob.Enqueue(() => {|QL0006:_mailer|}.Send(x));
                }
                """, """
                using Hangfire;

                public class Checkout
                {
                    private readonly IMailer _mailer = new Mailer();

                    public void Complete(string x) => BackgroundJob.Enqueue<IMailer>(job => job.Send(x));
                }
                """);
    }
}
