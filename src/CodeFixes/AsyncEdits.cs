using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;

namespace QueueLint.CodeFixes
{
    /// <summary>
    /// Edits that make job code wait for its work, gathered over any number of documents and applied at once:
    /// statements to await, and functions to turn into <c>async Task</c> (a <c>void</c> method returns <c>Task</c>;
    /// a method already returning a task gains <c>async</c> and its returns are rewritten). When a method's return
    /// type changes, its callers in async functions await it, so enqueue sites and callers keep compiling.
    /// </summary>
    internal sealed class AsyncEdits
    {
        private readonly Dictionary<DocumentId, HashSet<TextSpanKey>> _awaits = new();
        private readonly Dictionary<DocumentId, HashSet<TextSpanKey>> _functions = new();
        private readonly Dictionary<DocumentId, HashSet<TextSpanKey>> _forwarders = new();
        private readonly List<IMethodSymbol> _voidMethods = new();

        /// <summary>
        /// Whether <paramref name="function"/> (a method or local function) can become <c>async</c> returning a task:
        /// it already returns one, or it returns <c>void</c> and nothing fixes that signature (no override, no interface
        /// implementation, no use as a delegate).
        /// </summary>
        public static async Task<bool> CanMakeAsyncAsync(Document document, SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method)
            {
                return false;
            }

            if (AsyncRewrite.IsAsync(function) && !method.ReturnsVoid)
            {
                return true;
            }

            if (!method.ReturnsVoid)
            {
                return GetTaskKind(method.ReturnType) != TaskKind.None;
            }

            if (AsyncRewrite.SignatureIsFixedElsewhere(method))
            {
                return false;
            }

