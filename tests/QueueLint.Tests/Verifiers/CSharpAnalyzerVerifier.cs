using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace QueueLint.Tests.Verifiers
{
    /// <summary>Analyzer tests: sources use <c>{|QL0001:…|}</c> markup for exact spans.</summary>
    public static class CSharpAnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = SnippetReferences.None;
                References = SnippetReferences.Frameworks;

                // A rule may have a second descriptor, with the same id, for compilation-end reports.
                MarkupOptions = MarkupOptions.UseFirstDescriptor;
            }

            /// <summary>The assemblies the snippet compiles against; defaults to .NET plus every framework.</summary>
            public ImmutableArray<MetadataReference> References { get; set; }

            /// <summary>Lines of <c>.editorconfig</c> for <c>[*.cs]</c>, e.g. <c>queuelint.entity_types = App.Order</c>.</summary>
            public string? EditorConfig { get; set; }

            protected override ParseOptions CreateParseOptions()
                => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.CSharp12);

            protected override CompilationOptions CreateCompilationOptions()
                => ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                SnippetTestSetup.Apply(TestState, References, EditorConfig);
                return base.RunImplAsync(cancellationToken);
            }
        }
    }

    internal static class SnippetTestSetup
    {
        public static void Apply(SolutionState state, ImmutableArray<MetadataReference> references, string? editorConfig)
        {
            state.AdditionalReferences.AddRange(references);
            if (editorConfig is not null)
            {
                state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + editorConfig + "\n"));
            }
        }
    }
}
