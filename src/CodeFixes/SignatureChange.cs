using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace QueueLint.CodeFixes
{
    /// <summary>
    /// The one place where a fix changes a method's signature, and everything that must follow it, gathered over any
    /// number of documents and applied at once. Two changes:
    /// <list type="bullet">
    /// <item><b>Make a function async</b> (<see cref="MakeAsync"/>): a method or local function gains <c>async</c>;
    /// <c>void</c> becomes <c>Task</c> and a result type <c>T</c> becomes <c>Task&lt;T&gt;</c> (its returns stay), a
    /// function that already returned a task awaits what it returned. When the return type changes, every call follows:
    /// an async caller awaits it (<c>x?.Run()</c> as <c>await (x?.Run() ?? Task.CompletedTask)</c>); a method that only
    /// forwards the call (<c>void Run(int id) =&gt; Run(id, 0);</c>) hands the task on; a synchronous caller is made
    /// async in turn, up to the job's entry point; a call in an expression tree (a Hangfire job expression) is left to
    /// the framework, which awaits it.</item>
    /// <item><b>Add a parameter</b> (<see cref="AddParameterAsync"/>) to a method and the members it must stay in step
    /// with (what it overrides or implements, and their other overrides and implementations), with an argument at every
    /// call, keeping the old signature as a forwarder where asked.</item>
    /// </list>
    /// A change that would leave a use of the method not compiling is not made: a method group, a signature fixed by a
    /// member outside the solution, a caller that cannot await (a lock, a query, a synchronous lambda, a constructor).
    /// Every node a change or its fix edits is taken from the solution the change was created with.
    /// </summary>
    internal sealed class SignatureChange
    {
        /// <summary>How many functions one change may make async, callers included.</summary>
        private const int MaxFunctions = 200;

        private readonly Solution _solution;
        private readonly Dictionary<IMethodSymbol, Function> _functions = new(SymbolEqualityComparer.Default);
        private readonly List<Edit> _edits = new();

        public SignatureChange(Solution solution) => _solution = solution;

        /// <summary>What happens to a call that cannot await a function whose return type became a task.</summary>
        public enum UnawaitedCall
        {
            /// <summary>The function stays as it is: its callers counted on its work being done when it returned.</summary>
            RefuseChange,

            /// <summary>The call stays as it is: the function's work already went on after it returned (an <c>async void</c>).</summary>
            LeaveCall,
        }

        private enum ReturnChange
        {
            /// <summary>Already returns a task: gains <c>async</c> and awaits what it returned; callers are untouched.</summary>
            AwaitReturns,

            /// <summary><c>void</c> becomes <c>Task</c>.</summary>
            VoidToTask,

            /// <summary><c>T</c> becomes <c>Task&lt;T&gt;</c>.</summary>
            WrapResult,

            /// <summary>A forwarder: only its return type follows the method it forwards to.</summary>
            Forward,
        }

        private sealed class Function
        {
            public Function(DocumentId document, SyntaxNode declaration, IMethodSymbol symbol, ReturnChange change, UnawaitedCall unawaited)
            {
                Document = document;
                Declaration = declaration;
                Symbol = symbol;
                Change = change;
                Unawaited = unawaited;
            }

            public DocumentId Document { get; }

            public SyntaxNode Declaration { get; }

            public IMethodSymbol Symbol { get; }

            public ReturnChange Change { get; }

            public UnawaitedCall Unawaited { get; set; }

            /// <summary>Made async because a fix asked for it, not only to await a callee.</summary>
            public bool Requested { get; set; }

            public bool Failed { get; set; }

            public List<CallEdit> Calls { get; } = new();

            public bool ChangesReturnType => Change != ReturnChange.AwaitReturns;
        }

        /// <summary>A call of a function whose return type changes: awaited, or handed on by a forwarder.</summary>
        private sealed class CallEdit
        {
            public CallEdit(DocumentId document, SyntaxNode call, Function? dependsOn, bool forwards)
            {
                Document = document;
                Call = call;
                DependsOn = dependsOn;
                Forwards = forwards;
            }

            public DocumentId Document { get; }

            /// <summary>The call, or the conditional access (<c>x?.Run()</c>) whose value it is.</summary>
            public SyntaxNode Call { get; }

            /// <summary>The caller that must be made async (or, for a forwarder, change its return type) for the call to follow.</summary>
            public Function? DependsOn { get; }

            public bool Forwards { get; }

            public bool Dropped { get; set; }
        }

        private sealed class Edit
        {
            public Edit(DocumentId document, SyntaxNode node, Func<SyntaxNode, SyntaxNode> rewrite, IMethodSymbol? onlyIfAsync, bool insertAfter = false)
            {
                Document = document;
                Node = node;
                Rewrite = rewrite;
                OnlyIfAsync = onlyIfAsync;
                InsertAfter = insertAfter;
            }

            /// <summary>The node <see cref="Rewrite"/> gives is inserted after <see cref="Node"/>, not in its place.</summary>
            public bool InsertAfter { get; }

            public DocumentId Document { get; }

            public SyntaxNode Node { get; }

            public Func<SyntaxNode, SyntaxNode> Rewrite { get; }

            public IMethodSymbol? OnlyIfAsync { get; }
        }

        /// <summary>A call of a method: where it is, and the semantic model of its document.</summary>
        public readonly struct MethodCall
        {
            public MethodCall(Document document, InvocationExpressionSyntax call, SemanticModel semanticModel)
            {
                Document = document;
                Call = call;
                SemanticModel = semanticModel;
            }

            public Document Document { get; }

            public InvocationExpressionSyntax Call { get; }

            public SemanticModel SemanticModel { get; }
        }

        /// <summary>
        /// An edit of the fix's own, made with the change: kept when <paramref name="onlyIfAsync"/> is null or that
        /// function is made async (an await written inside it).
        /// </summary>
        public void Replace(DocumentId document, SyntaxNode node, Func<SyntaxNode, SyntaxNode> rewrite, IMethodSymbol? onlyIfAsync = null)
            => _edits.Add(new Edit(document, node, rewrite, onlyIfAsync));

        /// <summary>Awaits the task of an expression statement (<c>Send();</c> or <c>_ = Send();</c>).</summary>
        public void Await(DocumentId document, ExpressionStatementSyntax statement, IMethodSymbol? onlyIfAsync = null)
            => Replace(document, statement, current => AwaitStatement((ExpressionStatementSyntax)current), onlyIfAsync);

        /// <summary>
        /// Whether <paramref name="function"/> (a method or local function) can become async on its own: it has a body,
        /// no by-reference parameter, is no iterator or partial method, and, when its return type must change, no other
        /// member fixes its signature and every use of it is a call. Its callers are looked at when the change is applied.
        /// </summary>
        public static async Task<bool> CanMakeAsyncAsync(Document document, SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method || Describe(function, method) is not { } change)
            {
                return false;
            }

            return change == ReturnChange.AwaitReturns
                || await FindCallsAsync(document.Project.Solution, method, cancellationToken).ConfigureAwait(false) is not null;
        }

        /// <summary>
        /// Makes <paramref name="function"/> async when the change is applied. False when it cannot be (see
        /// <see cref="CanMakeAsyncAsync"/>); callers that cannot follow may still undo it then.
        /// </summary>
        public bool MakeAsync(DocumentId document, SyntaxNode function, IMethodSymbol symbol, UnawaitedCall unawaited)
        {
            if (AsyncRewrite.IsAsync(function) && !symbol.ReturnsVoid)
            {
                return true;
            }

            symbol = symbol.OriginalDefinition;
            if (_functions.TryGetValue(symbol, out var known))
            {
                known.Requested = true;
                return !known.Failed;
            }

            if (Describe(function, symbol) is not { } change)
            {
                return false;
            }

            _functions.Add(symbol, new Function(document, function, symbol, change, unawaited) { Requested = true });
            return true;
        }

        public async Task<Solution> ApplyAsync(CancellationToken cancellationToken)
        {
            await FollowCallsAsync(cancellationToken).ConfigureAwait(false);
            var live = Settle();

            var editor = new SolutionEditor(_solution);
            var documents = new HashSet<DocumentId>();
            async Task ReplaceAsync(DocumentId document, SyntaxNode node, Func<SyntaxNode, SyntaxNode> rewrite, bool insertAfter = false)
            {
                var documentEditor = await editor.GetDocumentEditorAsync(document, cancellationToken).ConfigureAwait(false);
                if (insertAfter)
                {
                    documentEditor.InsertAfter(node, rewrite(node));
                }
                else
                {
                    documentEditor.ReplaceNode(node, (current, _) => rewrite(current));
                }

                documents.Add(document);
            }

            foreach (var edit in _edits)
            {
                if (edit.OnlyIfAsync is null || (_functions.TryGetValue(edit.OnlyIfAsync.OriginalDefinition, out var owner) && live.Contains(owner)))
                {
                    await ReplaceAsync(edit.Document, edit.Node, edit.Rewrite, edit.InsertAfter).ConfigureAwait(false);
                }
            }

            foreach (var function in live)
            {
                foreach (var call in function.Calls)
                {
                    if (!call.Dropped && !call.Forwards)
                    {
                        await ReplaceAsync(call.Document, call.Call, current => AwaitCall((ExpressionSyntax)current)).ConfigureAwait(false);
                    }
                }
            }

            foreach (var function in live)
            {
                var change = function.Change;
                var symbol = function.Symbol;
                await ReplaceAsync(function.Document, function.Declaration, current => Rewrite(current, change, symbol)).ConfigureAwait(false);
            }

            var solution = editor.GetChangedSolution();
            foreach (var id in documents)
            {
                var cleaned = await DocumentCleanup.CleanUpAsync(solution.GetDocument(id)!, cancellationToken).ConfigureAwait(false);
                solution = cleaned.Project.Solution;
            }

            return solution;
        }

        /// <summary>Finds the calls of every function whose return type changes, adding the callers that must change with it.</summary>
        private async Task FollowCallsAsync(CancellationToken cancellationToken)
        {
            var pending = new Queue<Function>(_functions.Values.Where(f => f.ChangesReturnType));
            while (pending.Count > 0)
            {
                var function = pending.Dequeue();
                var calls = await FindCallsAsync(_solution, function.Symbol, cancellationToken).ConfigureAwait(false);
                if (calls is null)
                {
                    // A method group would change type.
                    function.Failed = true;
                    continue;
                }

                foreach (var call in calls)
                {
                    if (AsyncRewrite.IsInExpressionTree(call.Call, call.SemanticModel, cancellationToken))
                    {
                        continue;
                    }

                    var edit = FollowCall(function, call, pending, cancellationToken);
                    if (edit is not null)
                    {
                        function.Calls.Add(edit);
                    }
                    else if (!MayLeave(function))
                    {
                        function.Failed = true;
                    }
                }
            }
        }

        private CallEdit? FollowCall(Function function, MethodCall call, Queue<Function> pending, CancellationToken cancellationToken)
        {
            var value = ValueOf(call.Call);
            var conditional = value != call.Call;
            if (conditional && function.Change == ReturnChange.WrapResult)
            {
                // What await (x?.Run() ?? …) should give for a null x is not for a fix to choose.
                return null;
            }

            // void Run(int id) => Run(id, 0); hands the task on.
            if (!conditional
                && value.Parent is ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax forwarder }
                && !AsyncRewrite.IsAsync(forwarder)
                && call.SemanticModel.GetDeclaredSymbol(forwarder, cancellationToken) is { } forwarderSymbol
                && SymbolEqualityComparer.Default.Equals(forwarderSymbol.ReturnType, function.Symbol.ReturnType)
                && !AsyncRewrite.SignatureIsFixedElsewhere(forwarderSymbol)
                && Add(call.Document.Id, forwarder, forwarderSymbol, ReturnChange.Forward, function.Unawaited, pending) is { } forwarding)
            {
                return new CallEdit(call.Document.Id, value, forwarding, forwards: true);
            }

            if (!AsyncRewrite.CanAwaitAt(value) || AsyncRewrite.EnclosingFunction(value) is not { } caller)
            {
                return null;
            }

            if (AsyncRewrite.IsAsync(caller))
            {
                return new CallEdit(call.Document.Id, value, null, forwards: false);
            }

            if (caller is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
                || call.SemanticModel.GetDeclaredSymbol(caller, cancellationToken) is not IMethodSymbol callerSymbol)
            {
                return null;
            }

            // A synchronous caller is made async in turn.
            return Add(call.Document.Id, caller, callerSymbol, Describe(caller, callerSymbol), UnawaitedCall.RefuseChange, pending) is { } climbed
                ? new CallEdit(call.Document.Id, value, climbed, forwards: false)
                : null;
        }

        /// <summary>Whether a call of <paramref name="function"/> may stay as it was: a task it now returns goes unawaited, as its work did.</summary>
        private static bool MayLeave(Function function) => function.Unawaited == UnawaitedCall.LeaveCall && function.Symbol.ReturnsVoid;

        private Function? Add(DocumentId document, SyntaxNode declaration, IMethodSymbol symbol, ReturnChange? change, UnawaitedCall unawaited, Queue<Function> pending)
        {
            symbol = symbol.OriginalDefinition;
            if (_functions.TryGetValue(symbol, out var known))
            {
                return known;
            }

            if (change is null || _functions.Count >= MaxFunctions)
            {
                return null;
            }

            var function = new Function(document, declaration, symbol, change.Value, unawaited);
            _functions.Add(symbol, function);
            if (function.ChangesReturnType)
            {
                pending.Enqueue(function);
            }

            return function;
        }

        /// <summary>
        /// Undoes what cannot follow: a function whose caller or forwarder failed fails too, unless its calls may stay
        /// unawaited (then only that call is left); returns the functions to change — those asked for, and the callers
        /// and forwarders they need.
        /// </summary>
        private HashSet<Function> Settle()
        {
            var changed = true;
            while (changed)
            {
                changed = false;
                foreach (var function in _functions.Values)
                {
                    if (function.Failed)
                    {
                        continue;
                    }

                    foreach (var call in function.Calls)
                    {
                        if (call.Dropped || call.DependsOn is not { Failed: true })
                        {
                            continue;
                        }

                        if (MayLeave(function))
                        {
                            call.Dropped = true;
                        }
                        else
                        {
                            function.Failed = true;
                            changed = true;
                            break;
                        }
                    }
                }
            }

            var live = new HashSet<Function>();
            var pending = new Queue<Function>();
            foreach (var function in _functions.Values)
            {
                if (function.Requested && !function.Failed && live.Add(function))
                {
                    pending.Enqueue(function);
                }
            }

            while (pending.Count > 0)
            {
                foreach (var call in pending.Dequeue().Calls)
                {
                    if (!call.Dropped && call.DependsOn is { Failed: false } needed && live.Add(needed))
                    {
                        pending.Enqueue(needed);
                    }
                }
            }

            return live;
        }

        /// <summary>
        /// What becomes of <paramref name="function"/>'s signature when it is made async, or null when it cannot be.
        /// </summary>
        private static ReturnChange? Describe(SyntaxNode function, IMethodSymbol method)
        {
            var (body, expressionBody) = function switch
            {
                MethodDeclarationSyntax declaration => ((SyntaxNode?)declaration.Body, (SyntaxNode?)declaration.ExpressionBody),
                LocalFunctionStatementSyntax local => (local.Body, local.ExpressionBody),
                _ => (null, null),
            };
            if ((body is null && expressionBody is null)
                || method.Parameters.Any(p => p.RefKind != RefKind.None)
                || method.IsPartialDefinition || method.PartialDefinitionPart is not null
                || function.DescendantNodes().OfType<YieldStatementSyntax>().Any(y => AsyncRewrite.EnclosingFunction(y) == function))
            {
                return null;
            }

            switch (GetTaskKind(method.ReturnType))
            {
                case TaskKind.Task:
                case TaskKind.TaskOfT:
                    return ReturnChange.AwaitReturns;
                case TaskKind.Void:
                    return AsyncRewrite.SignatureIsFixedElsewhere(method) ? null : ReturnChange.VoidToTask;
                default:
                    return method.ReturnType.IsRefLikeType || method.ReturnsByRef || method.ReturnsByRefReadonly || HasAwaiter(method.ReturnType) || AsyncRewrite.SignatureIsFixedElsewhere(method)
                        ? null
                        : ReturnChange.WrapResult;
            }
        }

        private static bool HasAwaiter(ITypeSymbol type) => type.GetMembers("GetAwaiter").Length > 0;

        /// <summary>
        /// Every use of <paramref name="method"/> as a call, or null when one is something else (a method group, a
        /// delegate), which a change of its signature would break. References in documentation comments are passed over.
        /// </summary>
        public static async Task<List<MethodCall>?> FindCallsAsync(Solution solution, IMethodSymbol method, CancellationToken cancellationToken)
        {
            var calls = new List<MethodCall>();
            var seen = new HashSet<(DocumentId, Microsoft.CodeAnalysis.Text.TextSpan)>();
            foreach (var reference in await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in reference.Locations)
                {
                    if (location.IsImplicit || !seen.Add((location.Document.Id, location.Location.SourceSpan)))
                    {
                        continue;
                    }

                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var semanticModel = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    var name = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (name is not null && name.IsPartOfStructuredTrivia())
                    {
                        continue;
                    }

                    if (name is null || semanticModel is null || InvocationOf(name) is not { } call)
                    {
                        return null;
                    }

                    calls.Add(new MethodCall(location.Document, call, semanticModel));
                }
            }

            return calls;
        }

        /// <summary>The call whose callee is <paramref name="name"/> (<c>Run()</c>, <c>x.Run()</c>, <c>x?.Run()</c>), or null.</summary>
        public static InvocationExpressionSyntax? InvocationOf(SyntaxNode name)
        {
            var node = name;
            if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
            {
                node = access;
            }
            else if (node.Parent is MemberBindingExpressionSyntax binding && binding.Name == node)
            {
                node = binding;
            }

            return node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node ? invocation : null;
        }

        /// <summary>The expression whose value a call gives: the call, or the conditional access it ends (<c>x?.Run()</c>).</summary>
        private static ExpressionSyntax ValueOf(InvocationExpressionSyntax call)
        {
            ExpressionSyntax node = call;
            while (node.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == node)
            {
                node = access;
            }

            return node;
        }

        /// <summary>
        /// The method with the members that must change with it: what it overrides or implements, up to the roots, and
        /// every override and implementation of those. Empty when one of them is declared outside the solution.
        /// </summary>
        public static async Task<ImmutableArray<IMethodSymbol>> GetFamilyAsync(Solution solution, IMethodSymbol method, CancellationToken cancellationToken)
        {
            var roots = new List<IMethodSymbol> { method };
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                roots.Add(overridden);
            }

            foreach (var member in AsyncRewrite.ImplementedInterfaceMembers(method))
            {
                roots.Add(member.OriginalDefinition);
            }

            var family = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var root in roots)
            {
                family.Add(root.OriginalDefinition);
                if (root.IsAbstract || root.IsVirtual || root.IsOverride || root.ContainingType.TypeKind == TypeKind.Interface)
                {
                    foreach (var derived in await SymbolFinder.FindOverridesAsync(root, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        family.Add((IMethodSymbol)derived.OriginalDefinition);
                    }

                    foreach (var implementation in await SymbolFinder.FindImplementationsAsync(root, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        family.Add((IMethodSymbol)implementation.OriginalDefinition);
                    }
                }
            }

            foreach (var member in family)
            {
                if (!member.Locations.Any(l => l.IsInSource) || member.PartialDefinitionPart is not null || member.PartialImplementationPart is not null || member.MethodKind != MethodKind.Ordinary)
                {
                    return ImmutableArray<IMethodSymbol>.Empty;
                }
            }

            return family.ToImmutableArray();
        }

        /// <summary>A parameter to add: its type and name, the argument each call passes, and how a kept old signature fills it.</summary>
        public sealed class NewParameter
        {
            public NewParameter(string typeName, string name, Func<MethodCall, ExpressionSyntax> argument, ExpressionSyntax forwardedValue, string forwarderComment)
            {
                TypeName = typeName;
                Name = name;
                Argument = argument;
                ForwardedValue = forwardedValue;
                ForwarderComment = forwarderComment;
            }

            /// <summary>The type, fully qualified (<c>System.Threading.CancellationToken</c>); shortened where imported.</summary>
            public string TypeName { get; }

            public string Name { get; }

            public Func<MethodCall, ExpressionSyntax> Argument { get; }

            /// <summary>What the old signature, kept as a forwarder, passes for the new parameter.</summary>
            public ExpressionSyntax ForwardedValue { get; }

            public string ForwarderComment { get; }
        }

        /// <summary>
        /// Adds <paramref name="parameter"/> to <paramref name="method"/> and its family (before its optional and
        /// <c>params</c> parameters), and an argument to every call of them. With <paramref name="keepOldSignature"/>, a
        /// method that is alone in its family keeps its old signature as a forwarder. Returns the declarations changed, in
        /// which the fix may edit further (<see cref="Replace"/>); empty, changing nothing, when a member of the family is
        /// outside the solution or a use of one is not a call.
        /// </summary>
        public async Task<ImmutableArray<(Document Document, MethodDeclarationSyntax Declaration)>> AddParameterAsync(IMethodSymbol method, NewParameter parameter, bool keepOldSignature, CancellationToken cancellationToken)
        {
            var family = await GetFamilyAsync(_solution, method, cancellationToken).ConfigureAwait(false);
            var declarations = ImmutableArray.CreateBuilder<(Document Document, MethodDeclarationSyntax Declaration)>();
            foreach (var member in family)
            {
                if (member.DeclaringSyntaxReferences.Length != 1
                    || await member.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax declaration
                    || _solution.GetDocument(declaration.SyntaxTree) is not { } document)
                {
                    return ImmutableArray<(Document, MethodDeclarationSyntax)>.Empty;
                }

                declarations.Add((document, declaration));
            }

            var index = method.Parameters.Length;
            for (var i = 0; i < method.Parameters.Length; i++)
            {
                if (method.Parameters[i].IsOptional || method.Parameters[i].IsParams)
                {
                    index = i;
                    break;
                }
            }

            var calls = new List<MethodCall>();
            var seen = new HashSet<SyntaxNode>();
            foreach (var member in family)
            {
                if (await FindCallsAsync(_solution, member, cancellationToken).ConfigureAwait(false) is not { } memberCalls)
                {
                    return ImmutableArray<(Document, MethodDeclarationSyntax)>.Empty;
                }

                calls.AddRange(memberCalls.Where(c => seen.Add(c.Call)));
            }

            foreach (var call in calls)
            {
                var argument = parameter.Argument(call);
                Replace(call.Document.Id, call.Call, current => AddArgument((InvocationExpressionSyntax)current, index, parameter.Name, argument));
            }

            keepOldSignature &= family.Length == 1;
            foreach (var (document, declaration) in declarations)
            {
                if (keepOldSignature)
                {
                    var forwarder = Forwarder(declaration, index, parameter);
                    _edits.Add(new Edit(document.Id, declaration, _ => forwarder, onlyIfAsync: null, insertAfter: true));
                }

                Replace(document.Id, declaration, current => AddParameter((MethodDeclarationSyntax)current, index, parameter));
            }

            return declarations.ToImmutable();
        }

        /// <summary><c>public Task Ship(int id) =&gt; Ship(id, CancellationToken.None);</c>, with the method's attributes.</summary>
        private static MethodDeclarationSyntax Forwarder(MethodDeclarationSyntax declaration, int index, NewParameter parameter)
        {
            var arguments = declaration.ParameterList.Parameters.Select(p => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(p.Identifier.ValueText))).ToList();
            arguments.Insert(Math.Min(index, arguments.Count), SyntaxFactory.Argument(parameter.ForwardedValue));
            var call = SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName(declaration.Identifier.ValueText), SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
            return declaration
                .WithModifiers(SyntaxFactory.TokenList(declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.AsyncKeyword))))
                .WithBody(null)
                .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(call))
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
                .WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed, SyntaxFactory.Comment("// " + parameter.ForwarderComment), SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static MethodDeclarationSyntax AddParameter(MethodDeclarationSyntax declaration, int index, NewParameter parameter)
        {
            var used = new HashSet<string>(declaration.ParameterList.Parameters.Select(p => p.Identifier.ValueText));
            var name = SyntaxText.UniqueName(parameter.Name, used);
            var added = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
                .WithType(SyntaxFactory.ParseTypeName(parameter.TypeName).WithAdditionalAnnotations(Simplifier.Annotation).WithTrailingTrivia(SyntaxFactory.Space));
            var parameters = declaration.ParameterList.Parameters;
            return declaration.WithParameterList(declaration.ParameterList.WithParameters(parameters.Insert(Math.Min(index, parameters.Count), added)));
        }

        private static InvocationExpressionSyntax AddArgument(InvocationExpressionSyntax call, int index, string name, ExpressionSyntax value)
        {
            var arguments = call.ArgumentList.Arguments;
            if (arguments.Any(a => a.NameColon is not null) || arguments.Count < index)
            {
                return call.WithArgumentList(call.ArgumentList.AddArguments(
                    SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(name)), default, value)));
            }

            return call.WithArgumentList(call.ArgumentList.WithArguments(arguments.Insert(index, SyntaxFactory.Argument(value))));
        }

        private static ExpressionStatementSyntax AwaitStatement(ExpressionStatementSyntax statement)
        {
            var task = statement.Expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                ? discard.Right
                : statement.Expression;
            if (task is AwaitExpressionSyntax)
            {
                return statement;
            }

            return statement.WithExpression(AwaitCall(task).WithTriviaFrom(statement.Expression));
        }

        /// <summary><c>await Run()</c>; a conditional call, whose task is null when its receiver is, as <c>await (x?.Run() ?? Task.CompletedTask)</c>.</summary>
        private static ExpressionSyntax AwaitCall(ExpressionSyntax call)
        {
            if (call is ConditionalAccessExpressionSyntax)
            {
                var completed = SyntaxFactory.ParseExpression("System.Threading.Tasks.Task.CompletedTask").WithAdditionalAnnotations(DocumentCleanup.QualifiedName);
                var coalesced = SyntaxFactory.ParenthesizedExpression(SyntaxFactory.BinaryExpression(SyntaxKind.CoalesceExpression, call.WithoutTrivia(), completed));
                return AsyncRewrite.Await(coalesced, call);
            }

            return AsyncRewrite.Await(call, call);
        }

        private static SyntaxNode Rewrite(SyntaxNode function, ReturnChange change, IMethodSymbol symbol)
        {
            if (change == ReturnChange.Forward)
            {
                return function is MethodDeclarationSyntax forwarder
                    ? forwarder.WithReturnType(NewReturnType(forwarder.ReturnType, forwarder.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }))
                    : function;
            }

            return MakeFunctionAsync(function, symbol, change);
        }

        /// <summary>
        /// <paramref name="function"/> made async by itself, its callers left as they are: for a function that already
        /// returns a task (its returns are awaited instead), or one whose callers the fix looks after.
        /// </summary>
        internal static SyntaxNode MakeFunctionAsync(SyntaxNode function, IMethodSymbol symbol)
            => Describe(function, symbol) is { } change ? MakeFunctionAsync(function, symbol, change) : function;

        private static SyntaxNode MakeFunctionAsync(SyntaxNode function, IMethodSymbol symbol, ReturnChange change)
        {
            var kind = GetTaskKind(symbol.ReturnType);
            switch (function)
            {
                case MethodDeclarationSyntax method:
                {
                    var (body, expression) = change == ReturnChange.AwaitReturns ? RewriteReturns(method.Body, method.ExpressionBody, kind) : (method.Body, method.ExpressionBody);
                    var (modifiers, returnType) = AddAsync(method.Modifiers, method.ReturnType, change);
                    return method.WithModifiers(modifiers).WithReturnType(returnType).WithBody(body).WithExpressionBody(expression)
                        .WithSemicolonToken(expression is null ? default : method.SemicolonToken);
                }

                case LocalFunctionStatementSyntax local:
                {
                    var (body, expression) = change == ReturnChange.AwaitReturns ? RewriteReturns(local.Body, local.ExpressionBody, kind) : (local.Body, local.ExpressionBody);
                    var (modifiers, returnType) = AddAsync(local.Modifiers, local.ReturnType, change);
                    return local.WithModifiers(modifiers).WithReturnType(returnType).WithBody(body).WithExpressionBody(expression)
                        .WithSemicolonToken(expression is null ? default : local.SemicolonToken);
                }

                default:
                    return function;
            }
        }

        /// <summary><c>async</c> after the other modifiers, and the return type wrapped in a task where it changes.</summary>
        private static (SyntaxTokenList, TypeSyntax) AddAsync(SyntaxTokenList modifiers, TypeSyntax returnType, ReturnChange change)
        {
            var newType = change is ReturnChange.VoidToTask or ReturnChange.WrapResult ? NewReturnType(returnType, change == ReturnChange.VoidToTask) : returnType;
            if (modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                return (modifiers, newType);
            }

            if (modifiers.Count == 0)
            {
                var asyncToken = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithLeadingTrivia(returnType.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space);
                return (SyntaxFactory.TokenList(asyncToken), newType.WithLeadingTrivia());
            }

            return (modifiers.Add(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space)), newType);
        }

        /// <summary><c>Task</c> for <c>void</c>, <c>Task&lt;T&gt;</c> for <c>T</c>; the using is added where the file lacks it.</summary>
        private static TypeSyntax NewReturnType(TypeSyntax returnType, bool isVoid)
        {
            TypeSyntax task = SyntaxFactory.ParseName("System.Threading.Tasks.Task");
            if (!isVoid)
            {
                task = SyntaxFactory.QualifiedName(
                    SyntaxFactory.ParseName("System.Threading.Tasks"),
                    SyntaxFactory.GenericName(SyntaxFactory.Identifier("Task"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(returnType.WithoutTrivia()))));
            }

            return task.WithAdditionalAnnotations(DocumentCleanup.QualifiedName).WithTriviaFrom(returnType);
        }

        private enum TaskKind
        {
            None,
            Void,
            Task,
            TaskOfT,
        }

        /// <summary><c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c>.</summary>
        public static bool IsTaskLike(ITypeSymbol type) => GetTaskKind(type) is TaskKind.Task or TaskKind.TaskOfT;

        private static TaskKind GetTaskKind(ITypeSymbol type)
            => type.SpecialType == SpecialType.System_Void ? TaskKind.Void
               : type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } } named
                 ? (named.IsGenericType ? TaskKind.TaskOfT : TaskKind.Task)
                 : TaskKind.None;

        /// <summary>Rewrites the returns of a function that becomes async: a task is awaited instead of returned.</summary>
        private static (BlockSyntax?, ArrowExpressionClauseSyntax?) RewriteReturns(BlockSyntax? body, ArrowExpressionClauseSyntax? expressionBody, TaskKind kind)
        {
            if (expressionBody is not null)
            {
                var value = expressionBody.Expression;
                if (kind == TaskKind.Task && AsyncRewrite.IsCompletedTask(value))
                {
                    return (SyntaxFactory.Block().WithTrailingTrivia(expressionBody.GetTrailingTrivia()), null);
                }

                return (null, expressionBody.WithExpression(Awaited(value, kind)));
            }

            if (body is null)
            {
                return (null, null);
            }

            var returns = body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<ReturnStatementSyntax>().Where(r => r.Expression is not null).ToList();
            // The last statement that runs: local functions declared after it do not.
            var last = body.Statements.LastOrDefault(s => s is not LocalFunctionStatementSyntax);
            var newBody = body.ReplaceNodes(returns, (original, rewritten) =>
            {
                var value = rewritten.Expression!;
                if (kind == TaskKind.TaskOfT)
                {
                    return rewritten.WithExpression(Awaited(value, kind));
                }

                if (AsyncRewrite.IsCompletedTask(value))
                {
                    return rewritten.WithExpression(null).WithReturnKeyword(rewritten.ReturnKeyword.WithTrailingTrivia());
                }

                var awaited = SyntaxFactory.ExpressionStatement(Awaited(value, kind)).WithTriviaFrom(rewritten);
                if (original == last)
                {
                    return awaited;
                }

                // A return before the end still has to leave: the await, then a return, spread into the enclosing block
                // below (kept as a block where the return was the body of an if or a loop).
                var returned = SyntaxFactory.ReturnStatement().WithTriviaFrom(rewritten);
                return SyntaxFactory.Block(awaited, returned).WithAdditionalAnnotations(s_awaitThenReturn, Formatter.Annotation);
            });
            newBody = newBody.ReplaceNodes(
                newBody.DescendantNodesAndSelf().OfType<BlockSyntax>().Where(b => b.Statements.Any(IsAwaitThenReturn)),
                (_, block) => block.WithStatements(SyntaxFactory.List(block.Statements.SelectMany(s => IsAwaitThenReturn(s) ? ((BlockSyntax)s).Statements : (IEnumerable<StatementSyntax>)new[] { s }))));

            // A task that was already complete, returned last, leaves nothing to do.
            if (newBody.Statements.LastOrDefault(s => s is not LocalFunctionStatementSyntax) is ReturnStatementSyntax { Expression: null } bare && last is ReturnStatementSyntax { Expression: { } lastValue } && AsyncRewrite.IsCompletedTask(lastValue))
            {
                var keepComments = bare.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
                newBody = newBody.RemoveNode(bare, keepComments ? SyntaxRemoveOptions.KeepExteriorTrivia : SyntaxRemoveOptions.KeepNoTrivia)!;
            }

            return (newBody, null);
        }

        private static readonly SyntaxAnnotation s_awaitThenReturn = new();

        private static bool IsAwaitThenReturn(StatementSyntax statement) => statement is BlockSyntax block && block.HasAnnotation(s_awaitThenReturn);

        private static ExpressionSyntax Awaited(ExpressionSyntax value, TaskKind kind)
        {
            if (kind == TaskKind.TaskOfT && value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult" }, ArgumentList.Arguments.Count: 1 } fromResult)
            {
                return fromResult.ArgumentList.Arguments[0].Expression.WithTriviaFrom(value);
            }

            return SyntaxFactory.AwaitExpression(
                SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                value.WithoutTrivia()).WithTriviaFrom(value);
        }
    }
}
