using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace QueueLint.Tests.Verifiers
{
    /// <summary>
    /// What <c>dotnet format analyzers</c> does, step by step: it asks the FIRST diagnostic of a rule for its code
    /// action, and calls the Fix All provider with that action's equivalence key, which is null when that diagnostic
    /// has no fix. Asserts that the first finding has no fix and returns the text after Fix All.
    /// </summary>
    internal static class NullKeyFixAll
    {
        public static async Task<string> RunAsync(string code, string id, CodeFixProvider fixer, DiagnosticAnalyzer analyzer)
        {
            using var workspace = new AdhocWorkspace();
            var (document, diagnostics) = await AnalyzeAsync(workspace, code, id, analyzer);
            Assert.True(diagnostics.Length >= 2, id + ": " + string.Join("\n", diagnostics));

            // The first diagnostic offers nothing: the key dotnet format passes on is null.
            CodeAction? first = null;
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => first ??= action, CancellationToken.None));
            Assert.True(first is null, diagnostics[0].ToString());

            var context = new FixAllContext(document, fixer, FixAllScope.Solution, first?.EquivalenceKey!, new[] { id }, new Provider(diagnostics), CancellationToken.None);
            var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context);
            Assert.NotNull(fixAll);
            var operations = await fixAll!.GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            return (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
        }

        /// <summary>
        /// <paramref name="code"/> as the one document of a project of <paramref name="workspace"/> compiled against the
        /// snippets' frameworks, and its <paramref name="id"/> diagnostics in source order, as a whole build reports them.
        /// </summary>
        public static async Task<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(AdhocWorkspace workspace, string code, string id, DiagnosticAnalyzer analyzer)
        {
            var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "App", "App", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.CSharp12),
                metadataReferences: SnippetReferences.Frameworks));
            var document = workspace.AddDocument(project.Id, "Code.cs", SourceText.From(code));

            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = (await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync())
                .Where(d => d.Id == id)
                .OrderBy(d => d.Location.SourceSpan.Start)
                .ToImmutableArray();
            return (document, diagnostics);
        }

        private sealed class Provider : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> _diagnostics;

            public Provider(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
        }
    }
}
