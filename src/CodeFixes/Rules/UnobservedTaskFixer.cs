using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0013: awaits the dropped task, making the method <c>async</c> where it is not (a <c>void</c> method returns
    /// <c>Task</c>, and its callers in async code await it). Not offered where the signature cannot change.
    /// </summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(UnobservedTaskFixer))]
    [Shared]
    public sealed class UnobservedTaskFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.UnobservedTask + ".Await";
        private const string Title = "Await the task";

        private static readonly SolutionFixAllProvider s_fixAll = new(Title, ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnobservedTask);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (await FindAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { })
                {
                    s_fixAll.RegisterFix(context, diagnostic, Title, EquivalenceKey);
                }
            }
        }

        private static async Task<(ExpressionStatementSyntax Statement, SyntaxNode Function, IMethodSymbol? Symbol)?> FindAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation)
            {
                return null;
            }

            var statement = invocation.Parent switch
            {
                ExpressionStatementSyntax direct => direct,
                AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax discarded } => discarded,
                _ => null,
            };
            if (statement is null || AsyncRewrite.EnclosingMethodOrLocalFunction(statement) is not { } function)
            {
                return null;
            }

            if (AsyncRewrite.IsAsync(function))
            {
                return (statement, function, null);
            }

            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (semanticModel is null
                || semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol symbol
                || !await SignatureChange.CanMakeAsyncAsync(document, function, semanticModel, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return (statement, function, symbol);
        }

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> items, CancellationToken cancellationToken)
        {
            var change = new SignatureChange(solution);
            foreach (var (document, diagnostic) in items)
            {
                if (await FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    // The task went unobserved: a caller that cannot await a method returning it now keeps calling it so.
                    if (found.Symbol is null || change.MakeAsync(document.Id, found.Function, found.Symbol, SignatureChange.UnawaitedCall.LeaveCall))
                    {
                        change.Await(document.Id, found.Statement, found.Symbol);
                    }
                }
            }

            return await change.ApplyAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
