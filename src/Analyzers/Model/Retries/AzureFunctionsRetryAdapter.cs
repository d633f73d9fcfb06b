using System;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Jobs;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// Azure Functions' retry attributes, of the isolated worker or of WebJobs: <c>[FixedDelayRetry(n, "hh:mm:ss")]</c>
    /// runs a failed invocation again up to n times after the same delay; <c>[ExponentialBackoffRetry(n, min, max)]</c>
    /// waits a randomized delay that doubles from the minimum up to the maximum (jitter included). A count of
    /// <c>-1</c> retries forever.
    /// <para>
    /// The host applies them only to the triggers that support retry policies; of those QueueLint knows, the timer.
    /// On a queue-triggered function the host ignores them (the queue's own <c>maxDequeueCount</c> decides, and the
    /// worker's build reports AZFW0012), so they are not read there: there is no retry of theirs to judge.
    /// </para>
    /// </summary>
    internal sealed class AzureFunctionsRetryAdapter : RetryAdapter
    {
        public AzureFunctionsRetryAdapter(KnownSymbols symbols)
            : base(symbols, "FixedDelayRetry", "ExponentialBackoffRetry")
        {
        }

        public override RetryPolicy? ReadAttribute(AttributeSyntax attribute, string name, SemanticModel model, CancellationToken cancellationToken)
        {
            var fixedDelay = name is "FixedDelayRetry" or "FixedDelayRetryAttribute";
            if (!(fixedDelay || name is "ExponentialBackoffRetry" or "ExponentialBackoffRetryAttribute")
                || attribute.ArgumentList is not { Arguments: { Count: >= 2 } arguments }
                || arguments[0].NameEquals is not null
                || attribute.Parent?.Parent is not MethodDeclarationSyntax declaration
                || model.GetTypeInfo(attribute, cancellationToken).Type is not INamedTypeSymbol type
                || !IsRetryAttribute(type, fixedDelay)
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method
                || AzureFunctions.GetTrigger(method, Symbols) != FunctionTrigger.Timer)
            {
                return null;
            }

            var count = RetryShapes.ReadInt(arguments[0].Expression, model);
            var policy = new RetryPolicy(RetryLibrary.AzureFunctions, attribute)
            {
                BackoffLocation = attribute.Name.GetLocation(),
                AttemptsLocation = arguments[0].GetLocation(),
                AttemptsForm = RetrySettingForm.AttemptCount,
                Attempts = count is >= 0 ? count : null,
                Unbounded = count == -1,
                CountsAgainstBound = count is > 0,
            };

            if (fixedDelay)
            {
                policy.Delay = RetryDelay.Constant;
                policy.Interval = ReadInterval(arguments[1].Expression, model);
                policy.BackoffForm = policy.Interval is not null && arguments.Count == 2 ? RetrySettingForm.FunctionsFixedDelay : RetrySettingForm.None;
            }
            else
            {
                policy.Delay = RetryDelay.Exponential;
                policy.Jitter = true;
            }

            policy.AtMostOneRetry = !policy.Unbounded && count is <= 1;
            return policy;
        }

        private bool IsRetryAttribute(INamedTypeSymbol type, bool fixedDelay)
            => fixedDelay
                ? SymbolEqualityComparer.Default.Equals(type, Symbols.FunctionsFixedDelayRetryAttribute) || SymbolEqualityComparer.Default.Equals(type, Symbols.WebJobsFixedDelayRetryAttribute)
                : SymbolEqualityComparer.Default.Equals(type, Symbols.FunctionsExponentialBackoffRetryAttribute) || SymbolEqualityComparer.Default.Equals(type, Symbols.WebJobsExponentialBackoffRetryAttribute);

        /// <summary>The delay a retry attribute is given as text (<c>"00:00:10"</c>), as the host parses it, or null.</summary>
        public static TimeSpan? ReadInterval(ExpressionSyntax expression, SemanticModel model)
            => model.GetConstantValue(expression) is { HasValue: true, Value: string text } && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
