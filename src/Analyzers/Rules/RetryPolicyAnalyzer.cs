using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Retries;

namespace QueueLint.Rules
{
    /// <summary>
    /// Base of the rules that read retry policies: nothing is registered when nothing can retry, and each file's
    /// policies are found once for all of them.
    /// </summary>
    public abstract class RetryPolicyAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the <see cref="RetrySettingForm"/> of the setting reported, which the fixer rewrites.</summary>
        public const string FormProperty = "Form";

        /// <summary>Diagnostic property: the attempt counter a growing delay is computed from.</summary>
        public const string CounterProperty = "Counter";

        /// <summary>Diagnostic property: the number of attempts to bound a retry at.</summary>
        public const string BoundProperty = "Bound";

        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(start =>
            {
                var policies = RetryPolicies.Get(start.Compilation);
                if (!policies.IsActive)
                {
                    return;
                }

                start.RegisterSemanticModelAction(modelContext =>
                {
                    foreach (var policy in policies.GetPolicies(modelContext.SemanticModel, modelContext.CancellationToken))
                    {
                        AnalyzePolicy(policy, modelContext);
                    }
                });
            });
        }

        internal abstract void AnalyzePolicy(RetryPolicy policy, SemanticModelAnalysisContext context);

        /// <summary>
        /// A retry library's policy, or a hand-written retry in job code, is a warning: it runs on every worker, under
        /// the framework's own retries. A hand-written retry outside job code is most often a one-off wait for a
        /// dependency to come up (a migration at start-up, a connection a hosted service opens, a script, a build
        /// step): one process waits, once, and nothing is hammered. It is reported as a suggestion, which the
        /// <c>recommended</c> preset raises.
        /// </summary>
        internal static DiagnosticSeverity SeverityOf(RetryPolicy policy, SemanticModelAnalysisContext context)
        {
            if (policy.Library != RetryLibrary.HandWritten)
            {
                return DiagnosticSeverity.Warning;
            }

            var jobCode = JobModel.Get(context.SemanticModel.Compilation).GetJobCode(context.Options, context.CancellationToken);
            return jobCode.Contains(policy.Node, context.CancellationToken) ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info;
        }

        internal static ImmutableDictionary<string, string?> Properties(RetrySettingForm form, string? counter = null, string? bound = null)
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (form != RetrySettingForm.None)
            {
                properties = properties.Add(FormProperty, form.ToString());
            }

            if (counter is not null)
            {
                properties = properties.Add(CounterProperty, counter);
            }

            if (bound is not null)
            {
                properties = properties.Add(BoundProperty, bound);
            }

            return properties;
        }
    }
}
