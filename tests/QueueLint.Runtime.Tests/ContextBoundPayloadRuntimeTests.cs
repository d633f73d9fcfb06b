using System;
using System.Threading;
using Hangfire;
using Hangfire.Server;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0002: Hangfire supplies cancellation tokens and the perform context itself when it runs the job; the value
    /// passed at the enqueue site is only a placeholder. A live token passed there does not reach the job.
    /// </summary>
    public sealed class ContextBoundPayloadRuntimeTests : IDisposable
    {
        public ContextBoundPayloadRuntimeTests() => Observed.Clear();

        public void Dispose() => Observed.Clear();

        [Fact]
        public void CancellationToken_None_is_replaced_by_the_servers_shutdown_token()
        {
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.WithToken(CancellationToken.None)));

            Assert.Equal(true, Observed.Get("token.canBeCanceled"));
        }

        [Fact]
        public void A_live_token_from_the_enqueuing_code_does_not_reach_the_job()
        {
            using var hangfire = new HangfireHarness();
            using var request = new CancellationTokenSource();
            request.Cancel();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.WithToken(request.Token)));

            // The request was cancelled; the job sees the server's token instead.
            Assert.Equal(false, Observed.Get("token.cancelled"));
        }

        [Fact]
        public void JobCancellationToken_Null_is_replaced_by_a_token_of_the_server()
        {
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.WithJobToken(JobCancellationToken.Null)));

            var type = (Type?)Observed.Get("jobToken.type");
            Assert.NotNull(type);
            Assert.NotEqual(JobCancellationToken.Null?.GetType(), type);
        }

        [Fact]
        public void A_null_PerformContext_is_replaced_by_the_context_of_the_run()
        {
            using var hangfire = new HangfireHarness();

            var jobId = hangfire.Client.Enqueue<Jobs>(x => x.WithContext(null));

            hangfire.AssertSucceeded(jobId);
            Assert.Equal(jobId, Observed.Get("context.jobId"));
        }

        [AutomaticRetry(Attempts = 0)]
        public class Jobs
        {
            public void WithToken(CancellationToken token)
            {
                Observed.Record("token.canBeCanceled", token.CanBeCanceled);
                Observed.Record("token.cancelled", token.IsCancellationRequested);
            }

            public void WithJobToken(IJobCancellationToken token) => Observed.Record("jobToken.type", token?.GetType());

            public void WithContext(PerformContext? context) => Observed.Record("context.jobId", context?.BackgroundJob.Id);
        }
    }
}
