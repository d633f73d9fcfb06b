using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0001: the enqueue site passes the entity's key, and the job class gains an overload taking the key
    /// that loads the entity fresh (null-guarded) and calls the original method, so other callers keep
    /// compiling. Offered only where the key, the job method's source and a <c>DbContext</c> member to load
    /// with are all found.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassEntityIdFixer))]
    [Shared]
    public sealed class PassEntityIdFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.PassEntityId + ".PassKeyAndLoadInJob";

        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider("Pass keys and load the entities in the jobs", PassEntityIdFix.ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.PassEntityId);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (diagnostic.Properties.ContainsKey(PassEntityIdAnalyzer.JobDataKeyProperty))
                {
                    if (await PassEntityIdJobDataFix.TryPlanAsync(context.Document.Project.Solution, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } dataPlan
                        && await dataPlan.GetChangesAsync(new HashSet<(DocumentId, TextSpan)>(), context.CancellationToken).ConfigureAwait(false) is not null)
                    {
                        s_fixAll.RegisterFix(context, diagnostic, "Put the key of '" + dataPlan.Entity.Name + "' in the job data and load it in the job", EquivalenceKey);
                    }

                    continue;
                }

                if (PassEntityIdMessageFix.Applies(diagnostic))
                {
                    if (await PassEntityIdMessageFix.GetChangesAsync(context.Document.Project.Solution, new[] { (context.Document, diagnostic) }, new HashSet<(DocumentId, TextSpan)>(), context.CancellationToken).ConfigureAwait(false) is not null)
                    {
                        s_fixAll.RegisterFix(context, diagnostic, "Pass the key in the message and load the entity in its consumers", EquivalenceKey);
                    }

                    continue;
                }

                if (!diagnostic.Properties.ContainsKey(PassEntityIdAnalyzer.JobArgumentProperty))
                {
                    continue;
                }

                var plan = await PassEntityIdFix.TryPlanAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (plan is null)
                {
                    continue;
                }

                s_fixAll.RegisterFix(context, diagnostic, "Pass the key and load '" + plan.Method.EntityNames + "' in the job", EquivalenceKey);
            }
        }
    }
}
