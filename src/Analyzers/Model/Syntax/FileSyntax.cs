using System;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Jobs;

namespace QueueLint.Model.Syntax
{
    /// <summary>
    /// The nodes of one file that the model's searches look at — calls, object creations, attributes,
    /// assignments, collection initializers, loops and catch clauses — found in one walk of the file and shared by
    /// every search (enqueue sites, job-method sites, retry policies, schedules, failure reporters,
    /// <c>ModelBuilder.Entity&lt;T&gt;()</c> calls), and the nodes that <see cref="JobCodeSyntax"/> reads in the
    /// file's job-code methods. Computed only for files that some search's text filter lets through or that
    /// declare job code, in document order.
    /// </summary>
    internal sealed class FileSyntax
    {
        private FileSyntax(
            ImmutableArray<SyntaxNode> nodes,
            ImmutableArray<string?> nodeNames,
            ImmutableArray<InvocationExpressionSyntax> invocations,
            ImmutableArray<string?> invokedNames,
            ImmutableArray<SyntaxNode> jobCodeNodes,
            ImmutableArray<JobCodeNodeInfo> jobCodeInfo)
        {
            Nodes = nodes;
            NodeNames = nodeNames;
            Invocations = invocations;
            InvokedNames = invokedNames;
            JobCodeNodes = jobCodeNodes;
            JobCodeInfo = jobCodeInfo;
        }

        /// <summary>Every node of the kinds the searches read, in document order.</summary>
        public ImmutableArray<SyntaxNode> Nodes { get; }

        /// <summary>
        /// For each of <see cref="Nodes"/> that is a call, at the same index, the simple name it invokes
        /// (<see cref="EnqueueSiteActions.GetInvokedName"/>); null for other nodes.
        /// </summary>
        public ImmutableArray<string?> NodeNames { get; }

        /// <summary>Every call of the file, in document order.</summary>
        public ImmutableArray<InvocationExpressionSyntax> Invocations { get; }

        /// <summary>
        /// The simple name each of <see cref="Invocations"/> invokes, at the same index, or null: read while the walk
        /// has the call at hand, so that the searches filter calls by name without visiting each call again.
        /// </summary>
        public ImmutableArray<string?> InvokedNames { get; }

        /// <summary>
        /// Every node of the kinds <see cref="JobCodeSyntax"/> reads (<see cref="JobCodeSyntax.Reads"/>), and every local
        /// declaration and using statement (where the rules that read a body's statements find transactions), in
        /// document order.
        /// </summary>
        public ImmutableArray<SyntaxNode> JobCodeNodes { get; }

        /// <summary>
        /// The kind and position of each of <see cref="JobCodeNodes"/>, at the same index: read while the walk has the
        /// node at hand, so that finding a method's nodes and telling their kinds apart does not visit every node again.
        /// </summary>
        public ImmutableArray<JobCodeNodeInfo> JobCodeInfo { get; }

        /// <summary>
        /// The range of <see cref="JobCodeNodes"/> inside <paramref name="declaration"/>, a member declaration or a body
        /// of this file: the same nodes, in the same order, as a walk of the declaration would find.
        /// </summary>
        public (int Start, int End) GetJobCodeRange(SyntaxNode declaration)
        {
            var span = declaration.Span;
            var nodes = JobCodeInfo;
            // The first node that starts in the declaration: no ancestor of a member declaration is of these kinds, so
            // every node from there on that starts before the declaration ends is inside it.
            int low = 0, high = nodes.Length;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (nodes[middle].Start < span.Start)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            var end = low;
            while (end < nodes.Length && nodes[end].Start < span.End)
            {
                end++;
            }

            return (low, end);
        }

        private static readonly Func<SyntaxNode, CancellationToken, FileSyntax> s_create = Create;

        public static FileSyntax Get(SyntaxTree tree, CancellationToken cancellationToken) => PerTree<FileSyntax>.Get(tree, s_create, cancellationToken);

        private static FileSyntax Create(SyntaxNode root, CancellationToken cancellationToken)
        {
            // One buffer of each list per thread, reused from file to file: the lists grow while the file is walked,
            // and only their final, exact-size copies are kept.
            var buffers = t_buffers ??= new Buffers();
            try
            {
                return Walk(root, buffers, cancellationToken);
            }
            finally
            {
                buffers.Release();
            }
        }

