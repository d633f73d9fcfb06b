using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.ExplicitRecurringJobIdAnalyzer, QueueLint.CodeFixes.Rules.ExplicitRecurringJobIdFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0061ExplicitRecurringJobIdTests
    {
        private static DiagnosticResult Expected(int location, string job, string id)
            => Verify.Diagnostic("QL0061").WithLocation(location).WithSeverity(DiagnosticSeverity.Info)
                .WithMessage($"Recurring job '{job}' gets its id from its type and method names ({id}): renaming either creates a new schedule and leaves the old one running; pass the id explicitly");

        [Fact]
        public Task Id_less_overloads_are_reported_with_the_id_Hangfire_derives()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Hangfire;

                namespace Shop.Jobs
                {
                    public class Reports
                    {
                        public void Nightly() { }
                        public Task MonthlyAsync(int month) => Task.CompletedTask;
                        public static void Purge() { }

                        public class Archive
                        {
                            public void Run() { }
                        }
                    }

                    public class Repository<T>
                    {
                        public void Compact() { }
                    }

                    public class Order { }

                    public class Setup
                    {
                        public void Run(Reports reports, IRecurringJobManager manager)
                        {
                #pragma warning disable CS0618
                            RecurringJob.{|#0:AddOrUpdate|}<Reports>(x => x.Nightly(), Cron.Daily());
                            RecurringJob.{|#1:AddOrUpdate|}<Reports>(x => x.MonthlyAsync(1), Cron.Monthly);
                            RecurringJob.{|#2:AddOrUpdate|}(() => Reports.Purge(), Cron.Hourly(), new RecurringJobOptions());
                            RecurringJob.{|#3:AddOrUpdate|}<Reports.Archive>(x => x.Run(), "0 3 * * *");
                            RecurringJob.{|#4:AddOrUpdate|}<Repository<Order>>(x => x.Compact(), "0 4 * * *");
                            RecurringJob.{|#5:AddOrUpdate|}(() => reports.Nightly(), Cron.Daily());
                #pragma warning restore CS0618

                            // Not reported: the id is explicit.
                            RecurringJob.AddOrUpdate<Reports>("nightly", x => x.Nightly(), Cron.Daily());
                            manager.AddOrUpdate<Reports>("monthly", x => x.MonthlyAsync(1), Cron.Monthly());
                            BackgroundJob.Enqueue<Reports>(x => x.Nightly());
                        }
                    }
                }
                """,
                Expected(0, "Reports.Nightly", "'Reports.Nightly'"),
                Expected(1, "Reports.MonthlyAsync", "'Reports.MonthlyAsync'"),
                Expected(2, "Reports.Purge", "'Reports.Purge'"),
                Expected(3, "Archive.Run", "'Reports.Archive.Run'"),
                Expected(4, "Repository.Compact", "'Repository<Order>.Compact'"),
                Expected(5, "Reports.Nightly", "from the instance's run-time type"));

        [Fact]
        public Task Without_Hangfire_nothing_is_reported()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    public class RecurringJob
                    {
                        public static void AddOrUpdate(System.Action job, string cron) { }
                        public void Run() => AddOrUpdate(() => { }, "* * * * *");
                    }
                    """,
                References = Verifiers.SnippetReferences.NetOnly,
            };
            return test.RunAsync();
        }

        [Fact]
        public async Task The_fix_passes_the_derived_id_so_the_schedule_keeps_its_id()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using Hangfire;

                    public class Reports
                    {
                        public void Nightly() { }
                        public void Weekly() { }

                        public class Archive
                        {
                            public void Run() { }
                        }
                    }

                    public class Setup
                    {
                        public void Run(Reports reports)
                        {
                    #pragma warning disable CS0618
                            RecurringJob.{|#0:AddOrUpdate|}<Reports>(x => x.Nightly(), Cron.Daily());
                            RecurringJob.{|#1:AddOrUpdate|}<Reports.Archive>(
                                x => x.Run(),
                                Cron.Daily());
                            RecurringJob.{|#2:AddOrUpdate|}<Reports>(methodCall: x => x.Weekly(), cronExpression: Cron.Weekly());
                            RecurringJob.{|#3:AddOrUpdate|}(() => reports.Nightly(), Cron.Daily());
                    #pragma warning restore CS0618
                        }
                    }
                    """,
                FixedCode = """
                    using Hangfire;

                    public class Reports
                    {
                        public void Nightly() { }
                        public void Weekly() { }

                        public class Archive
                        {
                            public void Run() { }
                        }
                    }

                    public class Setup
                    {
                        public void Run(Reports reports)
                        {
                    #pragma warning disable CS0618
                            RecurringJob.AddOrUpdate<Reports>("Reports.Nightly", x => x.Nightly(), Cron.Daily());
                            RecurringJob.AddOrUpdate<Reports.Archive>(
                                "Reports.Archive.Run",
                                x => x.Run(),
                                Cron.Daily());
                            RecurringJob.AddOrUpdate<Reports>(recurringJobId: "Reports.Weekly", methodCall: x => x.Weekly(), cronExpression: Cron.Weekly());
                            RecurringJob.{|#3:AddOrUpdate|}(() => reports.Nightly(), Cron.Daily());
                    #pragma warning restore CS0618
                        }
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(Expected(0, "Reports.Nightly", "'Reports.Nightly'"));
            test.ExpectedDiagnostics.Add(Expected(1, "Archive.Run", "'Reports.Archive.Run'"));
            test.ExpectedDiagnostics.Add(Expected(2, "Reports.Weekly", "'Reports.Weekly'"));
            test.ExpectedDiagnostics.Add(Expected(3, "Reports.Nightly", "from the instance's run-time type"));
            test.FixedState.ExpectedDiagnostics.Add(Expected(3, "Reports.Nightly", "from the instance's run-time type"));
            await test.RunAsync();
        }
    }
}
