using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

                // A syntax action filtered by the invoked name: an operation action would build the operation tree of
                // every method body in the compilation, and only deletes are of interest.
                start.RegisterSyntaxNodeAction(nodeContext => Analyze(nodeContext, model), SyntaxKind.InvocationExpression);
            });
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, JobModel model)
        {
            if (EnqueueSiteActions.GetInvokedName((InvocationExpressionSyntax)context.Node) is not ("Remove" or "RemoveRange" or "ExecuteDelete" or "ExecuteDeleteAsync")
                || context.SemanticModel.GetOperation(context.Node, context.CancellationToken) is not IInvocationOperation invocation)
            {
                return;
            }

            var name = invocation.TargetMethod.Name;

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