        private static FileSyntax Walk(SyntaxNode root, Buffers buffers, CancellationToken cancellationToken)
        {
            var nodes = buffers.Nodes;
            var nodeNames = buffers.NodeNames;
            var invocations = buffers.Invocations;
            var invokedNames = buffers.InvokedNames;
            var jobCodeNodes = buffers.JobCodeNodes;
            var jobCodeInfo = buffers.JobCodeInfo;
            var kinds = s_kinds;

            // A walk in document order (a node before its children, children in order) with its own stack of nodes still
            // to visit: unlike DescendantNodes, it costs no iterator or delegate per node, and the children of the most
            // common kinds are read from their own properties, without looking at their tokens (PushChildren).
            var stack = buffers.Stack;
            stack.PushChildren(root);
            while (stack.Pop() is { } node)
            {
                var kind = node.RawKind;

                // A kind newer than this version of Roslyn (the table's size) is entered.
                var flags = (uint)kind < (uint)kinds.Length ? kinds[kind] : (byte)0;
                if ((flags & Kept) != 0)
                {
                    var name = (flags & Invocation) != 0 ? EnqueueSiteActions.GetInvokedName((InvocationExpressionSyntax)node) : null;
                    if ((flags & JobCodeNode) != 0)
                    {
                        jobCodeNodes.Add(node);
                        // A call's index among the file's calls is the number of calls before it (it is added below).
                        var extra = (flags & AnonymousFunction) != 0 ? node.Span.End : (flags & Invocation) != 0 ? invocations.Count : 0;
                        jobCodeInfo.Add(new JobCodeNodeInfo((ushort)kind, node.SpanStart, extra));
                    }

                    if ((flags & SearchedNode) != 0)
                    {
                        nodes.Add(node);
                        nodeNames.Add(name);
                    }

                    if ((flags & Invocation) != 0)
                    {
                        invocations.Add((InvocationExpressionSyntax)node);
                        invokedNames.Add(name);
                    }

                    if ((flags & Block) != 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }

                if ((flags & HoldsNothingKept) == 0)
                {
                    stack.PushChildren(node);
                }
            }

            return new FileSyntax(
                nodes.ToImmutable(),
                nodeNames.ToImmutable(),
                invocations.ToImmutable(),
                invokedNames.ToImmutable(),
                jobCodeNodes.ToImmutable(),
                jobCodeInfo.ToImmutable());
        }

        private const byte JobCodeNode = 1;
        private const byte SearchedNode = 2;
        private const byte Invocation = 4;
        private const byte Block = 8;
        private const byte AnonymousFunction = 16;

        // Names, types, literals, this/base, using directives, parameter lists (their attributes and constant defaults),
        // attribute arguments (constants, typeof and nameof) and type parameters hold none of the nodes the walk keeps: it
        // does not go into them (a name is a third of a file's nodes, and a leaf costs as much to enter as any node).
        private const byte HoldsNothingKept = 32;

        private const byte Kept = JobCodeNode | SearchedNode | Invocation | Block | AnonymousFunction;

        [ThreadStatic]
        private static Buffers? t_buffers;

        /// <summary>Whether nodes of this kind are anonymous functions, whose end the walk keeps (by the walk's own table).</summary>
        internal static bool IsAnonymousFunction(int kind) => (uint)kind < (uint)s_kinds.Length && (s_kinds[kind] & AnonymousFunction) != 0;

        /// <summary>What the walk does with a node of each kind (indexed by <see cref="SyntaxNode.RawKind"/>).</summary>
        private static readonly byte[] s_kinds = CreateKinds();

        private static byte[] CreateKinds()
        {
            var kinds = (SyntaxKind[])Enum.GetValues(typeof(SyntaxKind));
            var table = new byte[kinds.Max(k => (int)k) + 1];
            foreach (var kind in kinds)
            {
                byte flags = 0;
                if (JobCodeSyntax.Reads((int)kind) || kind is SyntaxKind.LocalDeclarationStatement or SyntaxKind.UsingStatement)
                {
                    flags |= JobCodeNode;
                }

                switch (kind)
                {
                    case SyntaxKind.InvocationExpression:
                        flags |= SearchedNode | Invocation;
                        break;
                    case SyntaxKind.ObjectCreationExpression:
                    case SyntaxKind.ImplicitObjectCreationExpression:
                    case SyntaxKind.Attribute:
                    case SyntaxKind.CollectionInitializerExpression:
                    case SyntaxKind.WhileStatement:
                    case SyntaxKind.DoStatement:
                    case SyntaxKind.ForStatement:
                    case SyntaxKind.CatchClause:
                        flags |= SearchedNode;
                        break;
                    case SyntaxKind.Block:
                        flags |= Block;
                        break;
                    case SyntaxKind.SimpleLambdaExpression:
                    case SyntaxKind.ParenthesizedLambdaExpression:
                    case SyntaxKind.AnonymousMethodExpression:
                        flags |= AnonymousFunction;
                        break;
                    case SyntaxKind.IdentifierName:
                    case SyntaxKind.GenericName:
                    case SyntaxKind.QualifiedName:
                    case SyntaxKind.AliasQualifiedName:
                    case SyntaxKind.PredefinedType:
                    case SyntaxKind.NullableType:
                    case SyntaxKind.NumericLiteralExpression:
                    case SyntaxKind.StringLiteralExpression:
                    case SyntaxKind.CharacterLiteralExpression:
                    case SyntaxKind.TrueLiteralExpression:
                    case SyntaxKind.FalseLiteralExpression:
                    case SyntaxKind.NullLiteralExpression:
                    case SyntaxKind.DefaultLiteralExpression:
                    case SyntaxKind.ThisExpression:
                    case SyntaxKind.BaseExpression:
                    case SyntaxKind.UsingDirective:
                    case SyntaxKind.ParameterList:
                    case SyntaxKind.BracketedParameterList:
                    case SyntaxKind.SimpleBaseType:
                    case SyntaxKind.TypeParameterList:
                    case SyntaxKind.TypeParameterConstraintClause:
                    case SyntaxKind.AttributeArgumentList:
                    case SyntaxKind.TupleType:
                        flags |= HoldsNothingKept;
                        break;
                    default:
                        if (SyntaxFacts.IsAssignmentExpression(kind))
                        {
                            flags |= SearchedNode;
                        }

                        break;
                }

                table[(int)kind] = flags;
            }

            return table;
        }

        /// <summary>
        /// The nodes the walk has still to visit, the next on top. A node's children are pushed last to first, so that
        /// they are visited in document order.
        /// </summary>
        private sealed class NodeStack
        {
            // A stack that grew past this many nodes for an unusually deep or wide file is not kept.
            private const int MaxKept = 1024;

            // Nodes held in a struct each: storing into an array of a class type that has subclasses checks every store's type.
            private Entry[] _items = new Entry[64];
            private int _count;

            /// <summary>The next node to visit, or null when the walk is done.</summary>
            public SyntaxNode? Pop() => _count == 0 ? null : _items[--_count].Node;

            /// <summary>
            /// Pushes the children of <paramref name="node"/>. For the kinds that make up most of a file, the children are
            /// read from the node's properties, leaving out those that are always names, parameter lists or type parameters
            /// (the walk would not enter them and keeps none of them); for every other kind, from its children and tokens.
            /// Reading a child from its property costs a field; finding it among children and tokens costs a look at
            /// every slot before it, tokens included.
            /// </summary>
            public void PushChildren(SyntaxNode node)
            {
                switch (node.RawKind)
                {
                    case (int)SyntaxKind.SimpleMemberAccessExpression:
                        // The name is an identifier or a generic name.
                        Push(((MemberAccessExpressionSyntax)node).Expression);
                        return;
                    case (int)SyntaxKind.InvocationExpression:
                        var invocation = (InvocationExpressionSyntax)node;
                        Push(invocation.ArgumentList);
                        Push(invocation.Expression);
                        return;
                    case (int)SyntaxKind.ArgumentList:
                        PushAll(((ArgumentListSyntax)node).Arguments);
                        return;
                    case (int)SyntaxKind.Argument:
                        // The name before a colon is an identifier.
                        Push(((ArgumentSyntax)node).Expression);
                        return;
                    case (int)SyntaxKind.ExpressionStatement:
                        var statement = (ExpressionStatementSyntax)node;
                        Push(statement.Expression);
                        PushAll(statement.AttributeLists);
                        return;
                    case (int)SyntaxKind.Block:
                        var block = (BlockSyntax)node;
                        PushAll(block.Statements);
                        PushAll(block.AttributeLists);
                        return;
                    case (int)SyntaxKind.AwaitExpression:
                        Push(((AwaitExpressionSyntax)node).Expression);
                        return;
                    case (int)SyntaxKind.SimpleAssignmentExpression:
                        var assignment = (AssignmentExpressionSyntax)node;
                        Push(assignment.Right);
                        Push(assignment.Left);
                        return;
                    case (int)SyntaxKind.ArrowExpressionClause:
                        Push(((ArrowExpressionClauseSyntax)node).Expression);
                        return;
                    case (int)SyntaxKind.EqualsValueClause:
                        Push(((EqualsValueClauseSyntax)node).Value);
                        return;
                    case (int)SyntaxKind.ReturnStatement:
                        var returned = (ReturnStatementSyntax)node;
                        Push(returned.Expression);
                        PushAll(returned.AttributeLists);
                        return;
                    case (int)SyntaxKind.LocalDeclarationStatement:
                        var local = (LocalDeclarationStatementSyntax)node;
                        Push(local.Declaration);
                        PushAll(local.AttributeLists);
                        return;
                    case (int)SyntaxKind.VariableDeclaration:
                        var declaration = (VariableDeclarationSyntax)node;
                        PushAll(declaration.Variables);
                        Push(declaration.Type);
                        return;
                    case (int)SyntaxKind.VariableDeclarator:
                        var declarator = (VariableDeclaratorSyntax)node;
                        Push(declarator.Initializer);
                        Push(declarator.ArgumentList);
                        return;
                    case (int)SyntaxKind.ObjectCreationExpression:
                        var creation = (ObjectCreationExpressionSyntax)node;
                        Push(creation.Initializer);
                        Push(creation.ArgumentList);
                        Push(creation.Type);
                        return;
                    case (int)SyntaxKind.SimpleLambdaExpression:
                        var lambda = (SimpleLambdaExpressionSyntax)node;
                        Push(lambda.ExpressionBody);
                        Push(lambda.Block);
                        Push(lambda.Parameter);
                        PushAll(lambda.AttributeLists);
                        return;
                    case (int)SyntaxKind.MethodDeclaration:
                        // Type parameters, parameters and constraints hold nothing the walk keeps.
                        var method = (MethodDeclarationSyntax)node;
                        Push(method.ExpressionBody);
                        Push(method.Body);
                        Push(method.ExplicitInterfaceSpecifier);
                        Push(method.ReturnType);
                        PushAll(method.AttributeLists);
                        return;
                    case (int)SyntaxKind.FieldDeclaration:
                        var field = (FieldDeclarationSyntax)node;
                        Push(field.Declaration);
                        PushAll(field.AttributeLists);
                        return;
                    case (int)SyntaxKind.ClassDeclaration:
                        // Type parameters, a primary constructor's parameters and constraints hold nothing the walk keeps.
                        var type = (ClassDeclarationSyntax)node;
                        PushAll(type.Members);
                        Push(type.BaseList);
                        PushAll(type.AttributeLists);
                        return;
                    case (int)SyntaxKind.NamespaceDeclaration:
                        // The name is a name, extern aliases and using directives hold no node the walk keeps (attributes
                        // are there only in code that does not compile).
                        var namespaceDeclaration = (NamespaceDeclarationSyntax)node;
                        PushAll(namespaceDeclaration.Members);
                        PushAll(namespaceDeclaration.AttributeLists);
                        return;
                    case (int)SyntaxKind.CompilationUnit:
                        var unit = (CompilationUnitSyntax)node;
                        PushAll(unit.Members);
                        PushAll(unit.AttributeLists);
                        return;
                }

                var first = _count;
                foreach (var child in node.ChildNodesAndTokens())
                {
                    if (child.AsNode() is { } childNode)
                    {
                        Push(childNode);
                    }
                }

                for (int low = first, high = _count - 1; low < high; low++, high--)
                {
                    (_items[low], _items[high]) = (_items[high], _items[low]);
                }
            }

            /// <summary>Empties the stack; false when it grew too large to keep.</summary>
            public bool Release()
            {
                if (_items.Length > MaxKept)
                {
                    return false;
                }

                // Popped slots still hold their nodes (and so the tree).
                Array.Clear(_items, 0, _items.Length);
                _count = 0;
                return true;
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            private void Push(SyntaxNode? node)
            {
                if (node is null)
                {
                    return;
                }

                if (_count == _items.Length)
                {
                    Grow();
                }

                _items[_count++] = new Entry(node);
            }

            private void Grow() => Array.Resize(ref _items, _items.Length * 2);

            // Inlined where the list's type is known, rather than run as code shared by every list type.
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            private void PushAll<TNode>(SyntaxList<TNode> list)
                where TNode : SyntaxNode
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    Push(list[i]);
                }
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            private void PushAll<TNode>(SeparatedSyntaxList<TNode> list)
                where TNode : SyntaxNode
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    Push(list[i]);
                }
            }

