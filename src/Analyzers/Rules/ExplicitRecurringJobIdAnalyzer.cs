using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Hangfire;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0061: a Hangfire <c>AddOrUpdate</c> overload without a <c>recurringJobId</c>: the id is derived from the
    /// job's type and method names, so renaming either leaves the old schedule behind.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ExplicitRecurringJobIdAnalyzer : EnqueueSiteAnalyzer
    {
        /// <summary>Diagnostic property: the id Hangfire derives, when the stored job type is known here.</summary>
        public const string DerivedIdProperty = "DerivedId";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ExplicitRecurringJobId);

        internal override bool IsApplicable(KnownSymbols symbols) => symbols.HangfireRecurringJob is not null;

        internal override void AnalyzeSite(EnqueueSiteContext context, KnownSymbols symbols)
        {
            if (!context.Site.RecordsMethodCall
                || context.Site.JobInvocation is not { } job
                || context.Site.Operation is not IInvocationOperation invocation
                || invocation.TargetMethod.Name != "AddOrUpdate"
                || HasIdParameter(invocation.TargetMethod))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var derivedId = "from the instance's run-time type";
            if (HangfireJobNames.GetStoredJobType(job) is { } jobType)
            {
                var id = HangfireJobNames.RecurringJobId(jobType, job.TargetMethod);
                derivedId = "'" + id + "'";
                properties = properties.Add(DerivedIdProperty, id);
            }

            var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                ? access.Name.Identifier.GetLocation()
                : invocation.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ExplicitRecurringJobId, location, properties, job.TargetMethod.ToJobName(), derivedId));
        }

        private static bool HasIdParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == "recurringJobId")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
