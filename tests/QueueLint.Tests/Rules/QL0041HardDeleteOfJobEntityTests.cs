using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.HardDeleteOfJobEntityAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0041HardDeleteOfJobEntityTests
    {
        private const string Jobs = """
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
                    var account = await _db.Accounts.FindAsync(new object[] { context.MergedJobDataMap.GetInt("id") }, cancellationToken);
                    if (account is null) return;
                    account.Status = "closed";
                    await _db.SaveChangesAsync(cancellationToken);
                }
            }
            """;

        [Fact]
        public Task Deletes_of_rows_a_job_loads_by_key_are_reported_in_any_file()
        {
            var test = new Verify.Test { References = SnippetReferences.FrameworksWithQuartz4 };
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.EntityFrameworkCore;
                using Billing;

                public class AccountsController
                {
                    private readonly BillingDb _db;
                    public AccountsController(BillingDb db) => _db = db;

                    public async Task Delete(Account account, Invoice invoice)
                    {
                        {|#0:_db.Accounts.Remove(account)|};
                        {|#1:_db.Remove(account)|};
                        _db.Invoices.Remove(invoice);
                        await {|#2:_db.Accounts.Where(a => a.Status == "closed").ExecuteDeleteAsync()|};
                        await _db.Invoices.Where(i => i.Amount == 0).ExecuteDeleteAsync();
                        await _db.SaveChangesAsync();
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Jobs.cs", Jobs));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.ExpectedDiagnostics.Add(Diagnostic(0, "Remove"));
            test.ExpectedDiagnostics.Add(Diagnostic(1, "Remove"));
            test.ExpectedDiagnostics.Add(Diagnostic(2, "ExecuteDeleteAsync"));
            return test.RunAsync();
        }

        [Fact]
        public Task Types_no_job_loads_by_key_are_not_reported()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using System.Linq;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Billing;

                public class Jobs
                {
                    private readonly BillingDb _db;
                    public Jobs(BillingDb db) => _db = db;

                    public async Task Sweep() => await _db.Accounts.Where(a => a.Status == "old").ToListAsync();
                }

                public class AccountsController
                {
                    public void Delete(BillingDb db, Account account, BillingDb other)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.Sweep());
                        db.Accounts.Remove(account);
                        var loaded = other.Accounts.Find(1);
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            return test.RunAsync();
        }

        [Fact]
        public Task A_call_through_a_constructed_generic_interface_reaches_only_the_implementations_for_that_type()
        {
            // The job reads accounts through IRepository<Account>: the invoice repository's lookup is not job code,
            // so deleting invoices is not reported.
            var test = new Verify.Test { References = SnippetReferences.FrameworksWithQuartz4 };
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;
                using Billing;

                public interface IRepository<T> { Task<T?> GetAsync(int id); }

                public class AccountRepository : IRepository<Account>
                {
                    private readonly BillingDb _db;
                    public AccountRepository(BillingDb db) => _db = db;
                    public async Task<Account?> GetAsync(int id) => await _db.Accounts.FindAsync(id);
                    public void Delete(Account account) => {|#0:_db.Accounts.Remove(account)|};
                }

                public class InvoiceRepository : IRepository<Invoice>
                {
                    private readonly BillingDb _db;
                    public InvoiceRepository(BillingDb db) => _db = db;
                    public async Task<Invoice?> GetAsync(int id) => await _db.Invoices.FindAsync(id);
                    public void Delete(Invoice invoice) => _db.Invoices.Remove(invoice);
                }

                public class CloseJob : IJob
                {
                    private readonly IRepository<Account> _accounts;
                    public CloseJob(IRepository<Account> accounts) => _accounts = accounts;

                    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
                        => await _accounts.GetAsync(context.MergedJobDataMap.GetInt("id"));
                }
                """));
            test.TestState.Sources.Add(("/0/Model.cs", JobWriteSnippets.Model));
            test.ExpectedDiagnostics.Add(Diagnostic(0, "Remove"));
            return test.RunAsync();
        }

        private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Diagnostic(int location, string method)
            => Verify.Diagnostic("QL0041").WithSeverity(DiagnosticSeverity.Info).WithLocation(location)
                .WithMessage($"'{method}' deletes 'Account' rows, which job 'CloseJob.Execute' loads by key: a job still pending for a deleted row will find nothing; soft-delete it, or cancel or wait for the pending jobs");
    }
}
