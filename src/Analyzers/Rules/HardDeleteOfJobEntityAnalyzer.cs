using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
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
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var model = JobModel.Get(start.Compilation);
                if (!model.Symbols.HasEntityFramework || !model.IsActive(QueueLintOptions.Get(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions)))
                {
                    return;
                }

                start.RegisterOperationAction(operationContext => Analyze(operationContext, model), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, JobModel model)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var name = invocation.TargetMethod.Name;
            if (name is not ("Remove" or "RemoveRange" or "ExecuteDelete" or "ExecuteDeleteAsync"))
            {
                return;
            }

            var ef = EntityFramework.Classify(invocation, model.Symbols);
            if (ef.Kind is not (EfOperationKind.Remove or EfOperationKind.ExecuteDelete) || ef.Entity is not { } entity)
            {
                return;
            }

            var facts = model.GetEntityFrameworkJobFacts(context.Options, context.CancellationToken);
            if (!facts.EntitiesLoadedByKey.TryGetValue(entity.OriginalDefinition, out var job))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.HardDeleteOfJobEntity,
                invocation.Syntax.GetLocation(),
                name,
                entity.Name,
                job.ToJobName()));
        }
    }
}
