using System.Collections.Immutable;
using System.Composition;
using System.Threading;
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
    /// QL0061: passes the id Hangfire derived as the first argument, so the existing schedule keeps its id and
    /// is updated in place rather than duplicated.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExplicitRecurringJobIdFixer))]
    [Shared]
    public sealed class ExplicitRecurringJobIdFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.ExplicitRecurringJobId + ".AddId";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ExplicitRecurringJobId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                // Registered even where the id is known only at run time (a no-op there): dotnet format runs the
                // Fix All of the first finding's action, and that finding may be such a one.
                diagnostic.Properties.TryGetValue(ExplicitRecurringJobIdAnalyzer.DerivedIdProperty, out var id);
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(id is null ? "Pass an explicit recurring job id" : "Pass the recurring job id \"" + id + "\"", c => ApplyAsync(document, diagnostic, id, c), EquivalenceKey),
                    diagnostic);
            }

            return Task.CompletedTask;
        }

        private static InvocationExpressionSyntax? FindInvocation(SyntaxNode root, Diagnostic diagnostic)
            => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is { ArgumentList.Arguments.Count: > 0 } invocation
                ? invocation
                : null;

        private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, string? id, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (id is null || root is null || FindInvocation(root, diagnostic) is not { } invocation)
            {
                return document;
            }

            var arguments = invocation.ArgumentList.Arguments;
            var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(id));
            var argument = SyntaxFactory.Argument(literal);
            if (arguments[0].NameColon is not null)
            {
                argument = argument.WithNameColon(SyntaxFactory.NameColon("recurringJobId"));
            }

            // The id goes first, with the first argument's indentation; a call written one argument per line stays so.
            var first = arguments[0];
            argument = argument.WithLeadingTrivia(first.GetLeadingTrivia());
            var openParen = invocation.ArgumentList.OpenParenToken;
            var separator = openParen.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia)
                ? SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CommaToken, openParen.TrailingTrivia)
                : SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CommaToken, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            var nodes = new System.Collections.Generic.List<ArgumentSyntax> { argument };
            var tokens = new System.Collections.Generic.List<SyntaxToken> { separator };
            nodes.AddRange(arguments);
            tokens.AddRange(arguments.GetSeparators());
            var list = SyntaxFactory.SeparatedList(nodes, tokens);
            return document.WithSyntaxRoot(root.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.WithArguments(list)));
        }
    }
}
