using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using QueueLint.Model;
using QueueLint.Model.Jobs;

namespace QueueLint.CodeFixes
{
    /// <summary>Syntax and symbol helpers the lifetime fixers share: where code runs, what token it can read, how to await.</summary>
    internal static class AsyncRewrite
    {
        /// <summary>The innermost method, local function, lambda or accessor around <paramref name="node"/>.</summary>
        public static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case BaseMethodDeclarationSyntax:
                    case AccessorDeclarationSyntax:
                        return current;
                }
            }

            return null;
        }

        /// <summary>The method or local function whose body holds <paramref name="node"/>; null inside a lambda, an accessor or a constructor.</summary>
        public static SyntaxNode? EnclosingMethodOrLocalFunction(SyntaxNode node)
            => EnclosingFunction(node) is (MethodDeclarationSyntax or LocalFunctionStatementSyntax) and var function ? function : null;

        /// <summary>Whether a method, local function or lambda is declared <c>async</c>.</summary>
        public static bool IsAsync(SyntaxNode function) => function switch
        {
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            _ => false,
        };

        /// <summary>True when <paramref name="node"/> is inside a lambda converted to an expression tree (a Hangfire job expression).</summary>
        public static bool IsInExpressionTree(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax lambda)
                {
                    var converted = semanticModel.GetTypeInfo(lambda, cancellationToken).ConvertedType;
                    if (converted is INamedTypeSymbol { Name: "Expression", ContainingNamespace: { Name: "Expressions" } })
                    {
                        return true;
                    }
                }
                else if (current is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>Whether an await may be written at <paramref name="node"/>: not inside a lock or a query.</summary>
        public static bool CanAwaitAt(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax:
                    case QueryExpressionSyntax:
                        return false;
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case BaseMethodDeclarationSyntax:
                        return true;
                }
            }

            return true;
        }

        /// <summary>
        /// The C# that reads the job's token in the function around <paramref name="node"/> (a token parameter, or
        /// the token of a framework context), or null when none is in reach.
        /// </summary>
        public static string? TokenExpressionAt(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
            for (var function = EnclosingFunction(node); function is not null; function = EnclosingFunction(function))
            {
                var symbol = function is AnonymousFunctionExpressionSyntax
                    ? semanticModel.GetSymbolInfo(function, cancellationToken).Symbol
                    : semanticModel.GetDeclaredSymbol(function, cancellationToken);
                if (symbol is IMethodSymbol method)
                {
                    var source = Cancellation.GetTokenSource(method, symbols);
                    if (source.Exists)
                    {
                        return source.Expression;
                    }
                }

                if (function is BaseMethodDeclarationSyntax)
                {
                    break;
                }
            }

            return null;
        }

        /// <summary><c>await <paramref name="expression"/></c>, parenthesized where the context needs it (the simplifier drops needless parentheses).</summary>
        public static ExpressionSyntax Await(ExpressionSyntax expression, SyntaxNode replaced)
        {
            var awaited = SyntaxFactory.AwaitExpression(expression.WithoutTrivia()).WithTriviaFrom(replaced);
            if (replaced.Parent is ExpressionStatementSyntax or EqualsValueClauseSyntax or ArgumentSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax)
            {
                return awaited;
            }

            return SyntaxFactory.ParenthesizedExpression(awaited.WithoutTrivia()).WithTriviaFrom(replaced).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        public static ExpressionSyntax QualifiedExpression(string text)
            => SyntaxFactory.ParseExpression(text).WithAdditionalAnnotations(Simplifier.Annotation);

        /// <summary>
        /// <c>Task.CompletedTask</c>, or <c>default</c>: a function that becomes async returns nothing for it (a
        /// <c>default</c> task is null, and awaiting it would throw).
        /// </summary>
        public static bool IsCompletedTask(ExpressionSyntax value)
            => value is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask" }
               || value is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression }
               || value is DefaultExpressionSyntax;

        /// <summary>
        /// The interface members <paramref name="method"/> implements: explicitly (as the symbol says) or implicitly, by a
        /// member of the same name that the type maps to it.
        /// </summary>
        public static IEnumerable<IMethodSymbol> ImplementedInterfaceMembers(IMethodSymbol method)
        {
            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                yield return implemented;
            }

            foreach (var @interface in method.ContainingType.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol interfaceMethod
                        && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(interfaceMethod), method))
                    {
                        yield return interfaceMethod;
                    }
                }
            }
        }

        /// <summary>Whether <paramref name="method"/>'s signature is fixed by another: an override, a virtual or abstract method, or an interface member it implements.</summary>
        public static bool SignatureIsFixedElsewhere(IMethodSymbol method)
            => method.IsOverride || method.IsVirtual || method.IsAbstract || ImplementedInterfaceMembers(method).Any();
    }
}
