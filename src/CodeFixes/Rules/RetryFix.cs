namespace QueueLint.CodeFixes.Rules
{
    /// <summary>A rewrite of a retry setting (<see cref="RetryFixes"/>), chosen from the form the model found the setting written in.</summary>
    internal enum RetryFix
    {
        None,

        /// <summary>Polly v7 <c>Retry[Async](n, onRetry)</c> becomes <c>WaitAndRetry[Async]</c> with a growing delay.</summary>
        PollyImmediateToWaitAndRetry,

        /// <summary>Polly v7 flat delay provider (a lambda) or flat list of delays becomes a growing one.</summary>
        PollyGrowingDelays,

        /// <summary>Polly v8 options: set <c>BackoffType = Exponential</c> and <c>UseJitter = true</c>.</summary>
        OptionsExponential,

        /// <summary>Polly v8 options: set <c>UseJitter = true</c>.</summary>
        OptionsJitter,

        /// <summary>MassTransit <c>Immediate/Interval/Intervals</c> become <c>Exponential</c>.</summary>
        MassTransitExponential,

        /// <summary>Hangfire: drop the flat <c>DelaysInSeconds</c>, so its own growing schedule applies.</summary>
        RemoveArgument,

        /// <summary>A hand-written loop: the delay is computed from the attempt counter.</summary>
        LoopDelay,

        /// <summary>An expression growing exponentially gets a random component added.</summary>
        AddRandomComponent,

        /// <summary>Polly.Contrib <c>Backoff.ExponentialBackoff</c> becomes <c>Backoff.DecorrelatedJitterBackoffV2</c>.</summary>
        ContribJitterBackoff,

        /// <summary>The attempt count (a literal or <c>int.MaxValue</c>) is replaced by the configured bound.</summary>
        BoundAttempts,

        /// <summary>Polly v7 <c>RetryForever</c>/<c>WaitAndRetryForever</c> become their counted forms.</summary>
        PollyForeverToCounted,

        /// <summary>Wolverine <c>RetryTimes(n)</c> becomes <c>RetryWithCooldown</c> with delays that double; a flat list of delays doubles.</summary>
        WolverineGrowingDelays,

        /// <summary>Azure Functions <c>[FixedDelayRetry(n, d)]</c> becomes <c>[ExponentialBackoffRetry(n, d, max)]</c>.</summary>
        FunctionsExponentialBackoff,

        /// <summary>Wolverine <c>ScheduleRetryIndefinitely(…)</c> becomes <c>ScheduleRetry(…)</c>, <c>RequeueIndefinitely()</c> <c>Requeue(bound)</c>.</summary>
        WolverineBounded,

        /// <summary>A Durable Functions <c>RetryOptions</c>/<c>RetryPolicy</c> gets a backoff coefficient of 2.</summary>
        DurableBackoffCoefficient,
    }
}
