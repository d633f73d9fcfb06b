using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0006 and QL0008: <c>BackgroundJob.Enqueue(() =&gt; _mailer.Send(a))</c> becomes
    /// <c>BackgroundJob.Enqueue&lt;IMailer&gt;(x =&gt; x.Send(a))</c>, keeping the other arguments. Offered only when the
    /// rewritten call binds to a generic overload of the same method, and, for QL0008, when no implementation of
    /// the job method carries a Hangfire job filter attribute (Hangfire reads filters from the recorded type and
    /// method, so naming the interface would drop them).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CapturedInstanceFixer))]
    [Shared]
    public sealed class CapturedInstanceFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.CapturedInstance + ".UseGenericForm";

        private static readonly string[] s_parameterNames = { "x", "job", "service", "instance" };

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.CapturedInstance, RuleIdentifiers.NameServiceType);

        public override FixAllProvider GetFixAllProvider() => new DefaultKeyFixAllProvider(WellKnownFixAllProviders.BatchFixer, EquivalenceKey);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var rewrite = await TryRewriteAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (rewrite is null)
                {
                    continue;
                }

                var (original, replacement) = rewrite.Value;
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use the generic form with the service type",
                        async cancellationToken =>
                        {
                            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                            return document.WithSyntaxRoot(root!.ReplaceNode(original, replacement));
                        },
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<(InvocationExpressionSyntax Original, InvocationExpressionSyntax Replacement)?> TryRewriteAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null)
            {
                return null;
            }

            // The diagnostic is on the receiver (or the call, for an implicit this) inside the job lambda.
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var lambda = node.FirstAncestorOrSelf<ParenthesizedLambdaExpressionSyntax>();
            if (lambda is null || lambda.ParameterList.Parameters.Count != 0
                || Unparenthesize(lambda.ExpressionBody) is not InvocationExpressionSyntax jobCall
                || lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax enqueue } })
            {
                return null;
            }

            if (CapturedInstanceAnalyzer.ServiceTypeAt(semanticModel, jobCall, cancellationToken) is not { } typeName)
            {
                return null;
            }

            if (diagnostic.Id == RuleIdentifiers.NameServiceType
                && await HasJobFiltersAsync(document, semanticModel.GetSymbolInfo(jobCall, cancellationToken).Symbol as IMethodSymbol, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var parameterName = s_parameterNames.FirstOrDefault(name =>
                semanticModel.LookupSymbols(lambda.SpanStart, name: name).IsEmpty
                && !lambda.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == name));
            if (parameterName is null)
            {
                return null;
            }

            ExpressionSyntax newTarget = jobCall.Expression switch
            {
                MemberAccessExpressionSyntax access => access.WithExpression(SyntaxFactory.IdentifierName(parameterName)),
                SimpleNameSyntax name => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(parameterName), name.WithoutTrivia()),
                _ => null!,
            };
            if (newTarget is null)
            {
                return null;
            }

            var newLambda = SyntaxFactory.ParseExpression(parameterName + " => " + jobCall.WithExpression(newTarget).ToString())
                .WithTriviaFrom(lambda);
            var typeArgument = SyntaxFactory.ParseTypeName(typeName);
            ExpressionSyntax? newEnqueueTarget = enqueue.Expression switch
            {
                MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access => access.WithName(Generic(name, typeArgument)),
                IdentifierNameSyntax name => Generic(name, typeArgument),
                _ => null,
            };
            if (newEnqueueTarget is null)
            {
                return null;
            }

            var replacement = enqueue
                .WithArgumentList(enqueue.ArgumentList.ReplaceNode(lambda, newLambda))
                .WithExpression(newEnqueueTarget);

            // Validate: the rewritten call must bind to a generic overload of the same method.
            var speculative = semanticModel.GetSpeculativeSymbolInfo(enqueue.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
            var original = semanticModel.GetSymbolInfo(enqueue, cancellationToken).Symbol as IMethodSymbol;
            if (speculative is null || original is null || !speculative.IsGenericMethod || speculative.Name != original.Name
                || !SymbolEqualityComparer.Default.Equals(speculative.ContainingType, original.ContainingType))
            {
                return null;
            }

            return (enqueue, replacement);
        }

        /// <summary>A job filter attribute on an implementation or override of the job method, or on its class.</summary>
        private static async Task<bool> HasJobFiltersAsync(Document document, IMethodSymbol? method, CancellationToken cancellationToken)
        {
            if (method is null)
            {
                return false;
            }

            // Filters on the named type itself are kept by the generic form; those on the classes behind it are not.
            var solution = document.Project.Solution;
            var implementations = method.ContainingType.TypeKind == TypeKind.Interface
                ? await SymbolFinder.FindImplementationsAsync(method, solution, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await SymbolFinder.FindOverridesAsync(method, solution, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var implementation in implementations)
            {
                if (HasJobFilter(implementation) || HasJobFilter(implementation.ContainingType))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasJobFilter(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
                {
                    if (type.Name == "JobFilterAttribute" && type.ContainingNamespace?.ToDisplayString() == "Hangfire.Common")
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static ExpressionSyntax? Unparenthesize(ExpressionSyntax? expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        private static GenericNameSyntax Generic(IdentifierNameSyntax name, TypeSyntax typeArgument)
            => SyntaxFactory.GenericName(name.Identifier, SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(typeArgument)));
    }
}
