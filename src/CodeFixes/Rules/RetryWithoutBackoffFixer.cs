using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>QL0020: rewrites the retry policy in its own library's terms (see <see cref="RetryFixes"/>).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RetryWithoutBackoffFixer))]
    [Shared]
    public sealed class RetryWithoutBackoffFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.RetryWithoutBackoff + ".BackOff";

        private static readonly SolutionFixAllProvider s_fixAll = new("Back off exponentially", RetryFixes.Apply(RetryFixes.ComputeAsync));

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.RetryWithoutBackoff);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var changes = await RetryFixes.ComputeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (!changes.IsEmpty)
                {
                    s_fixAll.RegisterFix(context, diagnostic, "Back off exponentially", EquivalenceKey);
                }
            }
        }
    }
}
