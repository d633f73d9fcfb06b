using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0023: moves the filter attribute from the implementation to the interface member (or interface) that
    /// the jobs name, where Hangfire reads it. The interface may be in another file.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RetryAttributeNotAppliedFixer))]
    [Shared]
    public sealed class RetryAttributeNotAppliedFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.RetryAttributeNotApplied + ".MoveToInterface";

        private static readonly SolutionFixAllProvider s_fixAll = new("Move the attributes to the interfaces", RetryFixes.Apply(ComputeAsync));

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.RetryAttributeNotApplied);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var changes = await ComputeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (!changes.IsEmpty)
                {
                    s_fixAll.RegisterFix(context, diagnostic, "Move the attribute to the interface", EquivalenceKey);
                }
            }
        }

        private static async Task<ImmutableArray<(DocumentId, TextChange)>> ComputeAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var none = ImmutableArray<(DocumentId, TextChange)>.Empty;
            if (diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0].SourceTree is not { } targetTree)
            {
                return none;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var targetDocument = document.Project.Solution.GetDocument(targetTree);
            if (root is null || model is null || targetDocument is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>() is not { Parent: AttributeListSyntax list } attribute
                || model.GetTypeInfo(attribute, cancellationToken).Type is not INamedTypeSymbol attributeType)
            {
                return none;
            }

            var targetRoot = await targetTree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var targetModel = await targetDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var targetToken = targetRoot.FindToken(diagnostic.AdditionalLocations[0].SourceSpan.Start);
            if (targetModel is null || targetToken.Parent?.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } declaration
                || declaration is not (MethodDeclarationSyntax or InterfaceDeclarationSyntax))
            {
                return none;
            }

            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var builder = ImmutableArray.CreateBuilder<(DocumentId, TextChange)>();

            // Remove it here: the whole line when the list holds only this attribute.
            if (list.Attributes.Count == 1)
            {
                var line = text.Lines.GetLineFromPosition(list.SpanStart);
                var alone = list.Span.End <= line.End
                    && text.ToString(TextSpan.FromBounds(line.Start, list.SpanStart)).Trim().Length == 0
                    && text.ToString(TextSpan.FromBounds(list.Span.End, line.End)).Trim().Length == 0;
                builder.Add((document.Id, new TextChange(alone ? line.SpanIncludingLineBreak : list.Span, string.Empty)));
            }
            else
            {
                var index = list.Attributes.IndexOf(attribute);
                var span = index > 0
                    ? TextSpan.FromBounds(list.Attributes.GetSeparator(index - 1).SpanStart, attribute.Span.End)
                    : TextSpan.FromBounds(attribute.SpanStart, list.Attributes[1].SpanStart);
                builder.Add((document.Id, new TextChange(span, string.Empty)));
            }

            // Add it there, unless the member already carries one.
            var targetSymbol = targetModel.GetDeclaredSymbol(declaration, cancellationToken);
            if (targetSymbol is null)
            {
                return none;
            }

            if (!targetSymbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType)))
            {
                var targetText = await targetDocument.GetTextAsync(cancellationToken).ConfigureAwait(false);
                // After the member's own attributes, so that attributes moved one by one keep their order.
                var insertAt = declaration.AttributeLists.Count > 0 ? declaration.AttributeLists.Last().GetLastToken().GetNextToken().SpanStart : declaration.SpanStart;
                var line = targetText.Lines.GetLineFromPosition(insertAt);
                var indentation = SyntaxText.Indentation(line);
                var name = attribute.Name.ToString();
                var visible = targetModel.LookupNamespacesAndTypes(declaration.SpanStart, name: attributeType.Name)
                    .Any(s => SymbolEqualityComparer.Default.Equals(s, attributeType));
                if (!visible && attributeType.ContainingNamespace is { IsGlobalNamespace: false } ns)
                {
                    name = ns.ToDisplayString() + "." + attribute.Name.ToString().Split('.').Last();
                }

                var moved = "[" + name + attribute.ArgumentList?.ToString() + "]" + SyntaxText.NewLine(targetText, line) + indentation;
                builder.Add((targetDocument.Id, new TextChange(new TextSpan(insertAt, 0), moved)));
            }

            return builder.ToImmutable();
        }
    }
}
