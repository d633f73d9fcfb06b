using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.NonAtomicJobAnalyzer, QueueLint.CodeFixes.Rules.NonAtomicJobFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0032NonAtomicJobFixerTests
    {
        private static Task VerifyAsync(string source, string fixedSource, int? iterations = null)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
            test.FixedState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
            if (iterations is { } count)
            {
                // A negative count is an upper bound: the no-op fix of an unfixable finding is offered again.
                test.NumberOfIncrementalIterations = count;
                test.NumberOfFixAllIterations = count;
            }

            return test.RunAsync();
        }

        [Fact]
        public Task Async_saves_are_wrapped_from_the_first_use_of_the_context()
            => VerifyAsync("""
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Billing;

                public class AccountJobs
                {
                    private readonly BillingDb _db;
                    public AccountJobs(BillingDb db) => _db = db;

                    public async Task Close(int accountId, CancellationToken cancellationToken)
                    {
                        var reason = "closed";
                        var account = await _db.Accounts.FindAsync(accountId);
                        if (account is null) return;
                        account.Status = reason;
                        await _db.SaveChangesAsync(cancellationToken);
                        _db.Invoices.Add(new Invoice { AccountId = accountId });
                        await {|QL0032:_db.SaveChangesAsync(cancellationToken)|};
                    }

                    public void Rebuild(int accountId)
                    {
                        _db.Invoices.Where(i => i.AccountId == accountId).ExecuteDelete();
                        _db.Invoices.Add(new Invoice { AccountId = accountId });
                        {|QL0032:_db.SaveChanges()|};
                    }

                    public void Plan()
                    {
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Close(1, CancellationToken.None));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Rebuild(1));
                    }
                }
                """, """
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Billing;

                public class AccountJobs
                {
                    private readonly BillingDb _db;
                    public AccountJobs(BillingDb db) => _db = db;

                    public async Task Close(int accountId, CancellationToken cancellationToken)
                    {
                        var reason = "closed";
                        await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
                        var account = await _db.Accounts.FindAsync(accountId);
                        if (account is null) return;
                        account.Status = reason;
                        await _db.SaveChangesAsync(cancellationToken);
                        _db.Invoices.Add(new Invoice { AccountId = accountId });
                        await _db.SaveChangesAsync(cancellationToken);
                        await transaction.CommitAsync(cancellationToken);
                    }

                    public void Rebuild(int accountId)
                    {
                        using var transaction = _db.Database.BeginTransaction();
                        _db.Invoices.Where(i => i.AccountId == accountId).ExecuteDelete();
                        _db.Invoices.Add(new Invoice { AccountId = accountId });
                        _db.SaveChanges();
                        transaction.Commit();
                    }

                    public void Plan()
                    {
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Close(1, CancellationToken.None));
                        BackgroundJob.Enqueue<AccountJobs>(x => x.Rebuild(1));
                    }
                }
                """);

        [Fact]
        public Task Saves_in_called_services_are_not_rewritten_but_the_other_findings_are()
            => VerifyAsync(ServiceSaves("""
                        await db.SaveChangesAsync();
                        await {|QL0032:db.SaveChangesAsync()|};
                """), ServiceSaves("""
                        await db.SaveChangesAsync();
                        await db.SaveChangesAsync();
                        await transaction2.CommitAsync();
                """, transactionLine: "        await using var transaction2 = await db.Database.BeginTransactionAsync();\n"),
                iterations: -3);

        private static string ServiceSaves(string saves, string transactionLine = "") => """
                using System.Threading.Tasks;
                using MassTransit;
                using Billing;

                public class Ledger(BillingDb db)
                {
                    public async Task ChargeAsync(int accountId)
                    {
                        db.Invoices.Add(new Invoice { AccountId = accountId });
                        await db.SaveChangesAsync();
                    }
                }

                public class ChargeConsumer(Ledger ledger) : IConsumer<ChargeAccount>
                {
                    public async Task Consume(ConsumeContext<ChargeAccount> context)
                    {
                        await ledger.ChargeAsync(context.Message.AccountId);
                        await {|QL0032:ledger.ChargeAsync(context.Message.AccountId)|};
                    }
                }

                public class CloseConsumer(BillingDb db) : IConsumer<ChargeAccount>
                {
                    public async Task Consume(ConsumeContext<ChargeAccount> context)
                    {
                        var transaction = 1;

                """ + transactionLine + """
                        db.Invoices.Add(new Invoice { AccountId = transaction });

                """ + saves + "\n" + """
                    }
                }
                """;
    }
}
