using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// Polly v7 retry policies (<c>Policy.Handle&lt;…&gt;()</c>, <c>HttpPolicyExtensions.HandleTransientHttpError()</c>):
    /// <c>Retry[Async]</c> and <c>RetryForever[Async]</c> retry at once unless their <c>onRetry</c> waits;
    /// <c>WaitAndRetry[Forever][Async]</c> take a delay provider (attempt → delay) or a list of delays, including
    /// Polly.Contrib.WaitAndRetry's <c>Backoff</c> helpers.
    /// </summary>
    internal sealed class PollyV7RetryAdapter : RetryAdapter
    {
        public PollyV7RetryAdapter(KnownSymbols symbols)
            : base(symbols, "Retry")
        {
        }

        public override bool IsCandidateName(string name) => IsCandidate(name);

        public override RetryPolicy? ReadInvocation(InvocationExpressionSyntax invocation, SimpleNameSyntax name, SemanticModel model)
            => Read(invocation, name, model, Symbols);

        public static bool IsCandidate(string name)
            => name is "Retry" or "RetryAsync" or "RetryForever" or "RetryForeverAsync"
                or "WaitAndRetry" or "WaitAndRetryAsync" or "WaitAndRetryForever" or "WaitAndRetryForeverAsync";

        public static RetryPolicy? Read(InvocationExpressionSyntax invocation, SimpleNameSyntax name, SemanticModel model, KnownSymbols symbols)
            => RetryShapes.CountingRetries(ReadPolicy(invocation, name, model, symbols));

        private static RetryPolicy? ReadPolicy(InvocationExpressionSyntax invocation, SimpleNameSyntax name, SemanticModel model, KnownSymbols symbols)
        {
            if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method
                || method.ContainingType is not { } type
                || type.ContainingNamespace is not { Name: "Polly", ContainingNamespace.IsGlobalNamespace: true }
                || type.Name.IndexOf("Retry", StringComparison.Ordinal) < 0
                || !type.Name.EndsWith("Syntax", StringComparison.Ordinal)
                || model.GetOperation(invocation) is not IInvocationOperation operation)
            {
                return null;
            }

            var forever = method.Name.Contains("Forever");
            var waits = method.Name.StartsWith("WaitAndRetry", System.StringComparison.Ordinal);
            var policy = new RetryPolicy(RetryLibrary.PollyV7, invocation)
            {
                BackoffLocation = name.GetLocation(),
                AttemptsLocation = name.GetLocation(),
                Unbounded = forever,
                Attempts = forever || waits ? null : 1,
                AttemptsForm = forever ? RetrySettingForm.PollyForever : RetrySettingForm.None,
            };

            IArgumentOperation? onRetry = null;
            IArgumentOperation? provider = null;
            IArgumentOperation? durations = null;
            foreach (var argument in operation.Arguments)
            {
                if (argument.IsImplicit || argument.Parameter is null)
                {
                    continue;
                }

                switch (argument.Parameter.Name)
                {
                    case "retryCount" when argument.Syntax is ArgumentSyntax count:
                        if (RetryShapes.IsIntMax(count.Expression, model))
                        {
                            policy.Unbounded = true;
                            policy.AttemptsLocation = count.Expression.GetLocation();
                            policy.AttemptsForm = RetrySettingForm.AttemptCount;
                        }
                        else
                        {
                            policy.Attempts = RetryShapes.ReadInt(count.Expression, model);
                        }

                        break;
                    case "onRetry" or "onRetryAsync":
                        onRetry = argument;
                        break;
                    case "sleepDurationProvider":
                        provider = argument;
                        break;
                    case "sleepDurations":
                        durations = argument;
                        break;
                }
            }

            // An onRetry that throws gives up when the application decides: the policy is bounded there.
            if (policy.Unbounded && onRetry is not null && MayGiveUp(onRetry, model))
            {
                policy.Unbounded = false;
                policy.AttemptsForm = RetrySettingForm.None;
            }

            if (!waits)
            {
                ReadOnRetryDelay(policy, onRetry, model, symbols);
                return policy;
            }

            if (provider?.Syntax is ArgumentSyntax { Expression: AnonymousFunctionExpressionSyntax lambda } providerArgument)
            {
                var attempt = FirstParameterName(lambda);
                var body = lambda.ExpressionBody ?? (SyntaxNode?)lambda.Block;
                if (attempt is null || body is null)
                {
                    return policy;
                }

                policy.Delay = RetryShapes.Classify(body, new[] { attempt }, out var jitter);
                policy.Jitter = jitter;
                policy.BackoffLocation = providerArgument.Expression.GetLocation();
                if (policy.Delay == RetryDelay.Constant)
                {
                    policy.Interval = RetryShapes.ReadDuration(lambda.ExpressionBody, model);
                    policy.BackoffForm = lambda.ExpressionBody is not null ? RetrySettingForm.PollyFlatDelays : RetrySettingForm.None;
                }
                else if (policy.Delay == RetryDelay.Exponential && lambda.ExpressionBody is not null)
                {
                    policy.JitterForm = RetrySettingForm.ExponentialExpression;
                }
            }
            else if (durations?.Syntax is ArgumentSyntax durationsArgument)
            {
                policy.BackoffLocation = durationsArgument.Expression.GetLocation();
                ReadDurations(policy, durationsArgument.Expression, model, symbols, follow: true);
            }

            // A method group as onRetry may wait before the next attempt (a rate limiter, a back-off of its own): the
            // delay is not known, as for Retry.
            if (policy.Delay == RetryDelay.Constant && onRetry?.Syntax is ArgumentSyntax { Expression: not AnonymousFunctionExpressionSyntax })
            {
                policy.Delay = RetryDelay.Unknown;
                policy.BackoffForm = RetrySettingForm.None;
            }

            return policy;
        }

        /// <summary>Whether an <c>onRetry</c> lambda, or the source method it names, can throw.</summary>
        private static bool MayGiveUp(IArgumentOperation onRetry, SemanticModel model)
        {
            SyntaxNode? body = null;
            if (onRetry.Syntax is ArgumentSyntax { Expression: AnonymousFunctionExpressionSyntax lambda })
            {
                body = lambda.Body;
            }
            else if (onRetry.Syntax is ArgumentSyntax { Expression: var group }
                && model.GetSymbolInfo(group).Symbol is IMethodSymbol method
                && method.DeclaringSyntaxReferences.Length > 0)
            {
                body = method.DeclaringSyntaxReferences[0].GetSyntax();
            }

            if (body is null)
            {
                return false;
            }

            foreach (var node in body.DescendantNodesAndSelf(n => !RetryShapes.IsFunction(n) || n == body))
            {
                if (node is ThrowStatementSyntax or ThrowExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static void ReadDurations(RetryPolicy policy, ExpressionSyntax expression, SemanticModel model, KnownSymbols symbols, bool follow)
        {
            SeparatedSyntaxList<ExpressionSyntax>? elements = expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                ImplicitArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                ObjectCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                _ => null,
            };
            if (elements is { Count: > 0 } list)
            {
                ReadList(policy, list, model);
                if (policy.Delay == RetryDelay.Constant)
                {
                    policy.BackoffForm = RetrySettingForm.PollyFlatDelays;
                }

                return;
            }

            if (expression is InvocationExpressionSyntax invocation
                && symbols.PollyContribBackoff is not null
                && model.GetSymbolInfo(invocation).Symbol is IMethodSymbol backoff
                && SymbolEqualityComparer.Default.Equals(backoff.ContainingType, symbols.PollyContribBackoff)
                && model.GetOperation(invocation) is IInvocationOperation backoffOperation)
            {
                foreach (var argument in backoffOperation.Arguments)
                {
                    if (!argument.IsImplicit && argument.Parameter?.Name == "retryCount" && argument.Syntax is ArgumentSyntax count)
                    {
                        policy.Attempts = RetryShapes.ReadInt(count.Expression, model);
                    }
                }

                switch (backoff.Name)
                {
                    case "ConstantBackoff":
                        policy.Delay = RetryDelay.Constant;
                        policy.BackoffForm = RetrySettingForm.PollyFlatDelays;
                        if (backoffOperation.Arguments.Length > 0 && backoffOperation.Arguments[0].Syntax is ArgumentSyntax delay)
                        {
                            policy.Interval = RetryShapes.ReadDuration(delay.Expression, model);
                        }

                        break;
                    case "LinearBackoff":
                        policy.Delay = RetryDelay.Linear;
                        break;
                    case "ExponentialBackoff":
                        policy.Delay = RetryDelay.Exponential;
                        policy.JitterForm = RetrySettingForm.ContribExponentialBackoff;
                        break;
                    default:
                        // DecorrelatedJitterBackoff(V2), AwsDecorrelatedJitterBackoff: exponential with jitter.
                        policy.Delay = RetryDelay.Exponential;
                        policy.Jitter = true;
                        break;
                }

                return;
            }

            // A list built in a local just before the policy: read its initializer.
            if (follow && expression is IdentifierNameSyntax identifier
                && model.GetSymbolInfo(identifier).Symbol is ILocalSymbol local
                && local.DeclaringSyntaxReferences.Length == 1
                && local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                && initializer.SyntaxTree == expression.SyntaxTree)
            {
                ReadDurations(policy, initializer, model, symbols, follow: false);
                policy.BackoffForm = RetrySettingForm.None;
                if (policy.Delay is RetryDelay.Exponential && policy.JitterForm == RetrySettingForm.ContribExponentialBackoff)
                {
                    policy.BackoffLocation = initializer.GetLocation();
                }
            }
        }

        private static void ReadList(RetryPolicy policy, SeparatedSyntaxList<ExpressionSyntax> elements, SemanticModel model)
        {
            policy.Attempts = elements.Count;
            var first = elements[0].ToString();
            var flat = true;
            foreach (var element in elements)
            {
                if (element.ToString() != first)
                {
                    flat = false;
                }
            }

            if (flat)
            {
                policy.Delay = RetryDelay.Constant;
                policy.Interval = RetryShapes.ReadDuration(elements[0], model);
                return;
            }

            TimeSpan? previous = null;
            foreach (var element in elements)
            {
                var value = RetryShapes.ReadDuration(element, model);
                if (value is null || (previous is { } p && value < p))
                {
                    policy.Delay = RetryDelay.Unknown;
                    return;
                }

                previous = value;
            }

            policy.Delay = RetryDelay.Growing;
        }

        /// <summary>A delay taken inside <c>onRetry</c> is the policy's delay.</summary>
        private static void ReadOnRetryDelay(RetryPolicy policy, IArgumentOperation? onRetry, SemanticModel model, KnownSymbols symbols)
        {
            policy.Delay = RetryDelay.None;
            policy.BackoffForm = RetrySettingForm.PollyRetryWithoutDelay;
            if (onRetry?.Syntax is not ArgumentSyntax argument)
            {
                return;
            }

            if (argument.Expression is not AnonymousFunctionExpressionSyntax lambda)
            {
                // A method group may wait: not known.
                policy.Delay = RetryDelay.Unknown;
                policy.BackoffForm = RetrySettingForm.None;
                return;
            }

            var delay = RetryShapes.FindDelay(lambda, model, symbols);
            if (delay is null)
            {
                return;
            }

            var varying = new List<string>();
            if (lambda is ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters: { Count: >= 2 } parameters })
            {
                varying.Add(parameters[1].Identifier.ValueText);
            }

            policy.BackoffForm = RetrySettingForm.None;
            policy.Delay = delay.ArgumentList.Arguments.Count == 0
                ? RetryDelay.Unknown
                : RetryShapes.Classify(delay.ArgumentList.Arguments[0].Expression, varying, out var jitter);
            if (policy.Delay == RetryDelay.Constant)
            {
                policy.Interval = RetryShapes.ReadDuration(delay.ArgumentList.Arguments[0].Expression, model);
                policy.BackoffLocation = delay.GetLocation();
                if (varying.Count == 1 && varying[0] != "_")
                {
                    policy.BackoffForm = RetrySettingForm.HandWrittenLoop;
                    policy.Counter = varying[0];
                }
            }
        }

        private static string? FirstParameterName(AnonymousFunctionExpressionSyntax lambda)
            => lambda switch
            {
                SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
                ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters: { Count: > 0 } parameters } => parameters[0].Identifier.ValueText,
                _ => null,
            };
    }
}
