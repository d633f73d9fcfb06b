using System;
using System.Collections.Concurrent;
using System.Linq;
using Hangfire;
using Hangfire.Logging;
using Hangfire.States;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0014: Hangfire told to delete a job after its last attempt, with its events off, leaves no trace of the
    /// failure where anyone looks: the job ends Deleted, not on the Failed list (the failed attempt is only a step of
    /// the job's history, which expires with the job), and nothing is logged at warning or above. With its events on
    /// (the default) the same delete is logged.
    /// </summary>
    public sealed class HangfireDiscardedFailureRuntimeTests : IDisposable
    {
        private readonly CapturingLogProvider _logs = new();

        public HangfireDiscardedFailureRuntimeTests() => LogProvider.SetCurrentLogProvider(_logs);

        public void Dispose() => LogProvider.SetCurrentLogProvider(null);

        [Fact]
        public void Delete_without_log_events_leaves_no_failed_state_and_no_log()
        {
            using var hangfire = new HangfireHarness();

            var jobId = hangfire.Client.Enqueue<Jobs>(x => x.Silent());
            var states = hangfire.WaitForState(jobId, DeletedState.StateName);

            Assert.Contains(ProcessingState.StateName, states);
            var monitoring = hangfire.Storage.GetMonitoringApi();
            Assert.Equal(0, monitoring.FailedCount());
            Assert.Equal(1, monitoring.DeletedListCount());
            Assert.NotNull(monitoring.JobDetails(jobId).ExpireAt);
            Assert.Empty(_logs.About(nameof(Jobs.Silent)));
            Assert.Empty(_logs.WarningsOrWorse());
        }

        [Fact]
        public void Delete_with_log_events_is_logged()
        {
            using var hangfire = new HangfireHarness();

            hangfire.WaitForState(hangfire.Client.Enqueue<Jobs>(x => x.Logged()), DeletedState.StateName);

            Assert.Equal(0, hangfire.Storage.GetMonitoringApi().FailedCount());
            Assert.Contains(_logs.WarningsOrWorse(), e => e.Exception?.Message.Contains(nameof(Jobs.Logged), StringComparison.Ordinal) ?? false);
        }

        public sealed class Jobs
        {
            [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false)]
            public void Silent() => throw new InvalidOperationException("the mail server refused " + nameof(Silent));

            [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
            public void Logged() => throw new InvalidOperationException("the mail server refused " + nameof(Logged));
        }

        /// <summary>Every message Hangfire logs, through its own logging abstraction.</summary>
        private sealed class CapturingLogProvider : ILogProvider
        {
            private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> _entries = new();

            public ILog GetLogger(string name) => new Logger(this);

            public (LogLevel Level, string Message, Exception? Exception)[] WarningsOrWorse()
                => _entries.Where(e => e.Level >= LogLevel.Warn).ToArray();

            /// <summary>Entries at any level that name the job or carry its exception.</summary>
            public (LogLevel Level, string Message, Exception? Exception)[] About(string job)
                => _entries.Where(e => e.Message.Contains(job, StringComparison.Ordinal) || (e.Exception?.Message.Contains(job, StringComparison.Ordinal) ?? false)).ToArray();

            private sealed class Logger : ILog
            {
                private readonly CapturingLogProvider _provider;

                public Logger(CapturingLogProvider provider) => _provider = provider;

                public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
                {
                    if (messageFunc is not null)
                    {
                        _provider._entries.Enqueue((logLevel, messageFunc(), exception));
                    }

                    return true;
                }
            }
        }
    }
}
