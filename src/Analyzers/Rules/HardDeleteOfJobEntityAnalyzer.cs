using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Data;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0041: <c>Remove</c>/<c>RemoveRange</c>/<c>ExecuteDelete</c> of an entity type that some job in the
    /// compilation loads by key. The delete may be anywhere (a controller, a service); which types jobs load by key
    /// is a per-compilation fact of the model, computed from job code on first use, so the IDE reports it live.
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
                start.RegisterSemanticModelAction(modelContext => Analyze(modelContext, model));
            });
        }

        private static readonly TextFilter s_deletes = new(new[] { "Remove", "ExecuteDelete" });

        private static void Analyze(SemanticModelAnalysisContext context, JobModel model)
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
                    && context.SemanticModel.GetOperation(file.Invocations[i], context.CancellationToken) is IInvocationOperation invocation)
                {
                    Analyze(context, invocation, model);
                }
            }
        }

        private static void Analyze(SemanticModelAnalysisContext context, IInvocationOperation invocation, JobModel model)
        {
            var name = invocation.TargetMethod.Name;

            var ef = EntityFramework.Classify(invocation, model.Symbols);
            if (ef.Kind is not (EfOperationKind.Remove or EfOperationKind.ExecuteDelete) || ef.Entity is not { } entity)
            {
                return;
            }

            var facts = model.GetEntityFrameworkJobFacts(context.Options, context.CancellationToken);
            if (!facts.GetEntitiesLoadedByKey(context.CancellationToken).TryGetValue(entity.OriginalDefinition, out var job))
            {
                return;
            }

            context.Report(Diagnostic.Create(
                Descriptors.HardDeleteOfJobEntity,
                invocation.Syntax.GetLocation(),
                name,
                entity.Name,
                job.ToJobName()));
        }
    }
}
