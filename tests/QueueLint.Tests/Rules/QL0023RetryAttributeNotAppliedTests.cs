using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.RetryAttributeNotAppliedAnalyzer, QueueLint.CodeFixes.Rules.RetryAttributeNotAppliedFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0023RetryAttributeNotAppliedTests
    {
        [Fact]
        public Task Filters_on_implementations_of_interface_jobs_are_reported()
            => Verify.VerifyAnalyzerAsync("""
                using Hangfire;

                public interface IMailer
                {
                    void Send(int id);
                    void Digest();
                }

                public class Mailer : IMailer
                {
                    [{|#0:AutomaticRetry(Attempts = 3)|}]
                    public void Send(int id) { }

                    [{|#1:DisableConcurrentExecution(60)|}, {|#2:AutomaticRetry(Attempts = 1)|}]
                    public void Digest() { }
                }

                public interface IReports
                {
                    void Build();
                }

                [{|#3:AutomaticRetry(Attempts = 2)|}]
                public class Reports : IReports
                {
                    public void Build() { }
                }

                public interface IBilling
                {
                    [AutomaticRetry(Attempts = 2)]
                    void Charge();
                }

                public class Billing : IBilling
                {
                    public void Charge() { }
                }

                public interface IStock
                {
                    void Count();
                }

                public class Stock : IStock
                {
                    [AutomaticRetry(Attempts = 2)]
                    public void Count() { }
                }

                public interface IArchive
                {
                    void Store();
                }

                public class Archive : IArchive
                {
                    [AutomaticRetry(Attempts = 2)]
                    public void Store() { }
                }

                public class Sites
                {
                    public void Run(IArchive archive)
                    {
                        BackgroundJob.Enqueue<IMailer>(x => x.Send(1));
                        BackgroundJob.Enqueue<IMailer>(x => x.Digest());
                        BackgroundJob.Enqueue<IReports>(x => x.Build());
                        BackgroundJob.Enqueue<IBilling>(x => x.Charge());
                        BackgroundJob.Enqueue<IStock>(x => x.Count());
                        BackgroundJob.Enqueue<Stock>(x => x.Count());
                        BackgroundJob.Enqueue<IArchive>(x => x.Store());
                        BackgroundJob.Enqueue(() => archive.Store());
                    }
                }
                """,
                Verify.Diagnostic("QL0023").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("AutomaticRetry", "Mailer.Send", "IMailer.Send"),
                Verify.Diagnostic("QL0023").WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("DisableConcurrentExecution", "Mailer.Digest", "IMailer.Digest"),
                Verify.Diagnostic("QL0023").WithLocation(2).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("AutomaticRetry", "Mailer.Digest", "IMailer.Digest"),
                Verify.Diagnostic("QL0023").WithLocation(3).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("AutomaticRetry", "Reports", "IReports"));

        [Fact]
        public async Task The_attribute_moves_to_the_interface_in_its_own_file()
        {
            var test = new Verify.Test { CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck };
            test.TestState.Sources.Add(("/0/Contracts.cs", """
                namespace Shop.Contracts
                {
                    public interface IMailer
                    {
                        void Send(int id);
                    }

                    public interface IReports
                    {
                        void Build();
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                using Hangfire;
                using Shop.Contracts;

                namespace Shop.Jobs
                {
                    public class Mailer : IMailer
                    {
                        [{|QL0023:AutomaticRetry(Attempts = 3)|}]
                        public void Send(int id) { }
                    }

                    [{|QL0023:AutomaticRetry(Attempts = 2)|}]
                    public class Reports : IReports
                    {
                        public void Build() { }
                    }

                    public class Sites
                    {
                        public void Run()
                        {
                            BackgroundJob.Enqueue<IMailer>(x => x.Send(1));
                            BackgroundJob.Enqueue<IReports>(x => x.Build());
                        }
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Contracts.cs", """
                namespace Shop.Contracts
                {
                    public interface IMailer
                    {
                        [Hangfire.AutomaticRetry(Attempts = 3)]
                        void Send(int id);
                    }

                    [Hangfire.AutomaticRetry(Attempts = 2)]
                    public interface IReports
                    {
                        void Build();
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                using Hangfire;
                using Shop.Contracts;

                namespace Shop.Jobs
                {
                    public class Mailer : IMailer
                    {
                        public void Send(int id) { }
                    }

                    public class Reports : IReports
                    {
                        public void Build() { }
                    }

                    public class Sites
                    {
                        public void Run()
                        {
                            BackgroundJob.Enqueue<IMailer>(x => x.Send(1));
                            BackgroundJob.Enqueue<IReports>(x => x.Build());
                        }
                    }
                }
                """));
            await test.RunAsync();
        }

        [Fact]
        public Task Attributes_sharing_a_list_move_one_by_one()
            => new Verify.Test
            {
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,

                // Two attributes of one list cannot both be cut in one pass without overlapping edits.
                NumberOfFixAllIterations = 2,
                TestCode = """
                using Hangfire;

                public interface IMailer
                {
                    void Digest();
                }

                public class Mailer : IMailer
                {
                    [{|QL0023:DisableConcurrentExecution(60)|}, {|QL0023:AutomaticRetry(Attempts = 1)|}]
                    public void Digest() { }
                }

                public class Sites
                {
                    public void Run() => BackgroundJob.Enqueue<IMailer>(x => x.Digest());
                }
                """,
                FixedCode = """
                using Hangfire;

                public interface IMailer
                {
                    [DisableConcurrentExecution(60)]
                    [AutomaticRetry(Attempts = 1)]
                    void Digest();
                }

                public class Mailer : IMailer
                {
                    public void Digest() { }
                }

                public class Sites
                {
                    public void Run() => BackgroundJob.Enqueue<IMailer>(x => x.Digest());
                }
                """,
            }.RunAsync();
    }
}
