using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.NonIdempotentWriteAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0030NonIdempotentWriteTests
    {
        private const string Advice = "record the job's id in a processed-marker table in the same transaction, or write absolute values";
        private const string InsertAdvice = "check for it first (by a key the job's arguments give), or record the job's id in a processed-marker table in the same transaction";

        private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        [Fact]
        public Task Read_modify_writes_that_are_saved_are_reported()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using Hangfire;
                using Billing;

                public class AccountJobs
                {
                    private readonly BillingDb _db;
                    public AccountJobs(BillingDb db) => _db = db;

                    public async Task Remind(int accountId, decimal fee)
                    {
                        var account = await _db.Accounts.FindAsync(accountId);
                        if (account is null) return;
                        {|#0:account.ReminderCount++|};
                        {|#1:account.Balance += fee|};
                        {|#2:account.Balance = account.Balance - fee|};
                        account.Status = "reminded";
                        account.Balance = fee;
                        account.Status ??= "open";
                        account.RetryCount++;
                        account.Rank++;
                        await _db.SaveChangesAsync();
                    }

                    public void NotSaved(Account account) => account.ReminderCount++;
                }

                public class Scheduler
                {
                    public void Plan()
                    {
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Remind(1, 5m));
                    }

                    public async Task OutsideJobs(BillingDb db, Account account)
                    {
                        account.ReminderCount++;
                        await db.SaveChangesAsync();
                    }
                }
                """,
                Verify.Diagnostic("QL0030").WithLocation(0).WithMessage("'account.ReminderCount++' changes a saved value from its old value: a retry or a duplicate delivery of the job does it twice; " + Advice),
                Verify.Diagnostic("QL0030").WithLocation(1).WithMessage("'account.Balance += fee' changes a saved value from its old value: a retry or a duplicate delivery of the job does it twice; " + Advice),
                Verify.Diagnostic("QL0030").WithLocation(2).WithMessage("'account.Balance = account.Balance - fee' changes a saved value from its old value: a retry or a duplicate delivery of the job does it twice; " + Advice));

        [Fact]
        public Task A_write_in_a_called_service_saved_by_the_job_is_reported()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using MassTransit;
                using Billing;

                public class Ledger
                {
                    public void Charge(Account account, decimal amount) => {|#0:account.Balance -= amount|};
                }

                public class ChargeConsumer : IConsumer<ChargeAccount>
                {
                    private readonly BillingDb _db;
                    private readonly Ledger _ledger;
                    public ChargeConsumer(BillingDb db, Ledger ledger) { _db = db; _ledger = ledger; }

                    public async Task Consume(ConsumeContext<ChargeAccount> context)
                    {
                        var account = await _db.Accounts.FindAsync(context.Message.AccountId);
                        if (account is null) return;
                        _ledger.Charge(account, context.Message.Amount);
                        await _db.SaveChangesAsync();
                    }
                }
                """,
                Verify.Diagnostic("QL0030").WithLocation(0).WithMessage("'account.Balance -= amount' changes a saved value from its old value: a retry or a duplicate delivery of the job does it twice; " + Advice));

        [Fact]
        public Task Unguarded_inserts_are_reported_and_guarded_ones_are_not()
            => VerifyAsync("""
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.EntityFrameworkCore;
                using Quartz;
                using Billing;

                public class InvoiceJob : IJob
                {
                    private readonly BillingDb _db;
                    public InvoiceJob(BillingDb db) => _db = db;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        var accountId = context.MergedJobDataMap.GetInt("accountId");
                        {|#0:_db.Invoices.Add(new Invoice { AccountId = accountId, Amount = 10 })|};
                        // One per method: the guard that fixes the first insert fixes the method.
                        var invoice = new Invoice { AccountId = accountId };
                        await _db.AddAsync(invoice);
                        await _db.SaveChangesAsync();
                        await {|#2:_db.Database.ExecuteSqlRawAsync("insert into Invoices (AccountId, Amount) values ({0}, 10)", accountId)|};
                        await _db.Database.ExecuteSqlRawAsync("INSERT INTO Invoices (AccountId, Amount) SELECT {0}, 10 WHERE NOT EXISTS (SELECT 1 FROM Invoices WHERE AccountId = {0})", accountId);
                    }
                }

                public class GuardedJob : IJob
                {
                    private readonly BillingDb _db;
                    public GuardedJob(BillingDb db) => _db = db;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        var accountId = context.MergedJobDataMap.GetInt("accountId");
                        if (await _db.Invoices.AnyAsync(i => i.AccountId == accountId)) return;
                        _db.Invoices.Add(new Invoice { AccountId = accountId, Amount = 10 });
                        await _db.SaveChangesAsync();
                    }
                }

                // A check through a query kept in a local, in query syntax.
                public class QueryGuardedJob : IJob
                {
                    private readonly BillingDb _db;
                    public QueryGuardedJob(BillingDb db) => _db = db;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        var accountId = context.MergedJobDataMap.GetInt("accountId");
                        var open = from i in _db.Invoices where i.AccountId == accountId select i;
                        if (open.Any()) return;
                        _db.Invoices.Add(new Invoice { AccountId = accountId, Amount = 10 });
                        await _db.SaveChangesAsync();
                    }
                }

                public class MarkerJob : IJob
                {
                    private readonly BillingDb _db;
                    public MarkerJob(BillingDb db) => _db = db;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        var id = System.Guid.Parse(context.FireInstanceId);
                        if (_db.ProcessedMessages.Any(m => m.MessageId == id)) return;
                        _db.ProcessedMessages.Add(new ProcessedMessage { MessageId = id });
                        _db.Invoices.Add(new Invoice { AccountId = 1, Amount = 10 });
                        await _db.SaveChangesAsync();
                    }
                }
                """,
                Verify.Diagnostic("QL0030").WithLocation(0).WithMessage("'Add' inserts a new 'Invoice' with no check that it already exists: a retry or a duplicate delivery of the job does it twice; " + InsertAdvice),
                Verify.Diagnostic("QL0030").WithLocation(2).WithMessage("The SQL of 'ExecuteSqlRawAsync' inserts without ON CONFLICT, MERGE or WHERE NOT EXISTS: a retry or a duplicate delivery of the job does it twice; guard the INSERT against an existing row"));

        [Fact]
        public Task Replacing_a_set_and_adding_rows_handed_in_are_not_reported()
            => VerifyAsync("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Billing;

                public class CacheJobs
                {
                    private readonly BillingDb _db;
                    public CacheJobs(BillingDb db) => _db = db;

                    public async Task Refresh(int[] ids)
                    {
                        await _db.Database.ExecuteSqlRawAsync("DELETE FROM Invoices");
                        await _db.Invoices.AddRangeAsync(ids.Select(id => new Invoice { AccountId = id }).ToList());
                        await _db.SaveChangesAsync();
                    }

                    // An account's invoices emptied and added again: a replacement.
                    public async Task Rebill(int accountId)
                    {
                        var account = await _db.Accounts.Include(a => a.Invoices).FirstAsync(a => a.Id == accountId);
                        account.Invoices.Clear();
                        _db.Invoices.AddRange(new[] { new Invoice { AccountId = accountId, Amount = 10 } });
                        await _db.SaveChangesAsync();
                    }

                    public async Task Rebuild(int accountId)
                    {
                        await _db.Invoices.Where(i => i.AccountId == accountId).ExecuteDeleteAsync();
                        _db.Invoices.Add(new Invoice { AccountId = accountId });
                        await _db.SaveChangesAsync();
                    }

                    public async Task Store(IEnumerable<Invoice> invoices)
                    {
                        _db.Invoices.AddRange(invoices);
                        await _db.SaveChangesAsync();
                    }

                    public void Plan()
                    {
                        BackgroundJob.Enqueue<CacheJobs>(x => x.Refresh(new[] { 1 }));
                        BackgroundJob.Enqueue<CacheJobs>(x => x.Rebill(1));
                        BackgroundJob.Enqueue<CacheJobs>(x => x.Rebuild(1));
                        BackgroundJob.Enqueue<CacheJobs>(x => x.Store(new List<Invoice>()));
                    }
                }
                """);

        [Fact]
        public Task A_row_made_from_one_value_the_caller_hands_in_is_the_callers_to_check()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;

                public class DeadLetter
                {
                    public DeadLetter(string message) => Message = message;
                    public int Id { get; set; }
                    public string Message { get; set; }
                }

                public class AuditDb : DbContext
                {
                    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();
                }

                public class DeadLetterStore
                {
                    private readonly AuditDb _db;
                    public DeadLetterStore(AuditDb db) => _db = db;

                    public async Task AddAsync(string message)
                    {
                        _db.DeadLetters.Add(new DeadLetter(message));
                        await _db.SaveChangesAsync();
                    }
                }

                public class Intake
                {
                    private readonly AuditDb _db;
                    private readonly DeadLetterStore _store;
                    public Intake(AuditDb db, DeadLetterStore store) => (_db, _store) = (db, store);

                    public Task Reject(string message) => _store.AddAsync(message);

                    // The job itself turns its argument into a row: a duplicate run adds a second one.
                    public async Task Keep(string message)
                    {
                        {|#0:_db.DeadLetters.Add(new DeadLetter(message))|};
                        await _db.SaveChangesAsync();
                    }

                    public void Plan()
                    {
                        BackgroundJob.Enqueue<Intake>(x => x.Reject("m"));
                        BackgroundJob.Enqueue<Intake>(x => x.Keep("m"));
                    }
                }
                """,
                Verify.Diagnostic("QL0030").WithLocation(0).WithMessage("'Add' inserts a new 'DeadLetter' with no check that it already exists: a retry or a duplicate delivery of the job does it twice; " + InsertAdvice));

        [Fact]
        public Task A_set_based_upsert_filtered_by_the_keys_read_earlier_is_not_reported()
            => VerifyAsync("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Billing;

                public record InvoiceRow(int Id, int AccountId);

                public class ImportJobs
                {
                    private readonly BillingDb _db;
                    public ImportJobs(BillingDb db) => _db = db;

                    public async Task Where(List<InvoiceRow> rows)
                    {
                        var existingIds = await _db.Invoices.Select(i => i.Id).ToListAsync();
                        _db.Invoices.AddRange(rows.Where(r => !existingIds.Contains(r.Id)).Select(r => new Invoice { Id = r.Id, AccountId = r.AccountId }));
                        await _db.SaveChangesAsync();
                    }

                    public async Task Except(List<int> accountIds)
                    {
                        var known = await _db.Invoices.Where(i => i.Amount == 0).Select(i => i.AccountId).ToHashSetAsync();
                        var missing = accountIds.Except(known).Select(id => new Invoice { AccountId = id }).ToList();
                        await _db.Invoices.AddRangeAsync(missing);
                        await _db.SaveChangesAsync();
                    }

                    public async Task Loop(List<InvoiceRow> rows)
                    {
                        var existing = _db.Invoices.Select(i => i.Id).ToArray();
                        foreach (var row in rows)
                        {
                            if (!existing.Contains(row.Id))
                            {
                                _db.Invoices.Add(new Invoice { Id = row.Id, AccountId = row.AccountId });
                            }
                        }

                        await _db.SaveChangesAsync();
                    }

                    // Still reported: the keys read are not used to filter, or come from another set, or are read after.
                    public async Task Unused(List<InvoiceRow> rows)
                    {
                        var existingIds = await _db.Invoices.Select(i => i.Id).ToListAsync();
                        {|#0:_db.Invoices.AddRange(rows.Select(r => new Invoice { Id = r.Id }))|};
                        await _db.SaveChangesAsync();
                    }

                    public async Task OtherSet(List<InvoiceRow> rows)
                    {
                        var accountIds = await _db.Accounts.Select(a => a.Id).ToListAsync();
                        {|#1:_db.Invoices.AddRange(rows.Where(r => !accountIds.Contains(r.Id)).Select(r => new Invoice { Id = r.Id }))|};
                        await _db.SaveChangesAsync();
                    }

                    public void Plan()
                    {
                        BackgroundJob.Enqueue<ImportJobs>(x => x.Where(new List<InvoiceRow>()));
                        BackgroundJob.Enqueue<ImportJobs>(x => x.Except(new List<int>()));
                        BackgroundJob.Enqueue<ImportJobs>(x => x.Loop(new List<InvoiceRow>()));
                        BackgroundJob.Enqueue<ImportJobs>(x => x.Unused(new List<InvoiceRow>()));
                        BackgroundJob.Enqueue<ImportJobs>(x => x.OtherSet(new List<InvoiceRow>()));
                    }
                }
                """,
                Verify.Diagnostic("QL0030").WithLocation(0).WithMessage("'AddRange' inserts a new 'Invoice' with no check that it already exists: a retry or a duplicate delivery of the job does it twice; " + InsertAdvice),
                Verify.Diagnostic("QL0030").WithLocation(1).WithMessage("'AddRange' inserts a new 'Invoice' with no check that it already exists: a retry or a duplicate delivery of the job does it twice; " + InsertAdvice));

        [Fact]
        public Task The_message_names_the_entity_of_a_collection_added_to_the_context()
            => VerifyAsync("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Hangfire;
                using Billing;

                public class ImportJobs
                {
                    private readonly BillingDb _db;
                    public ImportJobs(BillingDb db) => _db = db;

                    public async Task AsList(List<int> ids)
                    {
                        {|#0:_db.AddRange(ids.Select(id => new Invoice { AccountId = id }).ToList())|};
                        await _db.SaveChangesAsync();
                    }

                    public async Task AsSequence(List<int> ids)
                    {
                        {|#1:_db.AddRange(ids.Select(id => new Invoice { AccountId = id }))|};
                        await _db.SaveChangesAsync();
                    }

                    public void Plan()
                    {
                        BackgroundJob.Enqueue<ImportJobs>(x => x.AsList(new List<int>()));
                        BackgroundJob.Enqueue<ImportJobs>(x => x.AsSequence(new List<int>()));
                    }
                }
                """,
                Verify.Diagnostic("QL0030").WithLocation(0).WithMessage("'AddRange' inserts a new 'Invoice' with no check that it already exists: a retry or a duplicate delivery of the job does it twice; " + InsertAdvice),
                Verify.Diagnostic("QL0030").WithLocation(1).WithMessage("'AddRange' inserts a new 'Invoice' with no check that it already exists: a retry or a duplicate delivery of the job does it twice; " + InsertAdvice));

        [Fact]
        public Task Execute_update_from_itself_and_raw_sql_are_reported()
            => VerifyAsync("""
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Hosting;
                using Billing;

                public class Interest : BackgroundService
                {
                    private readonly BillingDb _db;
                    public Interest(BillingDb db) => _db = db;

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        await _db.Accounts.Where(a => a.Balance > 0).ExecuteUpdateAsync(s => {|#0:s.SetProperty(a => a.Balance, a => a.Balance * 1.01m)|}, stoppingToken);
                        await _db.Accounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, "open"), stoppingToken);
                        await _db.Accounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, a => "x" + a.Id), stoppingToken);
                        await {|#1:_db.Database.ExecuteSqlRawAsync("UPDATE [Accounts] SET [ReminderCount] = [ReminderCount] + 1", stoppingToken)|};
                        await {|#2:_db.Database.ExecuteSqlRawAsync("UPDATE \"Accounts\" SET \"Status\" = 'x', \"Balance\" = \"Accounts\".\"Balance\" - 5", stoppingToken)|};
                        var id = 5;
                        // A hosted service is not redelivered: its inserts are not repeated by a framework.
                        await _db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO Invoices (AccountId, Amount) VALUES ({id}, 10)", stoppingToken);
                        await _db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO Invoices (AccountId, Amount) VALUES ({id}, 10) ON CONFLICT DO NOTHING", stoppingToken);
                        await _db.Database.ExecuteSqlRawAsync("UPDATE Accounts SET Status = 'open'", stoppingToken);
                    }
                }
                """,
                Verify.Diagnostic("QL0030").WithLocation(0).WithMessage("'s.SetProperty(a => a.Balance, a => a.Balance * 1.01m)' sets 'Balance' from its old value: a retry or a duplicate delivery of the job does it twice; " + Advice),
                Verify.Diagnostic("QL0030").WithLocation(1).WithMessage("The SQL of 'ExecuteSqlRawAsync' adds to a column's old value: a retry or a duplicate delivery of the job does it twice; " + Advice),
                Verify.Diagnostic("QL0030").WithLocation(2).WithMessage("The SQL of 'ExecuteSqlRawAsync' adds to a column's old value: a retry or a duplicate delivery of the job does it twice; " + Advice));
    }
}
