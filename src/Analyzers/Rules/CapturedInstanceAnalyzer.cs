using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0006: a Hangfire job expression called on an instance whose state the job will not have
    /// (<c>() =&gt; mailer.Send(...)</c> with <c>mailer</c> built or configured here, a field set in a method,
    /// <c>this</c> in a controller). Hangfire keeps the receiver's type and the method, never the receiver: the job
    /// runs on a new instance. Constructor-injected receivers are QL0008's.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CapturedInstanceAnalyzer : EnqueueSiteAnalyzer
    {
        /// <summary>Diagnostic property: the receiver's declared type, as the fixer writes it in <c>Enqueue&lt;T&gt;</c>.</summary>
        public const string ServiceTypeProperty = "ServiceType";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CapturedInstance);

        internal override bool IsApplicable(KnownSymbols symbols) => symbols.HasHangfire;

        internal override void AnalyzeSite(EnqueueSiteContext context, KnownSymbols symbols)
        {
            if (!TryGetReceiver(context, out var receiver, out var job))
            {
                return;
            }

            var classification = JobReceiver.Classify(receiver, symbols, context.CancellationToken);
            if (classification.Kind != ReceiverKind.LosesState)
            {
                return;
            }

            var typeName = TypeName(context, receiver, job);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CapturedInstance,
                Location(receiver, job),
                ImmutableDictionary<string, string?>.Empty.Add(ServiceTypeProperty, typeName),
                job.TargetMethod.ToJobName(),
                ReceiverText(receiver),
                classification.Lost,
                ((IInvocationOperation)context.Site.Operation).TargetMethod.Name,
                typeName,
                job.TargetMethod.Name));
        }

        /// <summary>The receiver of an instance job method in a Hangfire expression, when it is not the lambda's parameter.</summary>
        internal static bool TryGetReceiver(EnqueueSiteContext context, out IOperation receiver, out IInvocationOperation job)
        {
            receiver = null!;
            job = null!;
            var site = context.Site;
            if (site.Framework != JobFramework.Hangfire || site.JobInvocation is not { } invocation || invocation.TargetMethod.IsStatic
                || site.Operation is not IInvocationOperation)
            {
                return false;
            }

            var instance = invocation.Instance?.WithoutImplicitConversions();
            if (instance is null || IsLambdaParameter(instance) || instance.Type is not { } type || type.TypeKind == TypeKind.Error)
            {
                return false;
            }

            receiver = instance;
            job = invocation;
            return true;
        }

        /// <summary>The receiver's declared type as the code at the job call would write it (computed only to report).</summary>
        internal static string TypeName(EnqueueSiteContext context, IOperation receiver, IInvocationOperation job)
            => receiver.Type!.ToMinimalDisplayString(context.SemanticModel, job.Syntax.SpanStart);

        internal static Location Location(IOperation receiver, IInvocationOperation job)
            => receiver.IsImplicit ? job.Syntax.GetLocation() : receiver.Syntax.GetLocation();

        internal static string ReceiverText(IOperation receiver) => receiver.IsImplicit ? "this" : receiver.Syntax.ToString();

        private static bool IsLambdaParameter(IOperation receiver)
            => receiver is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LambdaMethod } };
    }
}
