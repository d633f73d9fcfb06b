using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Jobs;

namespace QueueLint.Rules
{
    /// <summary>
    /// Base of the rules that judge code running in a job: each method of a file that the model counts as job
    /// code is handed to the rule; nothing else is walked.
    /// </summary>
    public abstract class JobCodeAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(start =>
            {
                var model = JobModel.Get(start.Compilation);
                JobCodeActions.Register(start, model, AnalyzeMethod);
            });
        }

        internal abstract void AnalyzeMethod(JobCodeContext context);
    }
}
