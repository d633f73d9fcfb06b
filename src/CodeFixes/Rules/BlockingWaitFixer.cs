using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Jobs;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0051: awaits instead of blocking, making the method <c>async</c> when it is not (<see cref="SignatureChange"/>).
    /// A method whose return type changes (<c>void</c> to <c>Task</c>, <c>T</c> to <c>Task&lt;T&gt;</c>) gets
    /// <c>await</c> at every caller, a synchronous caller being made async in turn up to the entry point; the fix leaves
    /// a wait alone when a caller cannot await, when the method's signature is fixed by an override or an interface, and
    /// inside locks, queries and synchronous lambdas.
    /// Registered for every finding, so that Fix All started from an unfixable one still fixes the others.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingWaitFixer))]
    [Shared]
    public sealed class BlockingWaitFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.BlockingWait + ".Await";

        private const string Title = "Await instead of blocking";

        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider(Title, ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.BlockingWait);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                s_fixAll.RegisterFix(context, diagnostic, Title, EquivalenceKey);
            }

            return Task.CompletedTask;
        }

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var change = new SignatureChange(solution);
            foreach (var (document, diagnostic) in diagnostics)
            {
                await AddWaitAsync(change, document, diagnostic, cancellationToken).ConfigureAwait(false);
            }

            return await change.ApplyAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Replaces the wait with an await, making the method around it async (the wait stays where it cannot be).</summary>
        private static async Task AddWaitAsync(SignatureChange change, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
            {
                return;
            }

            var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
            var start = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            foreach (var node in start.AncestorsAndSelf())
            {
                if (node is not (InvocationExpressionSyntax or MemberAccessExpressionSyntax) || !node.Span.Contains(diagnostic.Location.SourceSpan))
                {
                    continue;
                }

                if (semanticModel.GetOperation(node, cancellationToken) is not { } operation)
                {
                    continue;
                }

                var kind = BlockingWaits.GetKind(operation, symbols, out var task);
                if (kind == BlockingWaitKind.None)
                {
                    continue;
                }

                var replacement = Replacement(operation, kind, task, semanticModel, cancellationToken);
                if (replacement is null || !AsyncRewrite.CanAwaitAt(node) || AsyncRewrite.EnclosingFunction(node) is not { } function)
                {
                    return;
                }

                if (AsyncRewrite.IsAsync(function))
                {
                    change.Replace(document.Id, node, _ => replacement);
                }
                else if (function is MethodDeclarationSyntax or LocalFunctionStatementSyntax
                         && semanticModel.GetDeclaredSymbol(function, cancellationToken) is IMethodSymbol method
                         && change.MakeAsync(document.Id, function, method, SignatureChange.UnawaitedCall.RefuseChange))
                {
                    // Callers that counted on the work being done when the method returned await it, or the wait stays.
                    change.Replace(document.Id, node, _ => replacement, method);
                }

                return;
            }
        }

        private static ExpressionSyntax? Replacement(IOperation operation, BlockingWaitKind kind, IOperation? task, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var node = operation.Syntax;
            switch (kind)
            {
                case BlockingWaitKind.TaskResult:
                case BlockingWaitKind.GetResult:
                case BlockingWaitKind.TaskWait when operation is IInvocationOperation { Arguments.Length: 0 }:
                    return task?.Syntax is ExpressionSyntax awaited ? AsyncRewrite.Await(awaited, node) : null;

                case BlockingWaitKind.ThreadSleep when operation is IInvocationOperation { Arguments.Length: 1 } sleep && node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call:
                {
                    var token = AsyncRewrite.TokenExpressionAt(node, semanticModel, cancellationToken);
                    var arguments = SyntaxFactory.SeparatedList(new[] { call.ArgumentList.Arguments[0].WithoutTrivia() });
                    if (token is not null)
                    {
                        arguments = arguments.Add(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token)));
                    }

                    var delay = SyntaxFactory.InvocationExpression(AsyncRewrite.QualifiedExpression("System.Threading.Tasks.Task.Delay"), SyntaxFactory.ArgumentList(arguments));
                    return AsyncRewrite.Await(delay, node);
                }

                case BlockingWaitKind.WaitAll when node.Parent is ExpressionStatementSyntax && node is InvocationExpressionSyntax call
                                                   && operation is IInvocationOperation all && all.TargetMethod.ReturnsVoid && all.TargetMethod.Parameters.Length == 1:
                {
                    var whenAll = SyntaxFactory.InvocationExpression(AsyncRewrite.QualifiedExpression("System.Threading.Tasks.Task.WhenAll"), call.ArgumentList.WithoutTrivia());
                    return AsyncRewrite.Await(whenAll, node);
                }

                default:
                    return null;
            }
        }
    }
}
