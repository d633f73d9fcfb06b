using System;
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
                if (!JobCodeActions.IsActive(start.Options, model))
                {
                    // Nothing registered, not even a rule's compilation end: a compilation without jobs costs nothing.
                    return;
                }

                var action = CreateAction(start, model);
                JobCodeActions.Register(start, model, action);
            });
        }

        internal abstract void AnalyzeMethod(JobCodeContext context);

        /// <summary>
        /// What the rule does with each job-code method of one compilation: <see cref="AnalyzeMethod"/>, unless the rule
        /// keeps findings for that compilation's end (registered here, on the same start).
        /// </summary>
#pragma warning disable RS1012 // The start is for the rules that keep findings for the end; the job-code actions are registered by the caller.
        internal virtual Action<JobCodeContext> CreateAction(CompilationStartAnalysisContext start, JobModel model) => AnalyzeMethod;
#pragma warning restore RS1012
    }
}
