using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace QueueLint.Model.Retries
{
    /// <summary>Who runs the retries; only used to name the policy in messages.</summary>
    internal enum RetryLibrary
    {
        PollyV7,
        PollyV8,
        MassTransit,
        Hangfire,
        Quartz,
        Wolverine,
        AzureFunctions,
        DurableFunctions,
        HandWritten,
    }

    /// <summary>How the delay between attempts grows.</summary>
    internal enum RetryDelay
    {
        /// <summary>The next attempt starts at once.</summary>
        None,

        /// <summary>The same delay before every attempt.</summary>
        Constant,

        /// <summary>A delay that grows by a fixed step: a backoff.</summary>
        Linear,

        /// <summary>A delay that doubles (or multiplies) with each attempt.</summary>
        Exponential,

        /// <summary>A delay that grows in some other known way (a library's own schedule, an increasing list).</summary>
        Growing,

        /// <summary>Computed in a way the analyzer cannot follow: rules stay quiet.</summary>
        Unknown,
    }

    /// <summary>
    /// One retry policy, whichever library (or hand-written loop) expresses it: how many attempts, how the delay
    /// grows, whether it has jitter, and where a reader would change each of those. Adapters in
    /// <c>Model/Retries</c> build these; rules read them and never ask which library it was.
    /// </summary>
    internal sealed class RetryPolicy
    {
        public RetryPolicy(RetryLibrary library, SyntaxNode node)
        {
            Library = library;
            Node = node;
            BackoffLocation = node.GetLocation();
            AttemptsLocation = node.GetLocation();
        }

        public RetryLibrary Library { get; }

        /// <summary>The syntax the policy was read from.</summary>
        public SyntaxNode Node { get; }

        /// <summary>Number of retries, when known.</summary>
        public int? Attempts { get; set; }

        /// <summary>
        /// The number a message names as the attempts, when the library counts differently from <see cref="Attempts"/>
        /// (Durable Functions' <c>maxNumberOfAttempts</c> counts the first call too).
        /// </summary>
        public int? WrittenAttempts { get; set; }

        /// <summary>True when nothing but success ends the retries.</summary>
        public bool Unbounded { get; set; }

        /// <summary>
        /// True when the policy retries once at most: there is no series of delays that could grow. Each adapter
        /// answers it in its own library's terms (a count of retries, a list of one delay, a loop of two attempts).
        /// </summary>
        public bool AtMostOneRetry { get; set; }

        public RetryDelay Delay { get; set; } = RetryDelay.Unknown;

        /// <summary>The constant delay, when known.</summary>
        public TimeSpan? Interval { get; set; }

        public bool Jitter { get; set; }

        /// <summary>
        /// False when the library has no setting that adds a random part to its delays (Durable Functions): there is no
        /// jitter to ask of it.
        /// </summary>
        public bool OffersJitter { get; set; } = true;

        /// <summary>Where a reader changes the delay (QL0020, QL0022).</summary>
        public Location BackoffLocation { get; set; }

        /// <summary>Where a reader changes the number of attempts (QL0021).</summary>
        public Location AttemptsLocation { get; set; }

        /// <summary>Where a reader turns jitter on, when that is not where the delay is chosen.</summary>
        public Location? JitterLocation { get; set; }

        /// <summary>How the delay is written at <see cref="BackoffLocation"/>, where a rewrite of it can start; None when it cannot.</summary>
        public RetrySettingForm BackoffForm { get; set; }

        /// <summary>The attempt counter of a <see cref="RetrySettingForm.HandWrittenLoop"/>, from which a delay can be computed.</summary>
        public string? Counter { get; set; }

        /// <summary>How jitter would be written in, where a rewrite can add it; None when it cannot.</summary>
        public RetrySettingForm JitterForm { get; set; }

        /// <summary>How the number of attempts is written at <see cref="AttemptsLocation"/>, where a rewrite can bound it; None when it cannot.</summary>
        public RetrySettingForm AttemptsForm { get; set; }

        /// <summary>How the schedule names attempts whose number is not written as a constant.</summary>
        public string UncountedAttempts { get; set; } = "attempts set elsewhere";

        /// <summary>True when the attempt count is a literal above the configured bound (e.g. Hangfire <c>Attempts = 50</c>).</summary>
        public bool CountsAgainstBound { get; set; }

        public string LibraryName => Library switch
        {
            RetryLibrary.PollyV7 => "Polly retry policy",
            RetryLibrary.PollyV8 => "Polly retry strategy",
            RetryLibrary.MassTransit => "MassTransit retry policy",
            RetryLibrary.Hangfire => "Hangfire automatic retry",
            RetryLibrary.Quartz => "Quartz refire",
            RetryLibrary.Wolverine => "Wolverine error rule",
            RetryLibrary.AzureFunctions => "Azure Functions retry policy",
            RetryLibrary.DurableFunctions => "Durable Functions retry policy",
            _ => "Retry loop",
        };

        /// <summary>The schedule in words, e.g. "3 attempts, 2 s apart".</summary>
        public string Schedule
        {
            get
            {
                var attempts = Unbounded
                    ? "forever"
                    : (WrittenAttempts ?? Attempts) is int n ? (n == 1 ? "1 attempt" : n.ToString(CultureInfo.InvariantCulture) + " attempts") : UncountedAttempts;
                var delay = Delay switch
                {
                    RetryDelay.None => "at once",
                    RetryDelay.Constant when Interval is TimeSpan t && t == TimeSpan.Zero => "at once",
                    RetryDelay.Constant when Interval is TimeSpan t => FormatDuration(t) + " apart",
                    RetryDelay.Constant => "a constant delay apart",
                    RetryDelay.Linear => "linear delays",
                    RetryDelay.Exponential => Jitter ? "exponential delays with jitter" : "exponential delays",
                    RetryDelay.Growing => "growing delays",
                    _ => "delays not known",
                };
                return attempts + ", " + delay;
            }
        }

        internal static string FormatDuration(TimeSpan value)
        {
            if (value.TotalMilliseconds < 1000 || value.Milliseconds != 0)
            {
                return value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
            }

            if (value.TotalSeconds < 120 || value.Seconds != 0)
            {
                return value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
            }

            if (value.TotalMinutes < 120 || value.Minutes != 0)
            {
                return value.TotalMinutes.ToString("0.###", CultureInfo.InvariantCulture) + " min";
            }

            return value.TotalHours.ToString("0.###", CultureInfo.InvariantCulture) + " h";
        }
    }
}
