using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>QL0021: rewrites the retry policy in its own library's terms (see <see cref="RetryFixes"/>).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnboundedRetriesFixer))]
    [Shared]
    public sealed class UnboundedRetriesFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.UnboundedRetries + ".Bound";

        private static readonly SolutionFixAllProvider s_fixAll = new("Bound the retries", RetryFixes.Apply(RetryFixes.ComputeAsync));

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnboundedRetries);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var changes = await RetryFixes.ComputeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (!changes.IsEmpty)
                {
                    s_fixAll.RegisterFix(context, diagnostic, "Bound the retries", EquivalenceKey);
                }
            }
        }
    }
}
