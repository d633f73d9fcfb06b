using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.NonAtomicJobAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0032NonAtomicJobTests
    {
        private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Diagnostic(int location, string method, int count)
            => Verify.Diagnostic("QL0032").WithSeverity(DiagnosticSeverity.Info).WithLocation(location)
                .WithMessage($"'{method}' saves changes {count} times without a transaction: a failure after the first save leaves half the work done, and the retry repeats it; commit the saves in one transaction");

        [Fact]
        public Task Two_saves_and_delete_then_reinsert_are_reported()
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
                        var account = await _db.Accounts.FindAsync(accountId);
                        if (account is null) return;
                        account.Status = "closed";
                        await _db.SaveChangesAsync();
                        _db.Invoices.Add(new Invoice { AccountId = accountId });
                        await {|#0:_db.SaveChangesAsync()|};
                    }

                    public void Rebuild(int accountId)
                    {
                        _db.Invoices.Where(i => i.AccountId == accountId).ExecuteDelete();
                        _db.Invoices.Add(new Invoice { AccountId = accountId });
                        {|#1:_db.SaveChanges()|};
                    }

                    public void Once(int accountId)
                    {
                        _db.Invoices.Add(new Invoice { AccountId = accountId });
                        _db.SaveChanges();
                    }

                    public void PerItem(int[] ids)
                    {
                        foreach (var id in ids)
                        {
                            _db.Invoices.Add(new Invoice { AccountId = id });
                            _db.SaveChanges();
                        }
                    }
                }

                public class Scheduler
                {
                    public void Plan()
                    {
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Close(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Rebuild(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Once(1));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.PerItem(new[] { 1 }));
                    }

                    public async Task OutsideJobs(BillingDb db)
                    {
                        await db.SaveChangesAsync();
                        await db.SaveChangesAsync();
                    }
                }
                """,
                Diagnostic(0, "AccountJobs.Close", 2),
                Diagnostic(1, "AccountJobs.Rebuild", 2));

        [Fact]
        public Task Saves_in_called_services_count_in_the_job()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using MassTransit;
                using Billing;

                public class Ledger
                {
                    private readonly BillingDb _db;
                    public Ledger(BillingDb db) => _db = db;

                    public async Task ChargeAsync(int accountId, decimal amount)
                    {
                        _db.Invoices.Add(new Invoice { AccountId = accountId, Amount = amount });
                        await _db.SaveChangesAsync();
                    }

                    public async Task MarkAsync(int accountId)
                    {
                        var account = await _db.Accounts.FindAsync(accountId);
                        if (account is null) return;
                        account.Status = "charged";
                        await _db.SaveChangesAsync();
                    }
                }

                public class ChargeConsumer : IConsumer<ChargeAccount>
                {
                    private readonly Ledger _ledger;
                    public ChargeConsumer(Ledger ledger) => _ledger = ledger;

                    public async Task Consume(ConsumeContext<ChargeAccount> context)
                    {
                        await _ledger.ChargeAsync(context.Message.AccountId, context.Message.Amount);
                        await {|#0:_ledger.MarkAsync(context.Message.AccountId)|};
                    }
                }
                """,
                Diagnostic(0, "ChargeConsumer.Consume", 2));

        [Fact]
        public Task Transactions_strategies_and_scopes_enclose_the_saves()
            => VerifyAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using System.Transactions;
                using Microsoft.EntityFrameworkCore;
                using Quartz;
                using Billing;

                public class TransactionJob : IJob
                {
                    private readonly BillingDb _db;
                    public TransactionJob(BillingDb db) => _db = db;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        await using var transaction = await _db.Database.BeginTransactionAsync();
                        await _db.SaveChangesAsync();
                        await _db.SaveChangesAsync();
                        await transaction.CommitAsync();
                    }
                }

                public class StrategyJob : IJob
                {
                    private readonly BillingDb _db;
                    public StrategyJob(BillingDb db) => _db = db;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        var strategy = _db.Database.CreateExecutionStrategy();
                        await strategy.ExecuteAsync(async () =>
                        {
                            await using var transaction = await _db.Database.BeginTransactionAsync();
                            await _db.SaveChangesAsync();
                            await _db.SaveChangesAsync();
                            await transaction.CommitAsync();
                        });
                    }
                }

                public class ScopeJob : IJob
                {
                    private readonly BillingDb _db;
                    public ScopeJob(BillingDb db) => _db = db;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        using var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled);
                        await _db.SaveChangesAsync();
                        await _db.SaveChangesAsync();
                        scope.Complete();
                    }
                }

                public class OuterJob : IJob
                {
                    private readonly BillingDb _db;
                    public OuterJob(BillingDb db) => _db = db;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        await using var transaction = await _db.Database.BeginTransactionAsync();
                        await Work();
                        await transaction.CommitAsync();
                    }

                    private async Task Work()
                    {
                        await _db.SaveChangesAsync();
                        await _db.SaveChangesAsync();
                    }
                }
                """);
    }
}