            private readonly struct Entry
            {
                public Entry(SyntaxNode node) => Node = node;

                public SyntaxNode Node { get; }
            }
        }

        private sealed class Buffers
        {
            // A buffer that grew past this many nodes for an unusually large file is not kept.
            private const int MaxKept = 1 << 16;

            public ImmutableArray<SyntaxNode>.Builder Nodes { get; private set; } = ImmutableArray.CreateBuilder<SyntaxNode>(256);

            public ImmutableArray<string?>.Builder NodeNames { get; private set; } = ImmutableArray.CreateBuilder<string?>(256);

            public ImmutableArray<InvocationExpressionSyntax>.Builder Invocations { get; private set; } = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>(256);

            public ImmutableArray<string?>.Builder InvokedNames { get; private set; } = ImmutableArray.CreateBuilder<string?>(256);

            public ImmutableArray<SyntaxNode>.Builder JobCodeNodes { get; private set; } = ImmutableArray.CreateBuilder<SyntaxNode>(256);

            public ImmutableArray<JobCodeNodeInfo>.Builder JobCodeInfo { get; private set; } = ImmutableArray.CreateBuilder<JobCodeNodeInfo>(256);

            /// <summary>The walk's stack of nodes still to visit (emptied once a file is walked).</summary>
            public NodeStack Stack { get; private set; } = new();

