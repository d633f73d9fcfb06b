using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace QueueLint.Model.Syntax
{
    /// <summary>
    /// Facts read from one syntax tree alone, kept with the tree: the IDE makes a new compilation after each keystroke
    /// but reuses the tree of every file the keystroke did not touch, so only the edited file is read again.
    /// </summary>
    internal static class PerTree<T>
        where T : class
    {
        private static readonly ConditionalWeakTable<SyntaxTree, T> s_byTree = new();

        public static T Get(SyntaxTree tree, Func<SyntaxNode, CancellationToken, T> create, CancellationToken cancellationToken)
        {
            if (s_byTree.TryGetValue(tree, out var found))
            {
                return found;
            }

            // Computed outside the table so that a cancelled walk leaves nothing half-done behind.
            var created = create(tree.GetRoot(cancellationToken), cancellationToken);
            return s_byTree.GetValue(tree, _ => created);
        }

        /// <summary>Whether the tree was read already (by an earlier compilation that holds the same tree).</summary>
        public static bool IsKnown(SyntaxTree tree) => s_byTree.TryGetValue(tree, out _);
    }
}
