using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Retries;
using QueueLint.Options;

namespace QueueLint.Rules
{
    /// <summary>QL0021: a retry that only success ends, or that counts more attempts than the configured bound.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnboundedRetriesAnalyzer : RetryPolicyAnalyzer
    {
        /// <summary>The most attempts a retry may make; 10 is Hangfire's own default.</summary>
        internal static readonly RuleOption<int> MaxAttempts = new(
            "QL0021.max_attempts",
            10,
            text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? (true, value) : (false, 0));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnboundedRetries);

        internal override void AnalyzePolicy(RetryPolicy policy, SemanticModelAnalysisContext context)
        {
            var max = MaxAttempts.Get(context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.SemanticModel.SyntaxTree));
            if (!policy.Unbounded && !(policy.CountsAgainstBound && policy.Attempts > max))
            {
                return;
            }

            var bound = max.ToString(CultureInfo.InvariantCulture);
            context.Report(Diagnostic.Create(
                Descriptors.UnboundedRetries,
                policy.AttemptsLocation,
                SeverityOf(policy, context),
                additionalLocations: null,
                Properties(policy.AttemptsForm, bound: bound),
                policy.LibraryName,
                policy.Schedule,
                bound));
        }
    }
}
