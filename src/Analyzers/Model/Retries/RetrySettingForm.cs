namespace QueueLint.Model.Retries
{
    /// <summary>
    /// How a setting of a retry policy is written where a reader would change it: what a rewrite of that setting starts
    /// from. The model says what the code is; the fixers decide what to write. Carried to them as a diagnostic property.
    /// </summary>
    internal enum RetrySettingForm
    {
        None,

        /// <summary>Polly v7 <c>Retry[Async](n, onRetry)</c>: retries with no delay at all.</summary>
        PollyRetryWithoutDelay,

        /// <summary>A Polly v7 delay provider (a lambda) or list of delays that does not grow.</summary>
        PollyFlatDelays,

        /// <summary>A Polly v8 <c>RetryStrategyOptions</c> initializer, where <c>BackoffType</c> and <c>UseJitter</c> are set.</summary>
        StrategyOptions,

        /// <summary>MassTransit <c>Immediate</c>, <c>Interval</c> or <c>Intervals</c>.</summary>
        MassTransitIntervals,

        /// <summary>Hangfire's flat <c>DelaysInSeconds</c> argument, without which its own growing schedule applies.</summary>
        DelaysArgument,

        /// <summary>A hand-written retry loop with a fixed delay, and an attempt counter (<see cref="RetryPolicy.Counter"/>).</summary>
        HandWrittenLoop,

        /// <summary>A delay expression growing exponentially, with nothing random in it.</summary>
        ExponentialExpression,

        /// <summary>Polly.Contrib <c>Backoff.ExponentialBackoff</c>.</summary>
        ContribExponentialBackoff,

        /// <summary>A literal attempt count, or <c>int.MaxValue</c>.</summary>
        AttemptCount,

        /// <summary>Polly v7 <c>RetryForever</c> or <c>WaitAndRetryForever</c>.</summary>
        PollyForever,

        /// <summary>Wolverine <c>RetryTimes(n)</c>, or a flat list of delays: <c>RetryWithCooldown</c>, <c>ScheduleRetry</c>, <c>[RetryNow]</c>, <c>[ScheduleRetry]</c>.</summary>
        WolverineDelays,

        /// <summary>Wolverine <c>ScheduleRetryIndefinitely(…)</c> or <c>RequeueIndefinitely()</c>.</summary>
        WolverineIndefinitely,

        /// <summary>Azure Functions <c>[FixedDelayRetry(n, "hh:mm:ss")]</c>, whose delay is a constant.</summary>
        FunctionsFixedDelay,

        /// <summary>A Durable Functions <c>RetryOptions</c> or <c>RetryPolicy</c> whose backoff coefficient is 1, written or by default.</summary>
        DurableBackoffCoefficient,
    }
}
