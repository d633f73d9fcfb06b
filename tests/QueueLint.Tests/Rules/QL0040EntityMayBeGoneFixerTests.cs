using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.EntityMayBeGoneAnalyzer, QueueLint.CodeFixes.Rules.EntityMayBeGoneFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0040EntityMayBeGoneFixerTests
    {
        private static Task VerifyAsync(string source, string fixedSource, int? iterations = null)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
            test.FixedState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            if (iterations is { } count)
            {
                // A negative count is an upper bound: the no-op fix of an unfixable finding is offered again.
                test.NumberOfIncrementalIterations = count;
                test.NumberOfFixAllIterations = count;
            }

            // An unfixable finding stays; the fix registered for it changes nothing.
            test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
            return test.RunAsync();
        }

        [Fact]
        public Task Guards_log_with_the_jobs_logger_and_end_the_job()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Logging;
                using Billing;

                public class AccountJobs
                {
                    private readonly BillingDb _db;
                    private readonly ILogger<AccountJobs> _logger;

                    public AccountJobs(BillingDb db, ILogger<AccountJobs> logger)
                    {
                        _db = db;
                        _logger = logger;
                    }

                    public async Task Close(int accountId)
                    {
                        var account = await {|QL0040:_db.Accounts.FindAsync(accountId)|};
                        account.Status = "closed";
                        var invoice = await {|QL0040:_db.Invoices.FirstAsync(i => i.Id == accountId)|};
                        invoice.Amount = 0;
                        await _db.SaveChangesAsync();
                    }

                    public void Plan() => BackgroundJob.Enqueue<AccountJobs>(x => x.Close(1));
                }
                """, """
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Logging;
                using Billing;

                public class AccountJobs
                {
                    private readonly BillingDb _db;
                    private readonly ILogger<AccountJobs> _logger;

                    public AccountJobs(BillingDb db, ILogger<AccountJobs> logger)
                    {
                        _db = db;
                        _logger = logger;
                    }

                    public async Task Close(int accountId)
                    {
                        var account = await _db.Accounts.FindAsync(accountId);
                        if (account is null)
                        {
                            _logger.LogWarning("Account {AccountId} was not found; the job has nothing to do.", accountId);
                            return;
                        }

                        account.Status = "closed";
                        var invoice = await _db.Invoices.FirstOrDefaultAsync(i => i.Id == accountId);
                        if (invoice is null)
                        {
                            _logger.LogWarning("Invoice {AccountId} was not found; the job has nothing to do.", accountId);
                            return;
                        }

                        invoice.Amount = 0;
                        await _db.SaveChangesAsync();
                    }

                    public void Plan() => BackgroundJob.Enqueue<AccountJobs>(x => x.Close(1));
                }
                """);

        [Fact]
        public Task Without_a_logger_the_guard_returns_and_in_a_loop_it_continues()
            => VerifyAsync("""
                using System.Linq;
                using System.Threading.Tasks;
                using MassTransit;
                using Billing;

                public class ChargeConsumer(BillingDb db) : IConsumer<ChargeAccount>
                {
                    public async Task Consume(ConsumeContext<ChargeAccount> context)
                    {
                        var account = {|QL0040:db.Accounts.Single(a => a.Id == context.Message.AccountId)|};
                        account.Status = "charged";
                        foreach (var id in new[] { 1, 2 })
                        {
                            var invoice = await {|QL0040:db.Invoices.FindAsync(id)|};
                            invoice.Amount = 0;
                        }

                        {|QL0040:db.Accounts.FirstOrDefault(a => a.Id == 3)|}.Status = "x";
                    }
                }
                """, """
                using System.Linq;
                using System.Threading.Tasks;
                using MassTransit;
                using Billing;

                public class ChargeConsumer(BillingDb db) : IConsumer<ChargeAccount>
                {
                    public async Task Consume(ConsumeContext<ChargeAccount> context)
                    {
                        var account = db.Accounts.SingleOrDefault(a => a.Id == context.Message.AccountId);
                        if (account is null)
                        {
                            return;
                        }

                        account.Status = "charged";
                        foreach (var id in new[] { 1, 2 })
                        {
                            var invoice = await db.Invoices.FindAsync(id);
                            if (invoice is null)
                            {
                                continue;
                            }

                            invoice.Amount = 0;
                        }

                        {|QL0040:db.Accounts.FirstOrDefault(a => a.Id == 3)|}.Status = "x";
                    }
                }
                """,
                iterations: -4);

        [Fact]
        public Task A_primary_constructor_logger_is_used_and_the_logging_namespace_imported()
            => VerifyAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Billing;
                using Quartz;

                public class CloseJob(BillingDb db, Microsoft.Extensions.Logging.ILogger<CloseJob> log) : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        var id = context.MergedJobDataMap.GetInt("id");
                        var account = await {|QL0040:db.Accounts.FindAsync(id)|};
                        account.Status = "closed";
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;
                using Billing;
                using Microsoft.Extensions.Logging;
                using Quartz;

                public class CloseJob(BillingDb db, Microsoft.Extensions.Logging.ILogger<CloseJob> log) : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        var id = context.MergedJobDataMap.GetInt("id");
                        var account = await db.Accounts.FindAsync(id);
                        if (account is null)
                        {
                            log.LogWarning("Account {Id} was not found; the job has nothing to do.", id);
                            return;
                        }

                        account.Status = "closed";
                    }
                }
                """);
    }
}
