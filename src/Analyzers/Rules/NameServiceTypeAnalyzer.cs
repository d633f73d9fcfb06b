using System.Collections.Immutable;
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
    /// QL0008: a Hangfire job expression called on a constructor-injected service (<c>() =&gt; _mailer.Send(...)</c>).
    /// The job works, but Hangfire records the receiver's runtime class: it is activated as that class, outside
    /// its registration. The generic form names the service type instead.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NameServiceTypeAnalyzer : EnqueueSiteAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NameServiceType);

        internal override bool IsApplicable(KnownSymbols symbols) => symbols.HasHangfire;

        internal override void AnalyzeSite(EnqueueSiteContext context, KnownSymbols symbols)
        {
            if (!CapturedInstanceAnalyzer.TryGetReceiver(context, out var receiver, out var job)
                || JobReceiver.Classify(receiver, symbols, context.CancellationToken).Kind != ReceiverKind.Injected)
            {
                return;
            }

            var typeName = CapturedInstanceAnalyzer.TypeName(receiver);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.NameServiceType,
                CapturedInstanceAnalyzer.Location(receiver, job),
                job.TargetMethod.ToJobName(),
                CapturedInstanceAnalyzer.ReceiverText(receiver),
                typeName,
                ((IInvocationOperation)context.Site.Operation).TargetMethod.Name,
                job.TargetMethod.Name));
        }
    }
}
