using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0007: makes the job method public when that is its only problem. The method may live in another file
    /// than the enqueue site, and many sites may target it, so Fix All changes each method once.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HangfireCannotInvokeFixer))]
    [Shared]
    public sealed class HangfireCannotInvokeFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.HangfireCannotInvoke + ".MakePublic";

        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider("Make the job methods public", ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.HangfireCannotInvoke);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (await FindDeclarationAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is null)
                {
                    continue;
                }

                s_fixAll.RegisterFix(context, diagnostic, "Make the job method public", EquivalenceKey);
            }
        }

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var declarations = new HashSet<MethodDeclarationSyntax>();
            foreach (var (document, diagnostic) in diagnostics)
            {
                if (await FindDeclarationAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } declaration)
                {
                    declarations.Add(declaration);
                }
            }

            foreach (var group in declarations.GroupBy(d => d.SyntaxTree))
            {
                var document = solution.GetDocument(group.Key);
                var root = await group.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
                if (document is null)
                {
                    continue;
                }

                root = root.ReplaceNodes(group, (original, _) => MakePublic(original));
                solution = solution.WithDocumentSyntaxRoot(document.Id, root);
            }

            return solution;
        }

        private static async Task<MethodDeclarationSyntax?> FindDeclarationAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.ContainsKey(HangfireCannotInvokeAnalyzer.OnlyNotPublicProperty))
            {
                return null;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null)
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (semanticModel.GetSymbolInfo(node, cancellationToken).Symbol is not IMethodSymbol method)
            {
                return null;
            }

            // An override or an interface implementation keeps the accessibility its contract gives it.
            method = method.ReducedFrom ?? method;
            if (method.IsOverride || method.ExplicitInterfaceImplementations.Length > 0 || method.PartialDefinitionPart is not null
                || method.PartialImplementationPart is not null || method.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = await method.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) as MethodDeclarationSyntax;
            return declaration is not null && document.Project.Solution.GetDocument(declaration.SyntaxTree) is not null ? declaration : null;
        }

        private static MethodDeclarationSyntax MakePublic(MethodDeclarationSyntax method)
        {
            var modifiers = method.Modifiers;
            var accessibility = modifiers.Where(m => m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.InternalKeyword)).ToList();
            if (accessibility.Count == 0)
            {
                // No accessibility modifier means private: public goes first, taking over the leading trivia.
                if (modifiers.Count > 0)
                {
                    var first = modifiers[0];
                    var publicKeyword = SyntaxFactory.Token(first.LeadingTrivia, SyntaxKind.PublicKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
                    return method.WithModifiers(modifiers.Replace(first, first.WithLeadingTrivia()).Insert(0, publicKeyword));
                }

                var typeToken = method.ReturnType.GetFirstToken();
                var keyword = SyntaxFactory.Token(typeToken.LeadingTrivia, SyntaxKind.PublicKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
                return method.ReplaceToken(typeToken, typeToken.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(keyword));
            }

            var firstAccessibility = accessibility[0];
            var result = modifiers.Replace(firstAccessibility, SyntaxFactory.Token(firstAccessibility.LeadingTrivia, SyntaxKind.PublicKeyword, firstAccessibility.TrailingTrivia));
            foreach (var extra in accessibility.Skip(1))
            {
                result = result.Remove(result.First(m => m.IsKind(extra.Kind())));
            }

            return method.WithModifiers(result);
        }
    }
}
