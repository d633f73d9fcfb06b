using System;
using System.Diagnostics;
using System.Threading;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.States;
using Hangfire.Storage;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// A real Hangfire: in-memory storage, the real client and a background job server with one worker that polls
    /// every few milliseconds. Jobs go through the same serialization, activation and performing as in production.
    /// </summary>
    internal sealed class HangfireHarness : IDisposable
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

        private readonly BackgroundJobServer _server;

        public HangfireHarness(JobActivator? activator = null)
        {
            Storage = new InMemoryStorage();
            Client = new BackgroundJobClient(Storage);
            _server = new BackgroundJobServer(
                new BackgroundJobServerOptions
                {
                    WorkerCount = 1,
                    Activator = activator ?? new JobActivator(),
                    SchedulePollingInterval = TimeSpan.FromMilliseconds(50),
                    ServerCheckInterval = TimeSpan.FromSeconds(5),
                },
                Storage);
        }

        public InMemoryStorage Storage { get; }

        public IBackgroundJobClient Client { get; }

        /// <summary>Waits until the job has succeeded or failed (test jobs do not retry) and returns that state.</summary>
        public StateData WaitForResult(string jobId)
        {
            var watch = Stopwatch.StartNew();
            using var connection = Storage.GetConnection();
            while (watch.Elapsed < s_timeout)
            {
                var state = connection.GetStateData(jobId);
                if (state is not null && (state.Name == SucceededState.StateName || state.Name == FailedState.StateName))
                {
                    return state;
                }

                Thread.Sleep(20);
            }

            throw new TimeoutException("job " + jobId + " did not finish within " + s_timeout + "; state: " + connection.GetStateData(jobId)?.Name);
        }

        /// <summary>Waits until the job is in <paramref name="stateName"/>, and returns the names of the states it went through, oldest first.</summary>
        public string[] WaitForState(string jobId, string stateName)
        {
            var watch = Stopwatch.StartNew();
            var monitoring = Storage.GetMonitoringApi();
            while (watch.Elapsed < s_timeout)
            {
                if (monitoring.JobDetails(jobId)?.History is { Count: > 0 } history && history[0].StateName == stateName)
                {
                    var names = new string[history.Count];
                    for (var i = 0; i < history.Count; i++)
                    {
                        // Newest first.
                        names[history.Count - 1 - i] = history[i].StateName;
                    }

                    return names;
                }

                Thread.Sleep(20);
            }

            throw new TimeoutException("job " + jobId + " did not reach " + stateName + " within " + s_timeout);
        }

        public void AssertSucceeded(string jobId)
        {
            var state = WaitForResult(jobId);
            Assert.True(state.Name == SucceededState.StateName, "job failed: " + Describe(state));
        }

        /// <summary>The failure's exception type and message.</summary>
        public string AssertFailed(string jobId)
        {
            var state = WaitForResult(jobId);
            Assert.True(state.Name == FailedState.StateName, "job did not fail: " + state.Name);
            return Describe(state);
        }

        /// <summary>
        /// Waits for the first failed attempt, whatever happens next: a job whose method cannot be loaded has no
        /// filters of its own, so the global retry filter schedules it again. Returns the failure and the
        /// state the job went to next.
        /// </summary>
        public (string Failure, string Next) WaitForFirstFailure(string jobId)
        {
            var watch = Stopwatch.StartNew();
            var monitoring = Storage.GetMonitoringApi();
            while (watch.Elapsed < s_timeout)
            {
                var details = monitoring.JobDetails(jobId);
                if (details?.History is { } history)
                {
                    // Newest first.
                    for (var i = history.Count - 1; i >= 0; i--)
                    {
                        if (history[i].StateName == FailedState.StateName)
                        {
                            var failure = history[i].Data.TryGetValue("ExceptionType", out var type) ? type + ": " + history[i].Data["ExceptionMessage"] : history[i].Reason;
                            return (failure, history[0].StateName);
                        }
                    }
                }

                Thread.Sleep(20);
            }

            throw new TimeoutException("job " + jobId + " did not fail within " + s_timeout);
        }

        private static string Describe(StateData state)
            => state.Data.TryGetValue("ExceptionType", out var type) ? type + ": " + state.Data["ExceptionMessage"] : state.Name;

        public void Dispose()
        {
            _server.SendStop();
            _server.Dispose();
            Storage.Dispose();
        }
    }
}
