using System;
using System.Collections.Generic;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// What the Azure Functions host (WebJobs, the runtime of in-process functions and the host of isolated ones) does
    /// with a failing queue message and with its retry attributes, asked of its own types:
    /// <list type="bullet">
    /// <item>A queue message is delivered five times (<c>MaxDequeueCount</c>) before it goes to the poison queue, and a
    /// failed delivery is made visible again at once (<c>VisibilityTimeout</c> zero): five attempts with no delay (QL0011).</item>
    /// <item><c>[FixedDelayRetry]</c> waits the same delay before every retry (QL0020).</item>
    /// <item><c>[ExponentialBackoffRetry]</c> doubles its delay from the minimum up to the maximum, with a random part, so
    /// that instances failing together do not retry together (QL0022 stays quiet on it).</item>
    /// </list>
    /// </summary>
    public sealed class AzureFunctionsRuntimeTests
    {
        [Fact]
        public void A_failed_queue_message_is_delivered_again_at_once_five_times()
        {
            var options = new QueuesOptions();

            Assert.Equal(5, options.MaxDequeueCount);
            Assert.Equal(TimeSpan.Zero, options.VisibilityTimeout);
        }

        [Fact]
        public void A_fixed_delay_retry_waits_the_same_delay_before_every_retry()
        {
            var retry = new FixedDelayRetryAttribute(5, "00:00:10");

            for (var count = 1; count <= 5; count++)
            {
                Assert.Equal(TimeSpan.FromSeconds(10), retry.GetNextDelay(new RetryContext { RetryCount = count, MaxRetryCount = 5 }));
            }
        }

        [Fact]
        public void An_exponential_backoff_retry_grows_up_to_its_maximum_with_a_random_part()
        {
            // The host keeps one retry context for an invocation's retries; the strategy keeps its last delay in it.
            var runs = new List<TimeSpan[]>();
            for (var run = 0; run < 10; run++)
            {
                var retry = new ExponentialBackoffRetryAttribute(10, "00:00:04", "00:15:00");
                var context = new RetryContext { MaxRetryCount = 10 };
                var delays = new TimeSpan[10];
                for (var count = 1; count <= 10; count++)
                {
                    context.RetryCount = count;
                    delays[count - 1] = retry.GetNextDelay(context);
                    Assert.InRange(delays[count - 1], TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(15));
                }

                // It grows: the fifth retry waits several times the first, the tenth several times the fifth.
                Assert.True(delays[4] > delays[0] * 4 && delays[9] > delays[4] * 4, string.Join(", ", delays));

                runs.Add(delays);
            }

            // Invocations failing together do not retry together: the third retry's delay differs between them.
            var third = new HashSet<TimeSpan>();
            foreach (var delays in runs)
            {
                third.Add(delays[2]);
            }

            Assert.True(third.Count > 1, "the third retry waited the same in every run: " + string.Join(", ", third));
        }
    }
}
