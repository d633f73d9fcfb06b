using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Tests.Rules;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.Model
{
    /// <summary>What job code does with EF Core, as the model finds it once per compilation.</summary>
    public class EntityFrameworkJobFactsTests
    {
        [Fact]
        public void Saving_methods_and_entities_loaded_by_key_come_from_job_code_only()
        {
            var compilation = CSharpCompilation.Create(
                "Snippet",
                new[]
                {
                    CSharpSyntaxTree.ParseText(JobWriteSnippets.Model, new CSharpParseOptions(LanguageVersion.CSharp12)),
                    CSharpSyntaxTree.ParseText("""
                        using System.Linq;
                        using System.Threading.Tasks;
                        using Microsoft.EntityFrameworkCore;
                        using Quartz;
                        using Billing;

                        public class Ledger(BillingDb db)
                        {
                            public async Task ChargeAsync(int id)
                            {
                                var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == id);
                                await db.SaveChangesAsync();
                            }
                        }

                        public class ChargeJob(Ledger ledger, BillingDb db) : IJob
                        {
                            public async Task Execute(IJobExecutionContext context)
                            {
                                await ledger.ChargeAsync(1);
                                var byStatus = db.Invoices.Where(i => i.Amount > 0).FirstOrDefault();
                            }
                        }

                        public class NotAJob(BillingDb db)
                        {
                            public void Run() { db.ProcessedMessages.Find(System.Guid.Empty); db.SaveChanges(); }
                        }
                        """, new CSharpParseOptions(LanguageVersion.CSharp12)),
                },
                SnippetReferences.Frameworks,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
            var facts = JobModel.Get(compilation).GetEntityFrameworkJobFacts(options, CancellationToken.None);

            Assert.Equal(new[] { "Ledger.ChargeAsync" }, facts.GetMethodsThatSave(CancellationToken.None).Select(m => m.ContainingType.Name + "." + m.Name).ToArray());
            var loaded = facts.GetEntitiesLoadedByKey(CancellationToken.None).ToDictionary(p => p.Key.Name, p => p.Value.ContainingType.Name + "." + p.Value.Name);
            Assert.Equal(new Dictionary<string, string> { ["Account"] = "ChargeJob.Execute" }, loaded);
        }
    }
}
