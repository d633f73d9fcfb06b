using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// Durable Functions and the Durable Task SDK: an orchestration's <c>CallActivityAsync</c>,
    /// <c>CallActivityWithRetryAsync</c>, <c>CallSubOrchestratorAsync</c> and <c>CallSubOrchestratorWithRetryAsync</c>
    /// (in-process <c>IDurableOrchestrationContext</c>, the SDK's <c>TaskOrchestrationContext</c>), and a client's
    /// <c>StartNewAsync</c> (in-process <c>IDurableOrchestrationClient</c>) and <c>ScheduleNewOrchestrationInstanceAsync</c>
    /// (the SDK's <c>DurableTaskClient</c>). The <c>input</c> argument is payload: it is serialized into the task hub's
    /// history and queues, and the activity or orchestration reads it back later, on another instance.
    /// <para>
    /// A client's start is sent at the call, so what the caller saves after it is not there when the orchestration
    /// starts. An orchestration's calls are sent when its code next waits, and it saves nothing of its own (its code is
    /// replayed). No site is made where no input is given (<c>null</c>, or the parameter's default).
    /// </para>
    /// </summary>
    internal sealed class DurableTaskAdapter : IEnqueueAdapter
    {
        private readonly KnownSymbols _symbols;

        public DurableTaskAdapter(KnownSymbols symbols) => _symbols = symbols;

        /// <summary>The names of the calls that hand Durable an activity's or an orchestration's input.</summary>
        public static readonly string[] MethodNames =
        {
            "CallActivityAsync", "CallActivityWithRetryAsync", "CallSubOrchestratorAsync", "CallSubOrchestratorWithRetryAsync",
            "StartNewAsync", "ScheduleNewOrchestrationInstanceAsync",
        };

        public bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site)
        {
            site = null;
            if (operation is not IInvocationOperation invocation
                || Array.IndexOf(MethodNames, invocation.TargetMethod.Name) < 0
                || !IsDurableType(invocation.TargetMethod.ContainingType)
                || OperationHelpers.FindArgument(invocation, "input") is not { ArgumentKind: ArgumentKind.Explicit } input
                || input.Value.WithoutImplicitConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation)
            {
                return false;
            }

            var noun = invocation.TargetMethod.Name.StartsWith("CallActivity", StringComparison.Ordinal) ? "Durable activity input" : "Durable orchestration input";
            site = EnqueueSite.ForMessage(JobFramework.DurableTask, noun, invocation, input, EnqueueTraits.None);
            return true;
        }

        /// <summary>An orchestration context or client of either model, or a class deriving from the SDK's (the worker's own client).</summary>
        private bool IsDurableType(INamedTypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            return SymbolEqualityComparer.Default.Equals(type, _symbols.DurableIOrchestrationContext)
                   || SymbolEqualityComparer.Default.Equals(type, _symbols.DurableIOrchestrationClient)
                   || type.InheritsFrom(_symbols.DurableTaskOrchestrationContext)
                   || type.InheritsFrom(_symbols.DurableTaskClient);
        }
    }
}
