using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.Model.Syntax
{
    /// <summary>Names as written in syntax, read without making a string of the whole name.</summary>
    internal static class SyntaxNames
    {
        /// <summary>
        /// A type's own name as written: <c>RetryStrategyOptions</c> of <c>Polly.Retry.RetryStrategyOptions&lt;T&gt;</c>,
        /// <c>GeneratedCode</c> of <c>System.CodeDom.Compiler.GeneratedCode</c>; empty for other shapes (arrays, tuples).
        /// </summary>
        public static string Rightmost(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            NullableTypeSyntax nullable => Rightmost(nullable.ElementType),
            _ => string.Empty,
        };

        /// <summary>The last name of an invoked expression: <c>Retry</c> in <c>x.Retry(3)</c>, <c>x?.Retry&lt;T&gt;(3)</c> or <c>Retry(3)</c>; null for other shapes.</summary>
        public static SimpleNameSyntax? InvokedName(InvocationExpressionSyntax invocation)
            => invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };

        /// <summary>The node's text when messages can quote it: one line of at most <paramref name="maxLength"/> characters; else null.</summary>
        public static string? QuotableText(SyntaxNode node, int maxLength)
        {
            var text = node.ToString();
            return text.Length <= maxLength && text.IndexOf('\n') < 0 ? text : null;
        }
    }
}
