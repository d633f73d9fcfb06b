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
    /// QL0010: returns <c>Task</c> instead of <c>void</c>; callers in async code await the call, so enqueue sites and
    /// callers keep compiling. Not offered where the signature is fixed by an override, an interface or a delegate.
    /// </summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(AsyncVoidJobFixer))]
    [Shared]
    public sealed class AsyncVoidJobFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.AsyncVoidJob + ".ReturnTask";
        private const string Title = "Return Task instead of void";

        private static readonly SolutionFixAllProvider s_fixAll = new(Title, ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.AsyncVoidJob);

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

        private static async Task<(SyntaxNode Function, IMethodSymbol Symbol)?> FindAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var function = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
            if (semanticModel is null
                || function is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
                || semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol symbol
                || !await SignatureChange.CanMakeAsyncAsync(document, function, semanticModel, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return (function, symbol);
        }

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> items, CancellationToken cancellationToken)
        {
            var change = new SignatureChange(solution);
            foreach (var (document, diagnostic) in items)
            {
                if (await FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    // An async void method's work already went on after it returned: a caller that cannot await keeps calling it so.
                    change.MakeAsync(document.Id, found.Function, found.Symbol, SignatureChange.UnawaitedCall.LeaveCall);
                }
            }

            return await change.ApplyAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
