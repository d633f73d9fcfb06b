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
    /// QL0051: awaits instead of blocking, making the method <c>async</c> when it is not. A method whose return type
    /// changes (<c>void</c> to <c>Task</c>, <c>T</c> to <c>Task&lt;T&gt;</c>) gets <c>await</c> at every caller; the fix
    /// leaves a wait alone when a caller cannot await (it is synchronous and not itself fixed), when the method's
    /// signature is fixed by an override or an interface, and inside locks, queries and synchronous lambdas.
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

        private sealed class Wait
        {
            public Wait(DocumentId document, SyntaxNode node, ExpressionSyntax replacement, IMethodSymbol? method)
            {
                Document = document;
                Node = node;
                Replacement = replacement;
                Method = method;
            }

            public DocumentId Document { get; }

            public SyntaxNode Node { get; }

            public ExpressionSyntax Replacement { get; }

            /// <summary>The method that must become async, or null when the wait is already in async code.</summary>
            public IMethodSymbol? Method { get; }
        }

        private sealed class AsyncMethod
        {
            public AsyncMethod(DocumentId document, MethodDeclarationSyntax declaration, bool changesSignature)
            {
                Document = document;
                Declaration = declaration;
                ChangesSignature = changesSignature;
            }

            public DocumentId Document { get; }

            public MethodDeclarationSyntax Declaration { get; }

            public bool ChangesSignature { get; }

            public List<(DocumentId Document, InvocationExpressionSyntax Call)> Callers { get; } = new();
        }

        /// <summary>How many methods one fix may make async, callers included.</summary>
        private const int MaxMethods = 200;

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var waits = new List<Wait>();
            var methods = new Dictionary<IMethodSymbol, AsyncMethod>(SymbolEqualityComparer.Default);
            foreach (var (document, diagnostic) in diagnostics)
            {
                if (await FindWaitAsync(document, diagnostic, methods, cancellationToken).ConfigureAwait(false) is { } wait)
                {
                    waits.Add(wait);
                }
            }

            await CheckCallersAsync(solution, methods, cancellationToken).ConfigureAwait(false);

            var editor = new SolutionEditor(solution);
            var changedMethods = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var wait in waits)
            {
                if (wait.Method is not null && !methods.ContainsKey(wait.Method))
                {
                    continue;
                }

                var documentEditor = await editor.GetDocumentEditorAsync(wait.Document, cancellationToken).ConfigureAwait(false);
                documentEditor.ReplaceNode(wait.Node, wait.Replacement);
                if (wait.Method is not null)
                {
                    changedMethods.Add(wait.Method);
                }
            }

            // Callers made async for a method that is made async, up to the entry point.
            var pending = new Queue<IMethodSymbol>(changedMethods);
            while (pending.Count > 0)
            {
                foreach (var (document, call) in methods[pending.Dequeue()].Callers)
                {
                    var semanticModel = await solution.GetDocument(document)!.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (AsyncRewrite.EnclosingFunction(call) is MethodDeclarationSyntax declaration
                        && semanticModel?.GetDeclaredSymbol(declaration, cancellationToken) is { } caller
                        && methods.ContainsKey(caller)
                        && changedMethods.Add(caller))
                    {
                        pending.Enqueue(caller);
                    }
                }
            }

            foreach (var method in changedMethods)
            {
                var asyncMethod = methods[method];
                foreach (var (document, call) in asyncMethod.Callers)
                {
                    var documentEditor = await editor.GetDocumentEditorAsync(document, cancellationToken).ConfigureAwait(false);
                    documentEditor.ReplaceNode(call, (current, _) => AsyncRewrite.Await((ExpressionSyntax)current, current));
                }
            }

            foreach (var method in changedMethods)
            {
                var asyncMethod = methods[method];
                var documentEditor = await editor.GetDocumentEditorAsync(asyncMethod.Document, cancellationToken).ConfigureAwait(false);
                documentEditor.ReplaceNode(asyncMethod.Declaration, (current, _) => MakeAsync((MethodDeclarationSyntax)current, asyncMethod.ChangesSignature));
            }

            return editor.GetChangedSolution();
        }

        private static async Task<Wait?> FindWaitAsync(Document document, Diagnostic diagnostic, Dictionary<IMethodSymbol, AsyncMethod> methods, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
            {
                return null;
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
                    return null;
                }

                if (AsyncRewrite.IsAsync(function))
                {
                    return new Wait(document.Id, node, replacement, null);
                }

                if (function is not MethodDeclarationSyntax declaration
                    || semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } method
                    || !CanBecomeAsync(declaration, method, symbols, out var changesSignature))
                {
                    return null;
                }

                if (!methods.ContainsKey(method))
                {
                    methods.Add(method, new AsyncMethod(document.Id, declaration, changesSignature));
                }

                return new Wait(document.Id, node, replacement, method);
            }

            return null;
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

        /// <summary>
        /// A method that can be made async: a body, no iterator, no by-reference parameters; when its return type
        /// must change (it is not a <c>Task</c>), not an override, an interface implementation or a partial method.
        /// </summary>
        private static bool CanBecomeAsync(MethodDeclarationSyntax declaration, IMethodSymbol method, KnownSymbols symbols, out bool changesSignature)
        {
            changesSignature = false;
            if ((declaration.Body is null && declaration.ExpressionBody is null)
                || method.Parameters.Any(p => p.RefKind != RefKind.None)
                || declaration.DescendantNodes().OfType<YieldStatementSyntax>().Any(y => AsyncRewrite.EnclosingFunction(y) == declaration)
                || method.IsPartialDefinition || method.PartialDefinitionPart is not null)
            {
                return false;
            }

            var returnType = method.ReturnType.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(returnType, symbols.Task) || SymbolEqualityComparer.Default.Equals(returnType, symbols.Task1))
            {
                return true;
            }

            if (BlockingWaitAnalyzer.IsAwaitable(method.ReturnType, symbols) || method.ReturnType.IsRefLikeType)
            {
                return false;
            }

            changesSignature = true;
            return !AsyncRewrite.SignatureIsFixedElsewhere(method);
        }

        /// <summary>
        /// Keeps only the methods whose callers can all await them (async code, a method made async by this same fix,
        /// or a job expression, which Hangfire runs and awaits itself); repeats until no more methods drop out.
        /// </summary>
        private static async Task CheckCallersAsync(Solution solution, Dictionary<IMethodSymbol, AsyncMethod> methods, CancellationToken cancellationToken)
        {
            var changed = true;
            while (changed)
            {
                changed = false;
                foreach (var pair in methods.ToList())
                {
                    if (!pair.Value.ChangesSignature || !methods.ContainsKey(pair.Key))
                    {
                        continue;
                    }

                    pair.Value.Callers.Clear();
                    var (ok, added) = await CollectCallersAsync(solution, pair.Key, pair.Value, methods, cancellationToken).ConfigureAwait(false);
                    if (!ok)
                    {
                        methods.Remove(pair.Key);
                    }

                    changed |= added || !ok;
                }
            }
        }

        private static async Task<(bool Ok, bool Added)> CollectCallersAsync(Solution solution, IMethodSymbol method, AsyncMethod asyncMethod, Dictionary<IMethodSymbol, AsyncMethod> methods, CancellationToken cancellationToken)
        {
            var added = false;
            var references = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
            foreach (var reference in references)
            {
                foreach (var location in reference.Locations)
                {
                    var document = location.Document;
                    var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (root is null || semanticModel is null)
                    {
                        return (false, added);
                    }

                    var name = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    if (callee.Parent is not InvocationExpressionSyntax call || call.Expression != callee)
                    {
                        // A method group (a delegate or a registration) would change type.
                        return (false, added);
                    }

                    if (AsyncRewrite.IsInExpressionTree(call, semanticModel, cancellationToken))
                    {
                        continue;
                    }

                    if (!AsyncRewrite.CanAwaitAt(call) || AsyncRewrite.EnclosingFunction(call) is not { } function)
                    {
                        return (false, added);
                    }

                    if (!AsyncRewrite.IsAsync(function))
                    {
                        // A synchronous caller becomes async too, when it can: the change climbs to the job's entry point.
                        if (function is not MethodDeclarationSyntax callerDeclaration
                            || semanticModel.GetDeclaredSymbol(callerDeclaration, cancellationToken) is not { } caller)
                        {
                            return (false, added);
                        }

                        if (!methods.ContainsKey(caller))
                        {
                            var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
                            if (methods.Count >= MaxMethods || !CanBecomeAsync(callerDeclaration, caller, symbols, out var callerChangesSignature))
                            {
                                return (false, added);
                            }

                            methods.Add(caller, new AsyncMethod(document.Id, callerDeclaration, callerChangesSignature));
                            added = true;
                        }
                    }

                    asyncMethod.Callers.Add((document.Id, call));
                }
            }

            return (true, added);
        }

        /// <summary>
        /// The method made <c>async</c>: a method that returned a task keeps its return type and awaits what it returned
        /// (<see cref="AsyncEdits.MakeFunctionAsync"/>, as QL0010's and QL0013's fixes do); one that did not returns a
        /// <c>Task</c> of its type, and its returns stay as they are.
        /// </summary>
        private static MethodDeclarationSyntax MakeAsync(MethodDeclarationSyntax method, bool changesSignature)
        {
            if (method.Modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                return method;
            }

            return AsyncRewrite.Formatted(changesSignature ? AsyncRewrite.AddAsync(method, wrapReturnType: true) : (MethodDeclarationSyntax)AsyncEdits.MakeFunctionAsync(method));
        }
    }
}
