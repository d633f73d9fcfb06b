using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Enqueue;

namespace QueueLint.Rules
{
    /// <summary>
    /// Base of the rules that only read enqueue sites: resolves the model once per compilation, registers nothing
    /// when the rule's frameworks are absent, and hands each site (found once per file for all rules) to the rule.
    /// </summary>
    public abstract class EnqueueSiteAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(start =>
            {
                var model = JobModel.Get(start.Compilation);
                if (IsApplicable(model.Symbols))
                {
                    EnqueueSiteActions.Register(start, model, site => AnalyzeSite(site, model.Symbols));
                }
            });
        }

        /// <summary>Whether the compilation references what the rule looks at.</summary>
        internal abstract bool IsApplicable(KnownSymbols symbols);

        internal abstract void AnalyzeSite(EnqueueSiteContext context, KnownSymbols symbols);
    }
}
