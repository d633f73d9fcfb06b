using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace QueueLint.CodeFixes
{
    /// <summary>
    /// Fix All that does not depend on the first diagnostic having a fix. <c>dotnet format analyzers</c> asks the
    /// first diagnostic it meets for its code action and passes that action's equivalence key (null when that
    /// diagnostic has no fix) to Fix All; the batch fixer then matches no action and nothing is fixed. A null key
    /// is replaced here by the fixer's own key, so every fixable diagnostic in scope is fixed whatever comes first.
    /// </summary>
    internal sealed class DefaultKeyFixAllProvider : FixAllProvider
    {
        private readonly FixAllProvider _inner;
        private readonly string _equivalenceKey;

        public DefaultKeyFixAllProvider(FixAllProvider inner, string equivalenceKey)
        {
            _inner = inner;
            _equivalenceKey = equivalenceKey;
        }

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => _inner.GetSupportedFixAllScopes();

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.CodeActionEquivalenceKey is not null)
            {
                return _inner.GetFixAsync(fixAllContext);
            }

            var provider = new ForwardingDiagnosticProvider(fixAllContext);
            var keyed = fixAllContext.Document is { } document
                ? new FixAllContext(document, fixAllContext.CodeFixProvider, fixAllContext.Scope, _equivalenceKey, fixAllContext.DiagnosticIds, provider, fixAllContext.CancellationToken)
                : new FixAllContext(fixAllContext.Project, fixAllContext.CodeFixProvider, fixAllContext.Scope, _equivalenceKey, fixAllContext.DiagnosticIds, provider, fixAllContext.CancellationToken);
            return _inner.GetFixAsync(keyed);
        }

        /// <summary>Hands out the diagnostics of the original context (the tool's own analysis results).</summary>
        private sealed class ForwardingDiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly FixAllContext _context;

            public ForwardingDiagnosticProvider(FixAllContext context) => _context = context;

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
                => await _context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);

            public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => await _context.GetProjectDiagnosticsAsync(project).ConfigureAwait(false);

            public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => await _context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
        }
    }
}
