using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0002: for tokens and contexts that Hangfire supplies itself, passes its placeholder instead
    /// (<c>CancellationToken.None</c>, <c>JobCancellationToken.Null</c>, <c>null</c>). Other values have no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ContextBoundPayloadFixer))]
    [Shared]
    public sealed class ContextBoundPayloadFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.ContextBoundPayload + ".PassPlaceholder";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ContextBoundPayload);

        public override FixAllProvider GetFixAllProvider() => new DefaultKeyFixAllProvider(WellKnownFixAllProviders.BatchFixer, EquivalenceKey);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null
                    || !diagnostic.Properties.TryGetValue(ContextBoundPayloadAnalyzer.PlaceholderProperty, out var placeholder)
                    || placeholder is null
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
                {
                    continue;
                }

                var document = context.Document;
                var replacement = SyntaxFactory.ParseExpression(placeholder).WithTriviaFrom(value);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Pass " + placeholder + "; the job gets its own when it runs",
                        _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(value, replacement))),
                        EquivalenceKey),
                    diagnostic);
            }
        }
    }
}
