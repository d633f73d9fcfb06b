using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Data;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0041: <c>Remove</c>/<c>RemoveRange</c>/<c>ExecuteDelete</c> of an entity type that some job in the
    /// compilation loads by key. The delete may be anywhere (a controller, a service) and the load in any job, so
    /// which types jobs load by key needs all of the compilation's job code: the deletes, and the loads by key of each
    /// file's job code (while its bodies are bound for every job-code rule), are found file by file and reported at
    /// compilation end (builds always; the IDE with full-solution analysis), so that a keystroke in a file with a
    /// delete does not cost the solution's job code.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class HardDeleteOfJobEntityAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HardDeleteOfJobEntity);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(start =>
            {
                var model = JobModel.Get(start.Compilation);
                if (!model.Symbols.HasEntityFramework || !model.IsActive(QueueLintOptions.Get(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions)))
                {
                    return;
                }

                // One action per file, for files whose text names a delete, binding only the calls by those names: an
                // action per call would be run for every call of the compilation, and an operation action would
                // build the operation tree of every method body.
                var deletes = new ConcurrentQueue<(IInvocationOperation Invocation, INamedTypeSymbol Entity)>();
                var loads = new ConcurrentQueue<(INamedTypeSymbol Entity, IMethodSymbol Job)>();
                start.RegisterSemanticModelAction(modelContext => Collect(modelContext, model, deletes));
                JobCodeActions.Register(start, model, job => EntityFrameworkJobFacts.AddLoadsByKey(job.GetOperations(), job.Method.EntryPoint, job.Symbols, loads));
                start.RegisterCompilationEndAction(end => Report(end, deletes, loads));
            });
        }

        private static readonly TextFilter s_deletes = new(new[] { "Remove", "ExecuteDelete" });

        private static void Collect(SemanticModelAnalysisContext context, JobModel model, ConcurrentQueue<(IInvocationOperation, INamedTypeSymbol)> deletes)
        {
            var tree = context.SemanticModel.SyntaxTree;
            if (!s_deletes.MayContain(tree.GetText(context.CancellationToken)))
            {
                return;
            }

            var file = FileSyntax.Get(tree, context.CancellationToken);
            for (var i = 0; i < file.Invocations.Length; i++)
            {
                if (file.InvokedNames[i] is "Remove" or "RemoveRange" or "ExecuteDelete" or "ExecuteDeleteAsync"
                    && context.SemanticModel.GetOperation(file.Invocations[i], context.CancellationToken) is IInvocationOperation invocation
                    && EntityFramework.Classify(invocation, model.Symbols) is { Kind: EfOperationKind.Remove or EfOperationKind.ExecuteDelete, Entity: { } entity })
                {
                    deletes.Enqueue((invocation, entity));
                }
            }
        }

        private static void Report(CompilationAnalysisContext context, ConcurrentQueue<(IInvocationOperation Invocation, INamedTypeSymbol Entity)> deletes, ConcurrentQueue<(INamedTypeSymbol Entity, IMethodSymbol Job)> loads)
        {
            if (deletes.IsEmpty || loads.IsEmpty)
            {
                return;
            }

            var loaded = EntityFrameworkJobFacts.FirstJobByName(loads);
            foreach (var (invocation, entity) in deletes)
            {
                if (loaded.TryGetValue(entity.OriginalDefinition, out var job))
                {
                    context.Report(Diagnostic.Create(
                        Descriptors.HardDeleteOfJobEntity,
                        invocation.Syntax.GetLocation(),
                        invocation.TargetMethod.Name,
                        entity.Name,
                        job.ToJobName()));
                }
            }
        }
    }
}
