using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace QueueLint.Tests.Verifiers
{
    /// <summary>
    /// Code-fix tests: the fixed source is compared exactly and must compile; Fix All is checked in document,
    /// project and solution scope by the testing library (the fixed state is reached by each).
    /// </summary>
    public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public static Task VerifyCodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source, FixedCode = fixedSource };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = SnippetReferences.None;
                References = SnippetReferences.Frameworks;

                // A rule may have a second descriptor, with the same id, for compilation-end reports.
                MarkupOptions = MarkupOptions.UseFirstDescriptor;
            }

            public ImmutableArray<MetadataReference> References { get; set; }

            public string? EditorConfig { get; set; }

            protected override ParseOptions CreateParseOptions()
                => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.CSharp12);

            protected override CompilationOptions CreateCompilationOptions()
                => ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                // The fixed and batch-fixed states inherit references and configuration from the test state.
                SnippetTestSetup.Apply(TestState, References, EditorConfig);

                return base.RunImplAsync(cancellationToken);
            }
        }
    }
}
