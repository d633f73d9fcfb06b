using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.Model.Syntax
{
    /// <summary>
    /// What runs before a node in its body and is still in force there: the statements before it in each block around
    /// it, and the resources of each <c>using</c> statement around it, up to the enclosing member or function. Where an
    /// adapter looks for a transaction or a scope opened before a send.
    /// </summary>
    internal static class EarlierInBody
    {
        /// <summary>
        /// Whether <paramref name="test"/> holds for a statement before <paramref name="node"/> in a block around it, or
        /// for the declaration or expression of a <c>using</c> statement whose body holds it.
        /// </summary>
        public static bool Any<TState>(SyntaxNode node, TState state, Func<SyntaxNode, TState, bool> test)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case UsingStatementSyntax statement when statement.Statement.Span.Contains(node.Span):
                        if (((SyntaxNode?)statement.Declaration ?? statement.Expression) is { } resources && test(resources, state))
                        {
                            return true;
                        }

                        break;
                    case BlockSyntax block:
                        foreach (var statement in block.Statements)
                        {
                            if (statement.SpanStart >= node.SpanStart)
                            {
                                break;
                            }

                            if (test(statement, state))
                            {
                                return true;
                            }
                        }

                        break;
                    case MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                        return false;
                }
            }

            return false;
        }
    }
}
