using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace QueueLint.CodeFixes
{
    /// <summary>
    /// Fix All for fixes that edit several documents at once (the enqueue site in one file, the job class in
    /// another) and must not repeat a shared edit: every diagnostic in scope is handed to one function that
    /// computes the whole new solution. Supports document, project and solution scope (the last is what
    /// <c>dotnet format analyzers</c> uses).
    /// </summary>
    internal sealed class SolutionFixAllProvider : FixAllProvider
    {
        private readonly Func<Solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)>, CancellationToken, Task<Solution>> _apply;
        private readonly string _title;

        public SolutionFixAllProvider(string title, Func<Solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)>, CancellationToken, Task<Solution>> apply)
        {
            _title = title;
            _apply = apply;
        }

        /// <summary>Registers the single fix of <paramref name="diagnostic"/>: the same function as Fix All, given one diagnostic.</summary>
        public void RegisterFix(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey)
        {
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    cancellationToken => _apply(document.Project.Solution, ImmutableArray.Create((document, diagnostic)), cancellationToken),
                    equivalenceKey),
                diagnostic);
        }

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
            => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var action = CodeAction.Create(
                _title,
                async cancellationToken =>
                {
                    var diagnostics = await CollectAsync(fixAllContext, cancellationToken).ConfigureAwait(false);
                    return await _apply(fixAllContext.Solution, diagnostics, cancellationToken).ConfigureAwait(false);
                },
                fixAllContext.CodeActionEquivalenceKey);
            return Task.FromResult<CodeAction?>(action);
        }

        private static async Task<ImmutableArray<(Document, Diagnostic)>> CollectAsync(FixAllContext context, CancellationToken cancellationToken)
        {
            var builder = ImmutableArray.CreateBuilder<(Document, Diagnostic)>();
            IEnumerable<Document> documents = context.Scope switch
            {
                FixAllScope.Document when context.Document is not null => new[] { context.Document },
                FixAllScope.Project => context.Project.Documents,
                FixAllScope.Solution => SolutionDocuments(context.Solution),
                _ => Array.Empty<Document>(),
            };

            foreach (var document in documents)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var diagnostic in await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    builder.Add((document, diagnostic));
                }
            }

            return builder.ToImmutable();
        }

        private static IEnumerable<Document> SolutionDocuments(Solution solution)
        {
            foreach (var project in solution.Projects)
            {
                foreach (var document in project.Documents)
                {
                    yield return document;
                }
            }
        }
    }
}
