using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.Model
{
    /// <summary>
    /// The nodes of one file that the model's searches look at — calls, object creations, attributes,
    /// assignments, collection initializers, loops and catch clauses — found in one walk of the file and shared by
    /// every search (enqueue sites, job-method sites, retry policies, schedules, failure reporters,
    /// <c>ModelBuilder.Entity&lt;T&gt;()</c> calls). Computed only for files that some search's text filter lets
    /// through, in document order.
    /// </summary>
    internal sealed class FileSyntax
    {
        private static readonly ConditionalWeakTable<SyntaxTree, FileSyntax> s_byTree = new();

        private FileSyntax(ImmutableArray<SyntaxNode> nodes, ImmutableArray<InvocationExpressionSyntax> invocations)
        {
            Nodes = nodes;
            Invocations = invocations;
        }

        /// <summary>Every node of the kinds the searches read, in document order.</summary>
        public ImmutableArray<SyntaxNode> Nodes { get; }

        /// <summary>Every call of the file, in document order.</summary>
        public ImmutableArray<InvocationExpressionSyntax> Invocations { get; }

        public static FileSyntax Get(SyntaxTree tree, CancellationToken cancellationToken)
        {
            if (s_byTree.TryGetValue(tree, out var found))
            {
                return found;
            }

            // Computed outside the table so that a cancelled walk leaves nothing half-done behind.
            var created = Create(tree.GetRoot(cancellationToken), cancellationToken);
            return s_byTree.GetValue(tree, _ => created);
        }

        private static FileSyntax Create(SyntaxNode root, CancellationToken cancellationToken)
        {
            var nodes = ImmutableArray.CreateBuilder<SyntaxNode>();
            var invocations = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
            foreach (var node in root.DescendantNodes())
            {
                switch (node.RawKind)
                {
                    case (int)SyntaxKind.InvocationExpression:
                        invocations.Add((InvocationExpressionSyntax)node);
                        nodes.Add(node);
                        break;
                    case (int)SyntaxKind.ObjectCreationExpression:
                    case (int)SyntaxKind.ImplicitObjectCreationExpression:
                    case (int)SyntaxKind.Attribute:
                    case (int)SyntaxKind.CollectionInitializerExpression:
                    case (int)SyntaxKind.WhileStatement:
                    case (int)SyntaxKind.DoStatement:
                    case (int)SyntaxKind.ForStatement:
                    case (int)SyntaxKind.CatchClause:
                        nodes.Add(node);
                        break;
                    case (int)SyntaxKind.Block:
                        cancellationToken.ThrowIfCancellationRequested();
                        break;
                    default:
                        if (node is AssignmentExpressionSyntax)
                        {
                            nodes.Add(node);
                        }

                        break;
                }
            }

            return new FileSyntax(nodes.ToImmutable(), invocations.ToImmutable());
        }
    }
}
