using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Hangfire;
using QueueLint.Model.Syntax;

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

            var typeName = TypeName(receiver);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CapturedInstance,
                Location(receiver, job),
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
            if (!site.RecordsMethodCall || site.JobInvocation is not { } invocation || invocation.TargetMethod.IsStatic
                || site.Operation is not IInvocationOperation)
            {
                return false;
            }

            var instance = ReceiverOf(invocation);
            if (instance is null || IsLambdaParameter(instance))
            {
                return false;
            }

            receiver = instance;
            job = invocation;
            return true;
        }

        /// <summary>
        /// The receiver's declared type, named for the message. The fixer names it as the code at the enqueue call can
        /// write it (<see cref="ServiceTypeAt"/>): that needs name lookups at the call, too costly for every finding.
        /// </summary>
        internal static string TypeName(IOperation receiver)
            => receiver.Type!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

        /// <summary>The type a fix names in <c>Enqueue&lt;T&gt;</c>: the job call's receiver type, as the code at the call can write it.</summary>
        internal static string? ServiceTypeAt(SemanticModel semanticModel, SyntaxNode jobCall, CancellationToken cancellationToken)
            => semanticModel.GetOperation(jobCall, cancellationToken) is IInvocationOperation invocation && ReceiverOf(invocation) is { } receiver
                ? receiver.Type!.ToMinimalDisplayString(semanticModel, jobCall.SpanStart)
                : null;

        /// <summary>The instance a job call is made on, as written (without implicit conversions), when its type is known.</summary>
        private static IOperation? ReceiverOf(IInvocationOperation invocation)
            => invocation.Instance?.WithoutImplicitConversions() is { Type.TypeKind: not TypeKind.Error } instance ? instance : null;

        internal static Location Location(IOperation receiver, IInvocationOperation job)
            => receiver.IsImplicit ? job.Syntax.GetLocation() : receiver.Syntax.GetLocation();

        internal static string ReceiverText(IOperation receiver) => receiver.IsImplicit ? "this" : receiver.Syntax.ToString();

        private static bool IsLambdaParameter(IOperation receiver)
            => receiver is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LambdaMethod } };
    }
}
