using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.EntityMayBeGoneAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0040EntityMayBeGoneTests
    {
        private static Task VerifyAsync(string source, System.Collections.Immutable.ImmutableArray<MetadataReference>? references = null, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        {
            var test = new Verify.Test();
            if (references is { } refs)
            {
                test.References = refs;
            }

            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        [Fact]
        public Task Unguarded_lookups_in_a_hangfire_job_are_reported()
            => VerifyAsync("""
                using System.Linq;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Billing;

                public class AccountJobs
                {
                    private readonly BillingDb _db;
                    public AccountJobs(BillingDb db) => _db = db;

                    public async Task Close(int accountId)
                    {
                        var account = await {|#0:_db.Accounts.FindAsync(accountId)|};
                        account.Status = "closed";
                        var invoice = {|#1:_db.Invoices.FirstOrDefault(i => i.AccountId == accountId)|};
                        invoice.Amount = 0;
                        await _db.SaveChangesAsync();
                    }

                    public async Task Remind(int accountId)
                    {
                        var account = await {|#2:_db.Accounts.FirstAsync(a => a.Id == accountId)|};
                        account.Status = "reminded";
                        var byStatus = await _db.Accounts.FirstAsync(a => a.Status == "open");
                        (await {|#3:_db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId)|}).Status = "x";
                        var configured = await {|#4:_db.Accounts.FindAsync(accountId)|}.ConfigureAwait(false);
                        configured.Status = "y";
                        var forgiven = {|#5:_db.Accounts.FirstOrDefault(a => a.Id == accountId)|};
                        forgiven!.Status = "z";
                    }
                }

                public class Scheduler
                {
                    public void Plan()
                    {
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Close(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Remind(1));
                    }
                }
                """,
                null,
                Verify.Diagnostic("QL0040").WithLocation(0).WithMessage("'account' from 'FindAsync' is used without a null check; the 'Account' may have been deleted after the job was enqueued: check for null and end the job"),
                Verify.Diagnostic("QL0040").WithLocation(1).WithMessage("'invoice' from 'FirstOrDefault' is used without a null check; the 'Invoice' may have been deleted after the job was enqueued: check for null and end the job"),
                Verify.Diagnostic("QL0040").WithLocation(2).WithMessage("'FirstAsync' throws when no row has this key, and the job retries a failure that cannot succeed; the 'Account' may have been deleted after the job was enqueued: check for null and end the job"),
                Verify.Diagnostic("QL0040").WithLocation(3).WithMessage("The result of 'SingleOrDefaultAsync' is used without a null check; the 'Account' may have been deleted after the job was enqueued: check for null and end the job"),
                Verify.Diagnostic("QL0040").WithLocation(4).WithMessage("'configured' from 'FindAsync' is used without a null check; the 'Account' may have been deleted after the job was enqueued: check for null and end the job"),
                Verify.Diagnostic("QL0040").WithLocation(5).WithMessage("'forgiven' from 'FirstOrDefault' is used without a null check; the 'Account' may have been deleted after the job was enqueued: check for null and end the job"));

        [Fact]
        public Task A_key_read_from_a_row_the_job_is_querying_is_not_a_key_that_waited_in_the_queue()
            => VerifyAsync("""
                using System.Linq;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Billing;

                public class InvoiceJobs
                {
                    private readonly BillingDb _db;
                    public InvoiceJobs(BillingDb db) => _db = db;

                    public async Task Settle(int accountId, int[] invoiceIds)
                    {
                        foreach (var invoice in _db.Invoices.Where(i => i.AccountId == accountId))
                        {
                            var account = _db.Accounts.Single(a => a.Id == invoice.AccountId);
                            account.Balance -= invoice.Amount;
                        }

                        var open = from i in _db.Invoices where i.Amount > 0 select i;
                        foreach (var invoice in open)
                        {
                            _db.Accounts.First(a => a.Id == invoice.AccountId).Status = "open";
                        }

                        // Keys the job was given: they waited in the queue.
                        foreach (var id in invoiceIds)
                        {
                            var invoice = {|#0:_db.Invoices.Single(i => i.Id == id)|};
                            invoice.Amount = 0;
                        }

                        await _db.SaveChangesAsync();
                    }
                }

                public class Scheduler
                {
                    public void Plan() => BackgroundJob.Enqueue<InvoiceJobs>(x => x.Settle(1, new[] { 2 }));
                }
                """,
                null,
                Verify.Diagnostic("QL0040").WithLocation(0).WithMessage("'Single' throws when no row has this key, and the job retries a failure that cannot succeed; the 'Invoice' may have been deleted after the job was enqueued: check for null and end the job"));

        [Fact]
        public Task Every_null_check_counts_with_nullable_analysis_on()
            => VerifyAsync(Guarded("#nullable enable"));

        [Fact]
        public Task Every_null_check_counts_with_nullable_analysis_off()
            => VerifyAsync(Guarded("#nullable disable"));

        private static string Guarded(string nullable) => nullable + """

                using System;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Billing;

                public class AccountJobs
                {
                    private readonly BillingDb _db;
                    public AccountJobs(BillingDb db) => _db = db;

                    public async Task EarlyReturn(int id)
                    {
                        var account = await _db.Accounts.FindAsync(id);
                        if (account is null) return;
                        account.Status = "a";
                    }

                    public async Task EqualsNull(int id)
                    {
                        var account = await _db.Accounts.FirstOrDefaultAsync(a => a.Id == id);
                        if (account == null)
                        {
                            return;
                        }

                        account.Status = "b";
                    }

                    public async Task Inside(int id)
                    {
                        var account = await _db.Accounts.FindAsync(id);
                        if (account != null)
                        {
                            account.Status = "c";
                        }
                    }

                    public async Task Conditional(int id)
                    {
                        var account = await _db.Accounts.SingleOrDefaultAsync(a => a.Id == id);
                        var status = account?.Status;
                        var other = await _db.Accounts.FindAsync(id) ?? throw new InvalidOperationException("Account " + id + " is gone");
                        other.Status = "d";
                    }

                    public async Task Configured(int id)
                    {
                        var account = await _db.Accounts
                            .FirstOrDefaultAsync(a => a.Id == id)
                            .ConfigureAwait(false);
                        if (account is null || account.Status == "") return;
                        account.Status = "h";
                    }

                    public async Task Pattern(int id)
                    {
                        if (await _db.Accounts.FindAsync(id) is not { } account) return;
                        account.Status = "e";
                    }

                    public async Task Guard(int id)
                    {
                        var account = await _db.Accounts.FindAsync(id);
                        ArgumentNullException.ThrowIfNull(account);
                        account.Status = "f";
                    }

                    public async Task Caught(int id)
                    {
                        try
                        {
                            var account = await _db.Accounts.FirstAsync(a => a.Id == id);
                            account.Status = "g";
                        }
                        catch (InvalidOperationException)
                        {
                        }
                    }
                }

                public class Scheduler
                {
                    public void Plan()
                    {
                        BackgroundJob.Enqueue<AccountJobs>(x => x.EarlyReturn(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.EqualsNull(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Inside(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Conditional(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Pattern(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Configured(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Guard(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Caught(1));
                    }
                }
                """;

        [Fact]
        public Task Without_nullable_analysis_an_unguarded_use_is_still_reported()
            => VerifyAsync("""
                #nullable disable
                using System.Threading.Tasks;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Hosting;
                using System.Threading;
                using Billing;

                public class Sweeper : BackgroundService
                {
                    private readonly BillingDb _db;
                    public Sweeper(BillingDb db) => _db = db;

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        var account = await {|#0:_db.Accounts.FirstOrDefaultAsync(a => a.Id == 1, stoppingToken)|};
                        account.Status = "swept";
                        if (account == null) return;
                    }
                }
                """,
                null,
                Verify.Diagnostic("QL0040").WithLocation(0).WithMessage("'account' from 'FirstOrDefaultAsync' is used without a null check; the 'Account' may have been deleted after the job was enqueued: check for null and end the job"));

        [Fact]
        public Task Consumers_quartz_jobs_and_called_services_are_job_code()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using MassTransit;
                using Microsoft.EntityFrameworkCore;
                using Quartz;
                using Billing;

                public class ChargeConsumer : IConsumer<ChargeAccount>
                {
                    private readonly BillingDb _db;
                    public ChargeConsumer(BillingDb db) => _db = db;

                    public async Task Consume(ConsumeContext<ChargeAccount> context)
                    {
                        var account = await {|#0:_db.Accounts.FirstOrDefaultAsync(a => a.Id == context.Message.AccountId)|};
                        account.Status = "charged";
                    }
                }

                public interface IAccountService { Task CloseAsync(int id); }

                public class AccountService : IAccountService
                {
                    private readonly BillingDb _db;
                    public AccountService(BillingDb db) => _db = db;

                    public async Task CloseAsync(int id)
                    {
                        var account = await {|#1:_db.Accounts.FindAsync(id)|};
                        account.Status = "closed";
                    }
                }

                public class CloseJob : IJob
                {
                    private readonly IAccountService _service;
                    public CloseJob(IAccountService service) => _service = service;

                    public Task Execute(IJobExecutionContext context) => _service.CloseAsync(context.MergedJobDataMap.GetInt("id"));
                }

                public class NotAJob
                {
                    public async Task Close(BillingDb db, int id)
                    {
                        var account = await db.Accounts.FindAsync(id);
                        account.Status = "closed";
                    }
                }
                """,
                null,
                Verify.Diagnostic("QL0040").WithLocation(0).WithMessage("'account' from 'FirstOrDefaultAsync' is used without a null check; the 'Account' may have been deleted after the job was enqueued: check for null and end the job"),
                Verify.Diagnostic("QL0040").WithLocation(1).WithMessage("'account' from 'FindAsync' is used without a null check; the 'Account' may have been deleted after the job was enqueued: check for null and end the job"));

        [Fact]
        public Task Quartz_4_jobs_are_job_code()
            => VerifyAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;
                using Billing;

                public class CloseJob : IJob
                {
                    private readonly BillingDb _db;
                    public CloseJob(BillingDb db) => _db = db;

                    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
                    {
                        var account = await {|#0:_db.Accounts.FindAsync(new object[] { 1 }, cancellationToken)|};
                        account.Status = "closed";
                    }
                }
                """,
                SnippetReferences.FrameworksWithQuartz4,
                Verify.Diagnostic("QL0040").WithLocation(0).WithMessage("'account' from 'FindAsync' is used without a null check; the 'Account' may have been deleted after the job was enqueued: check for null and end the job"));
    }
}
