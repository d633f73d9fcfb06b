using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Options;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0006: a Hangfire job expression that calls an instance method on something other than its own lambda
    /// parameter (<c>() =&gt; _mailer.Send(...)</c>). Hangfire keeps the receiver's type and the method, never the
    /// receiver: the job runs on a new instance from the container.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CapturedInstanceAnalyzer : EnqueueSiteAnalyzer
    {
        /// <summary>Diagnostic property: the receiver's type, as the fixer writes it in <c>Enqueue&lt;T&gt;</c>.</summary>
        public const string ServiceTypeProperty = "ServiceType";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CapturedInstance);

        internal override bool IsApplicable(KnownSymbols symbols) => symbols.HasHangfire;

        internal override void AnalyzeSite(EnqueueSiteContext context, KnownSymbols symbols)
        {
            var site = context.Site;
            if (site.Framework != JobFramework.Hangfire || site.JobInvocation is not { } job || job.TargetMethod.IsStatic)
            {
                return;
            }

            var receiver = job.Instance?.WithoutImplicitConversions();
            if (receiver is null || IsLambdaParameter(receiver) || receiver.Type is not { } type || type.TypeKind == TypeKind.Error)
            {
                return;
            }

            var position = job.Syntax.SpanStart;
            var typeName = type.ToMinimalDisplayString(context.SemanticModel, position);
            var api = ((IInvocationOperation)site.Operation).TargetMethod.Name;
            var location = receiver.IsImplicit ? job.Syntax.GetLocation() : receiver.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CapturedInstance,
                location,
                ImmutableDictionary<string, string?>.Empty.Add(ServiceTypeProperty, typeName),
                job.TargetMethod.ToJobName(),
                receiver.IsImplicit ? "this" : receiver.Syntax.ToString(),
                api,
                typeName,
                job.TargetMethod.Name));
        }

        private static bool IsLambdaParameter(IOperation receiver)
            => receiver is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LambdaMethod } };
    }
}
