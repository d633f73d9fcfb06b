using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Retries;

namespace QueueLint.Rules
{
    /// <summary>QL0020: a retry policy whose delay does not grow: none, or the same every time, over more than one retry.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RetryWithoutBackoffAnalyzer : RetryPolicyAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RetryWithoutBackoff);

        internal override void AnalyzePolicy(RetryPolicy policy, SemanticModelAnalysisContext context)
        {
            // A single retry has one delay: nothing to grow.
            if (policy.AtMostOneRetry || policy.Delay is not (RetryDelay.None or RetryDelay.Constant))
            {
                return;
            }

            var counter = policy.BackoffForm == RetrySettingForm.HandWrittenLoop ? policy.Counter : null;
            context.Report(Diagnostic.Create(
                Descriptors.RetryWithoutBackoff,
                policy.BackoffLocation,
                SeverityOf(policy, context),
                additionalLocations: null,
                Properties(policy.BackoffForm, counter),
                policy.LibraryName,
                policy.Schedule));
        }
    }
}
