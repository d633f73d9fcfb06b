using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0003: a method call inside the arguments of a job expression (<c>x =&gt; x.Send(GetRecipients())</c>) runs
    /// when the job is enqueued. The outermost call of each argument is reported; calls that only format or
    /// convert values (on strings, numbers, dates, Guid, Math, Convert, LINQ materialisation) are left alone.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PayloadComputedAtEnqueueAnalyzer : EnqueueSiteAnalyzer
    {
        /// <summary>Diagnostic property: the parameter that receives the value, to name the extracted local.</summary>
        public const string ParameterProperty = "Parameter";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PayloadComputedAtEnqueue);

        internal override bool IsApplicable(KnownSymbols symbols) => symbols.HasHangfire;

        internal override void AnalyzeSite(EnqueueSiteContext context, KnownSymbols symbols)
        {
            var site = context.Site;
            if (!site.ArgumentsEvaluatedAtEnqueue || site.JobInvocation is not { } job)
            {
                return;
            }

            // x in x => x.Send(...): a call that reads it cannot be moved out of the expression.
            var jobParameter = (job.Instance?.WithoutImplicitConversions() as IParameterReferenceOperation)?.Parameter;
            foreach (var value in site.Payload)
            {
                if (value.Origin != PayloadOrigin.JobArgument)
                {
                    continue;
                }

                var call = FindOutermostCall(value.Value);
                if (call is null || (jobParameter is not null && Uses(call, jobParameter)))
                {
                    continue;
                }

                var properties = value.Parameter is { } parameter && ReferenceEquals(call, value.Value)
                    ? ImmutableDictionary<string, string?>.Empty.Add(ParameterProperty, parameter.Name)
                    : ImmutableDictionary<string, string?>.Empty;
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.PayloadComputedAtEnqueue,
                    call.Syntax.GetLocation(),
                    properties,
                    call.TargetMethod.Name + "(...)",
                    "job '" + job.TargetMethod.ToJobName() + "'"));
            }
        }

        /// <summary>The first call met walking down from the value, not entering lambdas.</summary>
        private static IInvocationOperation? FindOutermostCall(IOperation value)
        {
            if (value is IInvocationOperation invocation)
            {
                return IsValueFormatting(invocation.TargetMethod) ? null : invocation;
            }

            if (value is IAnonymousFunctionOperation or IDelegateCreationOperation or INameOfOperation)
            {
                return null;
            }

            foreach (var child in value.ChildOperations)
            {
                if (FindOutermostCall(child) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        private static bool IsValueFormatting(IMethodSymbol method)
        {
            if (method.Name == nameof(ToString) || method.ContainingType is not { } type)
            {
                return true;
            }

            if (type.SpecialType != SpecialType.None)
            {
                return true;
            }

            var ns = type.ContainingNamespace;
            if (ns is { Name: "Linq", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }

            return ns is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
                && type.Name is "Guid" or "DateTime" or "DateTimeOffset" or "TimeSpan" or "Math" or "Convert" or "Enum" or "String";
        }

        private static bool Uses(IOperation call, IParameterSymbol parameter)
        {
            foreach (var descendant in call.DescendantsAndSelf())
            {
                if (descendant is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