            // A method group handed on as an Action would not convert to one any more.
            var references = await SymbolFinder.FindReferencesAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            foreach (var reference in references)
            {
                foreach (var location in reference.Locations)
                {
                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (node is null || InvocationOf(node) is null)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>Awaits the task of an expression statement (<c>Send();</c> or <c>_ = Send();</c>).</summary>
        public void Await(DocumentId document, ExpressionStatementSyntax statement) => Add(_awaits, document, statement);

        /// <summary>Makes a method or local function <c>async</c>, returning <c>Task</c> where it returned <c>void</c>.</summary>
        public void MakeAsync(DocumentId document, SyntaxNode function, IMethodSymbol? symbol)
        {
            if (AsyncRewrite.IsAsync(function) && !(symbol?.ReturnsVoid ?? false))
            {
                return;
            }

            Add(_functions, document, function);
            if (symbol is { ReturnsVoid: true, MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction })
            {
                _voidMethods.Add(symbol);
            }
        }

        public async Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken)
        {
            await AwaitCallersAsync(solution, cancellationToken).ConfigureAwait(false);

            var documents = new HashSet<DocumentId>(_awaits.Keys);
            documents.UnionWith(_functions.Keys);
            documents.UnionWith(_forwarders.Keys);
            foreach (var id in documents)
            {
                var document = solution.GetDocument(id);
                if (document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
                {
                    continue;
                }

                var nodes = new List<SyntaxNode>();
                var functions = _functions.TryGetValue(id, out var f) ? f : new HashSet<TextSpanKey>();
                var awaits = _awaits.TryGetValue(id, out var a) ? a : new HashSet<TextSpanKey>();
                var forwarders = _forwarders.TryGetValue(id, out var w) ? w : new HashSet<TextSpanKey>();
                foreach (var key in functions.Concat(awaits).Concat(forwarders))
                {
                    if (root.FindNode(key.Span, getInnermostNodeForTie: false) is { } node)
                    {
                        nodes.Add(Find(node, key.Span));
                    }
                }

                var newRoot = root.ReplaceNodes(nodes, (original, rewritten) =>
                {
                    var key = new TextSpanKey(original.Span);
                    var result = rewritten;
                    if (awaits.Contains(key) && result is ExpressionStatementSyntax statement)
                    {
                        result = AwaitStatement(statement);
                    }

                    if (functions.Contains(key))
                    {
                        result = MakeFunctionAsync(result);
                    }
                    else if (forwarders.Contains(key) && result is MethodDeclarationSyntax forwarder)
                    {
                        result = forwarder.WithReturnType(SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task")
                            .WithAdditionalAnnotations(DocumentCleanup.QualifiedName).WithTriviaFrom(forwarder.ReturnType));
                    }

                    return result;
                });
                solution = solution.WithDocumentSyntaxRoot(id, newRoot);
                var cleaned = await DocumentCleanup.CleanUpAsync(solution.GetDocument(id)!, cancellationToken).ConfigureAwait(false);
                solution = cleaned.Project.Solution;
            }

            return solution;
        }

        /// <summary>Callers of a method whose return type becomes <c>Task</c> await it where they are async (or become so).</summary>
        private async Task AwaitCallersAsync(Solution solution, CancellationToken cancellationToken)
        {
            foreach (var method in _voidMethods)
            {
                var references = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
                foreach (var reference in references)
                {
                    foreach (var location in reference.Locations)
                    {
                        var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                        var node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                        if (node is not null
                            && InvocationOf(node) is { Parent: ExpressionStatementSyntax statement }
                            && AsyncRewrite.EnclosingMethodOrLocalFunction(statement) is { } caller
                            && (AsyncRewrite.IsAsync(caller) || (_functions.TryGetValue(location.Document.Id, out var set) && set.Contains(new TextSpanKey(caller.Span)))))
                        {
                            Await(location.Document.Id, statement);
                        }
                        else if (node is not null
                            && InvocationOf(node) is { Parent: ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax forwarder } }
                            && forwarder.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
                            && !forwarder.Modifiers.Any(SyntaxKind.OverrideKeyword))
                        {
                            // A method that only forwards the call hands the task on: void Old(int id) => New(id, token).
                            Add(_forwarders, location.Document.Id, forwarder);
                        }
                    }
                }
            }
        }

        private static InvocationExpressionSyntax? InvocationOf(SyntaxNode name)
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

        private static ExpressionStatementSyntax AwaitStatement(ExpressionStatementSyntax statement)
        {
            var task = statement.Expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                ? discard.Right
                : statement.Expression;
            if (task is AwaitExpressionSyntax)
            {
                return statement;
            }

            var awaited = SyntaxFactory.AwaitExpression(
                SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                task.WithoutLeadingTrivia().WithoutTrailingTrivia());
            return statement.WithExpression(awaited.WithTriviaFrom(statement.Expression));
        }

        /// <summary>The function with <c>async</c>, returning <c>Task</c> where it returned <c>void</c>, and awaiting what it returned.</summary>
        internal static SyntaxNode MakeFunctionAsync(SyntaxNode function)
        {
            switch (function)
            {
                case MethodDeclarationSyntax method:
                {
                    var kind = SyntacticTaskKind(method.ReturnType);
                    var (body, expression) = RewriteReturns(method.Body, method.ExpressionBody, kind);
                    var (modifiers, returnType) = AddAsync(method.Modifiers, method.ReturnType, kind);
                    return method.WithModifiers(modifiers).WithReturnType(returnType).WithBody(body).WithExpressionBody(expression)
                        .WithSemicolonToken(expression is null ? default : method.SemicolonToken);
                }

                case LocalFunctionStatementSyntax local:
                {
                    var kind = SyntacticTaskKind(local.ReturnType);
                    var (body, expression) = RewriteReturns(local.Body, local.ExpressionBody, kind);
                    var (modifiers, returnType) = AddAsync(local.Modifiers, local.ReturnType, kind);
                    return local.WithModifiers(modifiers).WithReturnType(returnType).WithBody(body).WithExpressionBody(expression)
                        .WithSemicolonToken(expression is null ? default : local.SemicolonToken);
                }

                default:
                    return function;
            }
        }

        private static (SyntaxTokenList, TypeSyntax) AddAsync(SyntaxTokenList modifiers, TypeSyntax returnType, TaskKind kind)
        {
            if (modifiers.Any(SyntaxKind.AsyncKeyword) && kind != TaskKind.Void)
            {
                return (modifiers, returnType);
            }

            var newType = kind == TaskKind.Void
                ? SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task").WithAdditionalAnnotations(DocumentCleanup.QualifiedName).WithTriviaFrom(returnType)
                : returnType;
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
               : type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks" } } named
                 ? (named.IsGenericType ? TaskKind.TaskOfT : TaskKind.Task)
                 : TaskKind.None;

        private static TaskKind SyntacticTaskKind(TypeSyntax type)
            => type switch
            {
                PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } => TaskKind.Void,
                GenericNameSyntax => TaskKind.TaskOfT,
                QualifiedNameSyntax { Right: GenericNameSyntax } => TaskKind.TaskOfT,
                _ => TaskKind.Task,
            };

        /// <summary>Rewrites the returns of a function that becomes async: a task is awaited instead of returned.</summary>
        private static (BlockSyntax?, ArrowExpressionClauseSyntax?) RewriteReturns(BlockSyntax? body, ArrowExpressionClauseSyntax? expressionBody, TaskKind kind)
        {
            if (kind == TaskKind.Void)
            {
                return (body, expressionBody);
            }

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
            var last = body.Statements.LastOrDefault();
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
            if (newBody.Statements.LastOrDefault() is ReturnStatementSyntax { Expression: null } bare && last is ReturnStatementSyntax { Expression: { } lastValue } && AsyncRewrite.IsCompletedTask(lastValue))
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

        private static SyntaxNode Find(SyntaxNode node, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            for (var current = node; current is not null; current = current.Parent)
            {
                if (current.Span == span)
                {
                    return current;
                }
            }

            return node;
        }

        private static void Add(Dictionary<DocumentId, HashSet<TextSpanKey>> map, DocumentId document, SyntaxNode node)
        {
            if (!map.TryGetValue(document, out var set))
            {
                set = new HashSet<TextSpanKey>();
                map.Add(document, set);
            }

            set.Add(new TextSpanKey(node.Span));
        }

        private readonly struct TextSpanKey : System.IEquatable<TextSpanKey>
        {
            public TextSpanKey(Microsoft.CodeAnalysis.Text.TextSpan span) => Span = span;

            public Microsoft.CodeAnalysis.Text.TextSpan Span { get; }

            public bool Equals(TextSpanKey other) => Span == other.Span;

            public override bool Equals(object? obj) => obj is TextSpanKey other && Equals(other);

            public override int GetHashCode() => Span.GetHashCode();
        }
    }
}
