using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0011: a job entry point whose work can throw past it with no report on the way: no catch-all around the
    /// work here (or in a source method it hands the work to), and no central reporter for its framework. Entry points
    /// whose failure ends the service rather than the job (hosted services) are QL0014's.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ReportJobFailuresAnalyzer : JobCodeAnalyzer
    {
        /// <summary>Diagnostic property: the entry point's kind, which decides the shape of the fix.</summary>
        public const string KindProperty = "Kind";

        /// <summary><c>QL0011.rethrow</c>: whether the try/report fix rethrows after reporting, so the framework's retry runs.</summary>
        internal static readonly RuleOption<bool> Rethrow = RuleOption.Boolean("QL0011.rethrow", defaultValue: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ReportJobFailures);

        internal override void AnalyzeMethod(JobCodeContext context)
        {
            var jobMethod = context.Method;
            if (!jobMethod.IsEntryPoint || JobEntryPoints.FailureEndsService(jobMethod.EntryKind) || JobEntryPoints.FailureReachesCaller(jobMethod.EntryKind) || jobMethod.Declaration is not MethodDeclarationSyntax declaration || !jobMethod.GetSyntax(context.CancellationToken).HasWork)
            {
                return;
            }

            if (context.Model.GetFailureReporters(context.AnalyzerOptions, context.CancellationToken).Reports(jobMethod, context.Options))
            {
                return;
            }

            if (context.GetBody() is not { } body || context.Model.FailureCoverage.FindUncoveredWork(body, context.CancellationToken) is null)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.ReportJobFailures,
                declaration.Identifier.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, jobMethod.EntryKind.ToString()),
                jobMethod.Method.ToJobName(),
                JobEntryPoints.DescribeUnreportedFailure(jobMethod.EntryKind)));
        }
    }
}
