using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace QueueLint.CodeFixes
{
    /// <summary>One document's text edits while a fix is planned: the changes, and the usings they need.</summary>
    internal sealed class DocumentTextEdits
    {
        private readonly HashSet<object> _seen = new();

        public DocumentTextEdits(Document document, CompilationUnitSyntax root, SemanticModel semanticModel, SourceText text)
        {
            Document = document;
            Root = root;
            SemanticModel = semanticModel;
            Text = text;
        }

        public Document Document { get; }

        public CompilationUnitSyntax Root { get; }

        public SemanticModel SemanticModel { get; }

        public SourceText Text { get; }

        public List<TextChange> Changes { get; } = new();

        /// <summary>Namespaces to import when any change is made, in the order first asked for.</summary>
        public HashSet<string> Usings { get; } = new(StringComparer.Ordinal);

        /// <summary>True the first time <paramref name="key"/> is given in this document: a place fixed once however many findings share it.</summary>
        public bool FirstTime(object key) => _seen.Add(key);
    }

    /// <summary>
    /// Fix All by text changes, document by document: each finding adds its changes to its document's edits, and
    /// the usings they need are added once, when the document changes at all.
    /// </summary>
    internal static class TextEdits
    {
        public static async Task<Solution> ApplyAsync(
            Solution solution,
            ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics,
            Action<DocumentTextEdits, Diagnostic, CancellationToken> plan,
            CancellationToken cancellationToken)
        {
            foreach (var group in diagnostics.GroupBy(d => d.Document.Id))
            {
                var document = solution.GetDocument(group.Key);
                if (document is null
                    || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root
                    || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel)
                {
                    continue;
                }

                var edits = new DocumentTextEdits(document, root, semanticModel, await document.GetTextAsync(cancellationToken).ConfigureAwait(false));
                foreach (var (_, diagnostic) in group)
                {
                    plan(edits, diagnostic, cancellationToken);
                }

                if (edits.Changes.Count == 0)
                {
                    continue;
                }

                foreach (var name in edits.Usings)
                {
                    if (SyntaxText.AddUsing(root, edits.Text, name) is { } usingChange)
                    {
                        edits.Changes.Add(usingChange);
                    }
                }

                solution = solution.WithDocumentText(document.Id, edits.Text.WithChanges(edits.Changes.OrderBy(c => c.Span.Start)));
            }

            return solution;
        }
    }
}
