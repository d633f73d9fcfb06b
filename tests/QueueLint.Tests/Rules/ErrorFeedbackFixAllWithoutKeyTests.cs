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
using QueueLint.CodeFixes.Rules;
using QueueLint.Rules;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.Rules
{
    /// <summary>
    /// <c>dotnet format analyzers</c> asks a rule's FIRST finding for its code action and runs Fix All with that
    /// action's equivalence key, null when the finding has no fix. For each error-feedback rule the first finding
    /// here cannot be fixed (a fixed signature, no way to report); the ones after it must still be fixed.
    /// </summary>
    public class ErrorFeedbackFixAllWithoutKeyTests
    {
        private const string Code = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Hangfire;
            using Microsoft.Extensions.Logging;

            public interface ITick { void Tick(); }

            // Two constructors: no logger can be added, and the interface fixes Tick's signature.
            public class AUnfixable : ITick
            {
                public AUnfixable() { }
                public AUnfixable(int delay) { }

                public async void Tick() => await Task.Delay(1);

                public int Count()
                {
                    try { Tick(); }
                    catch (Exception) { }
                    _ = new HttpClient().GetAsync("https://a");
                    return 1;
                }
            }

            public class BFixable
            {
                private readonly ILogger<BFixable> _logger;
                public BFixable(ILogger<BFixable> logger) => _logger = logger;

                public async Task Send(int orderId)
                {
                    try { await new HttpClient().GetAsync("https://b"); }
                    catch (Exception) { }
                    _ = new HttpClient().GetAsync("https://c");
                    Notify();
                    await Task.Yield();
                }

                private async void Notify() => await Task.Delay(1);
            }

            public class Web
            {
                public void Post()
                {
                    BackgroundJob.Enqueue<AUnfixable>(x => x.Count());
                    BackgroundJob.Enqueue<BFixable>(x => x.Send(1));
                }
            }
            """;

        public static TheoryData<string> Rules() => new() { "QL0010", "QL0011", "QL0012", "QL0013" };

        [Theory]
        [MemberData(nameof(Rules))]
        public async Task Fix_all_with_the_first_findings_null_key_fixes_the_others(string id)
        {
            var (fixer, analyzer, expected) = id switch
            {
                "QL0010" => ((CodeFixProvider)new AsyncVoidJobFixer(), (DiagnosticAnalyzer)new AsyncVoidJobAnalyzer(), "private async Task Notify()"),
                "QL0011" => (new ReportJobFailuresFixer(), new ReportJobFailuresAnalyzer(), "_logger.LogError(ex, \"Job {Job} failed for {OrderId}\", \"BFixable.Send\", orderId);"),
                "QL0012" => (new SwallowedExceptionFixer(), new SwallowedExceptionAnalyzer(), "catch (Exception ex)"),
                _ => (new UnobservedTaskFixer(), new UnobservedTaskAnalyzer(), "await new HttpClient().GetAsync(\"https://c\");"),
            };

            using var workspace = new AdhocWorkspace();
            var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "App", "App", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.CSharp12),
                metadataReferences: SnippetReferences.Frameworks));
            var document = workspace.AddDocument(project.Id, "Jobs.cs", SourceText.From(Code));

            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = (await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync())
                .Where(d => d.Id == id)
                .OrderBy(d => d.Location.SourceSpan.Start)
                .ToImmutableArray();
            Assert.True(diagnostics.Length >= 2, id + ": " + string.Join("\n", diagnostics));

            // The first finding (in AUnfixable) offers no fix: the key dotnet format passes on is null.
            CodeAction? first = null;
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => first ??= action, CancellationToken.None));
            Assert.True(first is null, diagnostics[0].ToString());

            var context = new FixAllContext(document, fixer, FixAllScope.Solution, first?.EquivalenceKey!, new[] { id }, new Provider(diagnostics), CancellationToken.None);
            var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context);
            Assert.NotNull(fixAll);
            var operations = await fixAll!.GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            var text = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
            Assert.Contains(expected, text);

            // The unfixable class is left as it was.
            var unfixable = Code.Substring(Code.IndexOf("public class AUnfixable", System.StringComparison.Ordinal), Code.IndexOf("public class BFixable", System.StringComparison.Ordinal) - Code.IndexOf("public class AUnfixable", System.StringComparison.Ordinal));
            Assert.Contains(unfixable, text);
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
