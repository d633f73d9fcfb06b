using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.Meta
{
    /// <summary>
    /// A compilation that references no job framework costs nothing: no rule registers any action past its compilation
    /// start — not even a compilation end, which would make the IDE's analysis of every edited document pay for it.
    /// </summary>
    public class WithoutFrameworkTests
    {
        [Fact]
        public async Task No_rule_registers_an_action_without_a_job_framework()
        {
            var analyzers = typeof(QueueLint.Rules.PassEntityIdAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            var compilation = CSharpCompilation.Create(
                "App",
                new[] { CSharpSyntaxTree.ParseText("public class Orders { public int Count(int[] items) { System.Console.WriteLine(items.Length); return items.Length; } }") },
                SnippetReferences.NetOnly,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var withAnalyzers = compilation.WithAnalyzers(
                analyzers,
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));

            Assert.Empty(await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None));
            foreach (var analyzer in analyzers)
            {
                var actions = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
                var registered = actions.CompilationEndActionsCount + actions.CompilationActionsCount + actions.SemanticModelActionsCount
                    + actions.SyntaxTreeActionsCount + actions.SyntaxNodeActionsCount + actions.SymbolActionsCount + actions.SymbolStartActionsCount
                    + actions.OperationActionsCount + actions.OperationBlockStartActionsCount + actions.OperationBlockActionsCount
                    + actions.CodeBlockStartActionsCount + actions.CodeBlockActionsCount;
                Assert.True(registered == 0, analyzer.GetType().Name + " registers " + registered + " actions without a job framework");
            }
        }
    }
}
