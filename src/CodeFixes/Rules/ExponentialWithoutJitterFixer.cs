using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>QL0022: rewrites the retry policy in its own library's terms (see <see cref="RetryFixes"/>).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExponentialWithoutJitterFixer))]
    [Shared]
    public sealed class ExponentialWithoutJitterFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.ExponentialWithoutJitter + ".AddJitter";

        private static readonly SolutionFixAllProvider s_fixAll = new("Add jitter to the backoff", RetryFixes.Apply(RetryFixes.ComputeAsync));

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ExponentialWithoutJitter);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var changes = await RetryFixes.ComputeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (!changes.IsEmpty)
                {
                    s_fixAll.RegisterFix(context, diagnostic, "Add jitter to the backoff", EquivalenceKey);
                }
            }
        }
    }
}
