using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Retries;

namespace QueueLint.Rules
{
    /// <summary>QL0022: exponential backoff with no random part.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ExponentialWithoutJitterAnalyzer : RetryPolicyAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ExponentialWithoutJitter);

        internal override void AnalyzePolicy(RetryPolicy policy, SemanticModelAnalysisContext context)
        {
            if (policy.Delay != RetryDelay.Exponential || policy.Jitter || !policy.OffersJitter)
            {
                return;
            }

            context.Report(Diagnostic.Create(
                Descriptors.ExponentialWithoutJitter,
                policy.JitterLocation ?? policy.BackoffLocation,
                Properties(policy.JitterForm),
                policy.LibraryName,
                policy.Schedule));
        }
    }
}
