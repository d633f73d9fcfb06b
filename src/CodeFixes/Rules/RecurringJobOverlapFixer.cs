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
    /// QL0031: adds <c>[DisableConcurrentExecution(timeoutInSeconds: 60)]</c> to the Hangfire job method, or
    /// <c>[DisallowConcurrentExecution]</c> to the Quartz job class, once per declaration for all its schedules.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RecurringJobOverlapFixer))]
    [Shared]
    public sealed class RecurringJobOverlapFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.RecurringJobOverlap + ".AddAttribute";

        /// <summary>How long a run waits for the previous one before it fails and is retried.</summary>
        public const int LockTimeoutSeconds = 60;

        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider("Let each job run one at a time", ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.RecurringJobOverlap);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                // Registered for every finding (a no-op where the declaration is not in this solution): dotnet format
                // runs the Fix All of the first finding's action.
                var target = await FindDeclarationAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                var hangfire = target?.Hangfire ?? (diagnostic.Properties.TryGetValue(RecurringJobOverlapAnalyzer.AttributeProperty, out var kind) && kind == RecurringJobOverlapAnalyzer.HangfireAttribute);
                var title = hangfire ? "Add [DisableConcurrentExecution]" : "Add [DisallowConcurrentExecution]";
                s_fixAll.RegisterFix(context, diagnostic, title, EquivalenceKey);
            }
        }

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var targets = new Dictionary<MemberDeclarationSyntax, bool>();
            foreach (var (document, diagnostic) in diagnostics)
            {
                if (await FindDeclarationAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } target)
                {
                    targets[target.Declaration] = target.Hangfire;
                }
            }

            foreach (var group in targets.GroupBy(t => t.Key.SyntaxTree))
            {
                var document = solution.GetDocument(group.Key);
                if (document is null || await group.Key.GetRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
                {
                    continue;
                }

                var newLine = SyntaxFactory.EndOfLine(SyntaxText.NewLine(await group.Key.GetTextAsync(cancellationToken).ConfigureAwait(false)));
                var hangfire = group.ToDictionary(t => t.Key, t => t.Value);
                root = root.ReplaceNodes(hangfire.Keys, (original, current) => AddAttribute(current, hangfire[original], newLine));
                foreach (var ns in hangfire.Values.Distinct().OrderBy(h => h).Select(h => h ? "Hangfire" : "Quartz"))
                {
                    root = AddUsing(root, ns, newLine);
                }

                solution = solution.WithDocumentSyntaxRoot(document.Id, root);
            }

            return solution;
        }

        private static async Task<(MemberDeclarationSyntax Declaration, bool Hangfire)?> FindDeclarationAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(RecurringJobOverlapAnalyzer.AttributeProperty, out var kind))
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
            var symbol = semanticModel.GetSymbolInfo(node, cancellationToken).Symbol;
            var hangfire = kind == RecurringJobOverlapAnalyzer.HangfireAttribute;
            if ((hangfire ? symbol as IMethodSymbol : (ISymbol?)(symbol as INamedTypeSymbol)) is not { } target
                || target.DeclaringSyntaxReferences.Length == 0)
            {
                return null;
            }

            var declaration = await target.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) as MemberDeclarationSyntax;
            return declaration is MethodDeclarationSyntax or TypeDeclarationSyntax && document.Project.Solution.GetDocument(declaration.SyntaxTree) is not null
                ? (declaration, hangfire)
                : null;
        }

        private static MemberDeclarationSyntax AddAttribute(MemberDeclarationSyntax declaration, bool hangfire, SyntaxTrivia newLine)
        {
            var attribute = hangfire
                ? SyntaxFactory.Attribute(
                    SyntaxFactory.IdentifierName("DisableConcurrentExecution"),
                    SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(LockTimeoutSeconds)))
                            .WithNameColon(SyntaxFactory.NameColon("timeoutInSeconds")))))
                : SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("DisallowConcurrentExecution"));

            // The attribute takes the declaration's indentation and sits on its own line above it.
            var first = declaration.GetFirstToken();
            var leading = first.LeadingTrivia;
            var indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? leading.Last() : default;
            var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(newLine);
            var updated = declaration.ReplaceToken(first, first.WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation)));
            var lists = updated.AttributeLists.Insert(0, list);
            return updated.WithAttributeLists(lists);
        }

        private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax root, string ns, SyntaxTrivia newLine)
        {
            if (root.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == ns)
                || root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Any(u => u.Name?.ToString() == ns)))
            {
                return root;
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns).WithLeadingTrivia(SyntaxFactory.Space)).WithTrailingTrivia(newLine);
            var usings = root.Usings;
            // System usings stay first; the rest are kept in order.
            var index = 0;
            while (index < usings.Count && (usings[index].Name?.ToString().StartsWith("System", System.StringComparison.Ordinal) == true || string.CompareOrdinal(usings[index].Name?.ToString(), ns) < 0))
            {
                index++;
            }

            return root.WithUsings(usings.Insert(index, directive));
        }
    }
}
