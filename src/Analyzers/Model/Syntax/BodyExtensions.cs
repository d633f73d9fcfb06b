using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.Model.Syntax
{
    /// <summary>Where statements run, read from a node's ancestors.</summary>
    internal static class BodyExtensions
    {
        /// <summary>The nearest enclosing body that statements run in: a method, accessor, lambda or local function.</summary>
        public static SyntaxNode? FirstOrDefaultBody(this IEnumerable<SyntaxNode> ancestors)
        {
            foreach (var ancestor in ancestors)
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax function:
                        return function.Body;
                    case LocalFunctionStatementSyntax local:
                        return (SyntaxNode?)local.Body ?? local.ExpressionBody;
                    case BaseMethodDeclarationSyntax method:
                        return (SyntaxNode?)method.Body ?? method.ExpressionBody;
                    case AccessorDeclarationSyntax accessor:
                        return (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody;
                    case GlobalStatementSyntax global:
                        return global.Parent;
                    case TypeDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }
    }
}
