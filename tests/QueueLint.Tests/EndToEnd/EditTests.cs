using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Tests.Meta;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.EndToEnd
{
    /// <summary>
    /// After a keystroke an IDE analyzes the edited document alone, in a new compilation that keeps every other file's
    /// tree; QueueLint then answers facts for what that document asks (job code by reach, subtypes and entities by name)
    /// instead of for the whole compilation. Each document of the sample must get the findings it gets in a compilation
    /// seen for the first time.
    /// </summary>
    [LongRunning]
    public class EditTests
    {
        private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.CSharp12);

        // The sample's implicit usings (ImplicitUsings in its project).
        private const string ImplicitUsings = """
            global using System;
            global using System.Collections.Generic;
            global using System.IO;
            global using System.Linq;
            global using System.Net.Http;
            global using System.Threading;
            global using System.Threading.Tasks;
            """;

        [Fact]
        public async Task Each_sample_document_edited_gets_the_findings_of_a_first_analysis()
        {
            var sample = RepositoryPaths.Combine("samples", "QueueLint.Sample");
            var files = Directory.GetFiles(sample, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .Select(f => (Path: Path.GetRelativePath(sample, f), Text: File.ReadAllText(f)))
                .Append((Path: "GlobalUsings.g.cs", Text: ImplicitUsings))
                .ToArray();
            var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new InMemoryText("QueueLint.Jobs.txt", File.ReadAllText(Path.Combine(sample, "QueueLint.Jobs.txt")))));
            var total = 0;

            foreach (var (path, _) in files.Take(files.Length - 1))
            {
                // A first analysis of the document, in a compilation of freshly parsed files.
                var first = Compile(files);
                var expected = await AnalyzeDocumentAsync(first, first.SyntaxTrees.Single(t => t.FilePath == path), options);

                // A compilation seen before, then a keystroke in the document: the others' trees are kept.
                var seen = Compile(files);
                await seen.WithAnalyzers(RuleCatalogTests.Analyzers, options).GetAnalyzerDiagnosticsAsync();
                var tree = seen.SyntaxTrees.Single(t => t.FilePath == path);
                var edited = seen.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(0, 0, "// edited\n")));
                var actual = await AnalyzeDocumentAsync(edited, edited.SyntaxTrees.Single(t => t.FilePath == path), options);

                Assert.Equal(Describe(expected, lineOffset: 1), Describe(actual, lineOffset: 0));
                total += actual.Length;
            }

            Assert.True(total > 20, $"only {total} findings in the sample's documents");
        }

        private static CSharpCompilation Compile((string Path, string Text)[] files)
            => CSharpCompilation.Create(
                "Shop",
                files.Select(f => CSharpSyntaxTree.ParseText(f.Text, s_parseOptions, path: f.Path)),
                SnippetReferences.FrameworksWithHangfireNetCore,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeDocumentAsync(Compilation compilation, SyntaxTree tree, AnalyzerOptions options)
        {
            var analysis = compilation.WithAnalyzers(RuleCatalogTests.Analyzers, options);
            var syntax = await analysis.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None);
            var semantic = await analysis.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None);
            return syntax.AddRange(semantic);
        }

        private static string[] Describe(ImmutableArray<Diagnostic> diagnostics, int lineOffset)
            => diagnostics
                .Select(d => $"{d.Id} {d.Location.GetLineSpan().StartLinePosition.Line + lineOffset}:{d.Location.GetLineSpan().StartLinePosition.Character} {d.GetMessage()}")
                .OrderBy(d => d, System.StringComparer.Ordinal)
                .ToArray();
    }
}
