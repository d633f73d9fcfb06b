using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.NonIdempotentWriteAnalyzer, QueueLint.CodeFixes.Rules.NonIdempotentWriteFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0030NonIdempotentWriteFixerTests
    {
        private static Task VerifyAsync(string source, string fixedSource, int iterations)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
            test.FixedState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;

            // Unguarded inserts are reported at the compilation's end (the job's checks are all known then), and fixed
            // there as dotnet format and the IDE's full-solution analysis do.
            test.CodeFixTestBehaviors |= Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipLocalDiagnosticCheck;

            // A negative count is an upper bound: the no-op fix of an unfixable finding is offered again.
            test.NumberOfIncrementalIterations = iterations;
            test.NumberOfFixAllIterations = iterations;
            return test.RunAsync();
        }

        [Fact]
        public Task Inserts_keyed_by_the_jobs_arguments_are_guarded_and_the_rest_stay()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using Hangfire;
                using Billing;

                public class InvoiceJobs
                {
                    private readonly BillingDb _db;
                    public InvoiceJobs(BillingDb db) => _db = db;

                    public async Task Bill(int accountId, decimal fee)
                    {
                        var account = await _db.Accounts.FindAsync(accountId);
                        if (account is null) return;
                        {|QL0030:account.Balance += fee|};
                        {|QL0030:_db.Invoices.Add(new Invoice
                        {
                            AccountId = accountId,
                            Amount = fee,
                        })|};
                        await _db.SaveChangesAsync();
                    }

                    public void BillNow(int[] ids)
                    {
                        {|QL0030:_db.Add(new Invoice { Amount = ids.Length })|};
                        _db.SaveChanges();
                    }

                    public void Plan()
                    {
                        BackgroundJob.Enqueue<InvoiceJobs>(x => x.Bill(1, 5m));
                        BackgroundJob.Enqueue<InvoiceJobs>(x => x.BillNow(new[] { 1 }));
                    }
                }

                public class ChargeConsumer(BillingDb db) : MassTransit.IConsumer<ChargeAccount>
                {
                    public async Task Consume(MassTransit.ConsumeContext<ChargeAccount> context)
                    {
                        await {|QL0030:db.AddAsync(new Invoice { AccountId = context.Message.AccountId })|};
                        await db.SaveChangesAsync();
                    }
                }
                """, """
                using System.Threading.Tasks;
                using Hangfire;
                using Billing;
                using Microsoft.EntityFrameworkCore;

                public class InvoiceJobs
                {
                    private readonly BillingDb _db;
                    public InvoiceJobs(BillingDb db) => _db = db;

                    public async Task Bill(int accountId, decimal fee)
                    {
                        var account = await _db.Accounts.FindAsync(accountId);
                        if (account is null) return;
                        {|QL0030:account.Balance += fee|};
                        if (!await _db.Invoices.AnyAsync(row => row.AccountId == accountId))
                        {
                            _db.Invoices.Add(new Invoice
                            {
                                AccountId = accountId,
                                Amount = fee,
                            });
                        }

                        await _db.SaveChangesAsync();
                    }

                    public void BillNow(int[] ids)
                    {
                        {|QL0030:_db.Add(new Invoice { Amount = ids.Length })|};
                        _db.SaveChanges();
                    }

                    public void Plan()
                    {
                        BackgroundJob.Enqueue<InvoiceJobs>(x => x.Bill(1, 5m));
                        BackgroundJob.Enqueue<InvoiceJobs>(x => x.BillNow(new[] { 1 }));
                    }
                }

                public class ChargeConsumer(BillingDb db) : MassTransit.IConsumer<ChargeAccount>
                {
                    public async Task Consume(MassTransit.ConsumeContext<ChargeAccount> context)
                    {
                        if (!await db.Set<Invoice>().AnyAsync(row => row.AccountId == context.Message.AccountId))
                        {
                            await db.AddAsync(new Invoice { AccountId = context.Message.AccountId });
                        }

                        await db.SaveChangesAsync();
                    }
                }
                """,
                iterations: -4);
    }
}
