using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DurableTask.Core;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// What Durable Functions does with an activity call's retry policy, asked of its own types:
    /// <list type="bullet">
    /// <item>In-process <c>RetryOptions</c> and the isolated SDK's <c>RetryPolicy</c> have a backoff coefficient of 1
    /// unless one is given (QL0020 reports them).</item>
    /// <item>The orchestration's <c>RetryInterceptor</c> (DurableTask.Core, which runs the in-process options) calls the
    /// activity <c>maxNumberOfAttempts</c> times in all, first call included, and with a coefficient of 1 waits the same
    /// <c>firstRetryInterval</c> before every retry, with no random part.</item>
    /// </list>
    /// </summary>
    public sealed class DurableFunctionsRuntimeTests
    {
        [Fact]
        public void Retry_options_and_policies_are_flat_unless_given_a_coefficient()
        {
            var inProcess = new Microsoft.Azure.WebJobs.Extensions.DurableTask.RetryOptions(TimeSpan.FromSeconds(5), 4);
            var isolated = new Microsoft.DurableTask.RetryPolicy(4, TimeSpan.FromSeconds(5));

            Assert.Equal(1.0, inProcess.BackoffCoefficient);
            Assert.Equal(1.0, isolated.BackoffCoefficient);
        }

        [Fact]
        public async Task The_orchestration_retries_at_the_same_delay_and_counts_the_first_call_among_the_attempts()
        {
            var context = new OrchestrationClock();
            var calls = 0;
            var interceptor = new RetryInterceptor<int>(context, new RetryOptions(TimeSpan.FromSeconds(5), 4), () =>
            {
                calls++;
                throw new InvalidOperationException("down");
            });

            await Assert.ThrowsAsync<InvalidOperationException>(() => interceptor.Invoke());

            Assert.Equal(4, calls);
            Assert.Equal(new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5) }, context.Waits);
        }

        [Fact]
        public async Task A_coefficient_of_2_doubles_each_wait()
        {
            var context = new OrchestrationClock();
            var interceptor = new RetryInterceptor<int>(context, new RetryOptions(TimeSpan.FromSeconds(5), 4) { BackoffCoefficient = 2 }, () => throw new InvalidOperationException("down"));

            await Assert.ThrowsAsync<InvalidOperationException>(() => interceptor.Invoke());

            Assert.Equal(new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20) }, context.Waits);
        }

        /// <summary>
        /// An orchestration's clock and timers, as the interceptor sees them: a timer fires at once and moves the clock to
        /// its time. Nothing else of an orchestration is asked for by a retried call.
        /// </summary>
        private sealed class OrchestrationClock : OrchestrationContext
        {
            private DateTime _now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

            public List<TimeSpan> Waits { get; } = new();

            public override DateTime CurrentUtcDateTime => _now;

            public override Task<T> CreateTimer<T>(DateTime fireAt, T state)
            {
                if (fireAt > _now)
                {
                    Waits.Add(fireAt - _now);
                    _now = fireAt;
                }

                return Task.FromResult(state);
            }

            public override Task<T> CreateTimer<T>(DateTime fireAt, T state, CancellationToken cancelToken) => CreateTimer(fireAt, state);

            public override Task<TResult> ScheduleTask<TResult>(string name, string version, params object[] parameters) => throw new NotSupportedException();

            public override Task<T> CreateSubOrchestrationInstance<T>(string name, string version, object input) => throw new NotSupportedException();

            public override Task<T> CreateSubOrchestrationInstance<T>(string name, string version, string instanceId, object input) => throw new NotSupportedException();

            public override Task<T> CreateSubOrchestrationInstance<T>(string name, string version, string instanceId, object input, IDictionary<string, string> tags) => throw new NotSupportedException();

            public override void SendEvent(OrchestrationInstance orchestrationInstance, string eventName, object eventData) => throw new NotSupportedException();

            public override void ContinueAsNew(object input) => throw new NotSupportedException();

            public override void ContinueAsNew(string newVersion, object input) => throw new NotSupportedException();
        }
    }
}
