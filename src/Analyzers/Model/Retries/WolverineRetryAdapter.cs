using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Failures;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// Wolverine's error rules (<c>OnException&lt;T&gt;()</c>, <c>OnAnyException()</c>, on the options or a handler's
    /// chain) and attributes. <c>RetryTimes(n)</c> retries at once, in the handler's flow; <c>RetryWithCooldown(…)</c>
    /// retries in the flow after each delay of its list, <c>ScheduleRetry(…)</c> schedules the message again after each
    /// one; <c>ScheduleRetryIndefinitely(…)</c> repeats the last delay forever and <c>RequeueIndefinitely()</c> puts the
    /// message back at the end of the queue forever. <c>[RetryNow(typeof(E), ms…)]</c> and
    /// <c>[ScheduleRetry(typeof(E), s…)]</c> are the first two written as attributes. Without a rule Wolverine tries a
    /// message once and moves it to the error queue: no retry to judge.
    /// <para>
    /// A rule for an optimistic-concurrency exception (its name says <c>Concurrency</c>) that retries at once is the
    /// cure for that failure, not a hammering retry: the next attempt reads the row again. Such rules are not read.
    /// </para>
    /// </summary>
    internal sealed class WolverineRetryAdapter : RetryAdapter
    {
        public WolverineRetryAdapter(KnownSymbols symbols)
            : base(symbols, "RetryTimes", "RetryWithCooldown", "ScheduleRetry", "RequeueIndefinitely", "RetryNow")
        {
        }

        public override bool IsCandidateName(string name)
            => name is "RetryTimes" or "RetryWithCooldown" or "ScheduleRetry" or "ScheduleRetryIndefinitely" or "RequeueIndefinitely";

        public override RetryPolicy? ReadInvocation(InvocationExpressionSyntax invocation, SimpleNameSyntax name, SemanticModel model)
        {
            if (model.GetOperation(invocation) is not IInvocationOperation operation
                || operation.TargetMethod.ContainingType is not { } type
                || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, Symbols.WolverineIMessageBus?.ContainingAssembly)
                || type.ContainingNamespace?.ToDisplayString() != "Wolverine.ErrorHandling"
                || ForConcurrencyConflicts(operation))
            {
                return null;
            }

            var policy = new RetryPolicy(RetryLibrary.Wolverine, invocation)
            {
                BackoffLocation = name.GetLocation(),
                AttemptsLocation = name.GetLocation(),
            };
            var arguments = invocation.ArgumentList.Arguments;
            switch (name.Identifier.ValueText)
            {
                case "RetryTimes":
                    policy.Attempts = arguments.Count == 1 ? RetryShapes.ReadInt(arguments[0].Expression, model) : null;
                    policy.Delay = RetryDelay.None;
                    policy.BackoffForm = RetrySettingForm.WolverineDelays;
                    break;
                case "RetryWithCooldown" or "ScheduleRetry":
                    RetryShapes.ReadDelayList(policy, arguments, model, RetrySettingForm.WolverineDelays);
                    break;
                case "ScheduleRetryIndefinitely" or "RequeueIndefinitely":
                    policy.Unbounded = true;
                    policy.AttemptsForm = RetrySettingForm.WolverineIndefinitely;
                    if (name.Identifier.ValueText == "ScheduleRetryIndefinitely")
                    {
                        RetryShapes.ReadDelayList(policy, arguments, model, RetrySettingForm.None);
                    }

                    break;
                default:
                    return null;
            }

            policy.AtMostOneRetry = !policy.Unbounded && policy.Attempts is <= 1;
            return policy;
        }

        public override RetryPolicy? ReadAttribute(AttributeSyntax attribute, string name, SemanticModel model, CancellationToken cancellationToken)
        {
            var seconds = name is "ScheduleRetry" or "ScheduleRetryAttribute";
            if (!(seconds || name is "RetryNow" or "RetryNowAttribute")
                || attribute.ArgumentList is not { Arguments: { Count: > 1 } arguments }
                || model.GetTypeInfo(attribute, cancellationToken).Type is not INamedTypeSymbol type
                || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, Symbols.WolverineIMessageBus?.ContainingAssembly)
                || (arguments[0].Expression is TypeOfExpressionSyntax { Type: var exception } && RetryShapes.IsConcurrencyConflict(SyntaxNames.Rightmost(exception))))
            {
                return null;
            }

            var policy = new RetryPolicy(RetryLibrary.Wolverine, attribute)
            {
                BackoffLocation = attribute.Name.GetLocation(),
                AttemptsLocation = attribute.Name.GetLocation(),
            };
            var delays = new List<TimeSpan>(arguments.Count - 1);
            for (var i = 1; i < arguments.Count; i++)
            {
                if (RetryShapes.ReadInt(arguments[i].Expression, model) is not int value)
                {
                    return null;
                }

                delays.Add(seconds ? TimeSpan.FromSeconds(value) : TimeSpan.FromMilliseconds(value));
            }

            RetryShapes.ClassifyDelays(policy, delays, RetrySettingForm.WolverineDelays);
            policy.AtMostOneRetry = delays.Count <= 1;
            return policy;
        }

        /// <summary>Whether the rule this action belongs to is for an exception whose name says it is a concurrency conflict.</summary>
        private bool ForConcurrencyConflicts(IInvocationOperation action)
            => WolverineErrorRules.FindStart(action, Symbols) is { TargetMethod: { IsGenericMethod: true } start }
               && RetryShapes.IsConcurrencyConflict(start.TypeArguments[0].Name);
    }
}