            /// <summary>Empties the buffers once a file is walked, so that they keep no node (and no tree) alive.</summary>
            public void Release()
            {
                Nodes = Release(Nodes);
                NodeNames = Release(NodeNames);
                Invocations = Release(Invocations);
                InvokedNames = Release(InvokedNames);
                JobCodeNodes = Release(JobCodeNodes);
                JobCodeInfo = Release(JobCodeInfo);

                // A stack that grew for an unusually deep or wide file is not kept.
                if (!Stack.Release())
                {
                    Stack = new NodeStack();
                }
            }

            private static ImmutableArray<T>.Builder Release<T>(ImmutableArray<T>.Builder builder)
            {
                if (builder.Capacity > MaxKept)
                {
                    return ImmutableArray.CreateBuilder<T>(256);
                }

                builder.Clear();
                return builder;
            }
        }
    }

    /// <summary>
    /// The kind and start of one of <see cref="FileSyntax.JobCodeNodes"/>, with, for an anonymous function, where it ends,
    /// and for a call, its index in <see cref="FileSyntax.Invocations"/>.
    /// </summary>
    internal readonly struct JobCodeNodeInfo
    {
        // An anonymous function's end or a call's index (the kind tells which); 0 for every other node.
        private readonly int _extra;

        public JobCodeNodeInfo(ushort kind, int start, int extra)
        {
            Kind = kind;
            Start = start;
            _extra = extra;
        }

        /// <summary>The node's <see cref="SyntaxNode.RawKind"/>.</summary>
        public ushort Kind { get; }

        /// <summary>The node's <see cref="SyntaxNode.SpanStart"/>.</summary>
        public int Start { get; }

        /// <summary>Where an anonymous function's span ends; 0 for every other node.</summary>
        public int FunctionEnd => FileSyntax.IsAnonymousFunction(Kind) ? _extra : 0;

        /// <summary>For a call, its index in <see cref="FileSyntax.Invocations"/> (and <see cref="FileSyntax.InvokedNames"/>); -1 for every other node.</summary>
        public int InvocationIndex => Kind == (ushort)SyntaxKind.InvocationExpression ? _extra : -1;
    }
}
