using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Failures;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// MassTransit retry configurators (inside <c>UseMessageRetry</c>, <c>UseRetry</c>, <c>UseDelayedRedelivery</c>,
    /// <c>UseScheduledRedelivery</c>): <c>Immediate(n)</c>, <c>Interval(n, t)</c>, <c>Intervals(…)</c>,
    /// <c>Incremental(n, initial, step)</c>, <c>Exponential(n, min, max, delta)</c>. MassTransit's exponential
    /// policy draws each delay from a random range around the delta: it has jitter of its own.
    /// </summary>
    internal sealed class MassTransitRetryAdapter : RetryAdapter
    {
        public MassTransitRetryAdapter(KnownSymbols symbols)
            : base(symbols, "Immediate", "Interval", "Incremental")
        {
        }

        public override bool IsCandidateName(string name) => IsCandidate(name);

        public override RetryPolicy? ReadInvocation(InvocationExpressionSyntax invocation, SimpleNameSyntax name, SemanticModel model)
            => Read(invocation, name, model, Symbols);

        /// <summary>The method <see cref="ReadDiscard"/> looks for, and the word a file must hold for it to find anything.</summary>
        public const string DiscardWord = "DiscardFaultedMessages";

        /// <summary>
        /// <c>DiscardFaultedMessages()</c> on a receive endpoint: a message that still fails after its retries is dropped
        /// instead of being moved to the <c>_error</c> queue, so nothing is left to inspect or redeliver.
        /// </summary>
        public static DiscardedFailure? ReadDiscard(InvocationExpressionSyntax invocation, SemanticModel model, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
                || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.MassTransitReceivePipeConfigurationExtensions)
                || method.Name != DiscardWord)
            {
                return null;
            }

            return new DiscardedFailure(
                invocation.GetLocation(),
                "DiscardFaultedMessages()",
                "drops messages that still fail after their retries instead of moving them to the _error queue: the message cannot be inspected or redelivered, and only MassTransit's log line and the Fault<T> event are left",
                "remove it to keep faulted messages in the _error queue, or consume Fault<T> to report them");
        }

        public static bool IsCandidate(string name)
            => name is "Immediate" or "Interval" or "Intervals" or "Incremental" or "Exponential";

        public static RetryPolicy? Read(InvocationExpressionSyntax invocation, SimpleNameSyntax name, SemanticModel model, KnownSymbols symbols)
            => RetryShapes.CountingRetries(ReadPolicy(invocation, name, model, symbols));

        private static RetryPolicy? ReadPolicy(InvocationExpressionSyntax invocation, SimpleNameSyntax name, SemanticModel model, KnownSymbols symbols)
        {
            if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method
                || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.MassTransitRetryConfigurationExtensions)
                || model.GetOperation(invocation) is not IInvocationOperation operation)
            {
                return null;
            }

            var policy = new RetryPolicy(RetryLibrary.MassTransit, invocation)
            {
                BackoffLocation = name.GetLocation(),
                AttemptsLocation = name.GetLocation(),
            };
            var arguments = invocation.ArgumentList.Arguments;
            foreach (var argument in operation.Arguments)
            {
                if (!argument.IsImplicit && argument.Parameter?.Name is "retryLimit" or "retryCount" && argument.Syntax is ArgumentSyntax limit)
                {
                    if (RetryShapes.IsIntMax(limit.Expression, model))
                    {
                        policy.Unbounded = true;
                        policy.AttemptsLocation = limit.Expression.GetLocation();
                        policy.AttemptsForm = RetrySettingForm.AttemptCount;
                    }
                    else
                    {
                        policy.Attempts = RetryShapes.ReadInt(limit.Expression, model);
                    }
                }
            }

            switch (method.Name)
            {
                case "Immediate":
                    policy.Delay = RetryDelay.None;
                    policy.BackoffForm = RetrySettingForm.MassTransitIntervals;
                    break;
                case "Interval":
                    policy.Delay = RetryDelay.Constant;
                    policy.BackoffForm = RetrySettingForm.MassTransitIntervals;
                    policy.Interval = arguments.Count == 2 ? RetryShapes.ReadDuration(arguments[1].Expression, model) : null;
                    break;
                case "Intervals":
                    RetryShapes.ReadDelayList(policy, invocation.ArgumentList.Arguments, model, RetrySettingForm.MassTransitIntervals);
                    break;
                case "Incremental":
                    var step = arguments.Count == 3 ? RetryShapes.ReadDuration(arguments[2].Expression, model) : null;
                    policy.Delay = step == TimeSpan.Zero ? RetryDelay.Constant : RetryDelay.Linear;
                    if (policy.Delay == RetryDelay.Constant)
                    {
                        policy.Interval = RetryShapes.ReadDuration(arguments[1].Expression, model);
                        policy.BackoffForm = RetrySettingForm.MassTransitIntervals;
                    }

                    break;
                case "Exponential":
                    policy.Delay = RetryDelay.Exponential;
                    policy.Jitter = true;
                    break;
                default:
                    return null;
            }

            return policy;
        }
    }
}
