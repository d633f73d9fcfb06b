using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Hangfire;
using Hangfire.InMemory;

namespace QueueLint.Tests.Runtime
{
    /// <summary>
    /// What QL0050 claims about Hangfire, checked on a real server: a job method's <c>CancellationToken</c> argument is
    /// replaced with the server's shutdown token, whatever the enqueue site passed (<c>CancellationToken.None</c>), and
    /// that token is cancelled when the server stops.
    /// </summary>
    public class HangfireCancellationTokenTests
    {
        private static readonly ConcurrentDictionary<string, Probe> s_probes = new();

        [Fact]
        public async Task Hangfire_substitutes_its_shutdown_token_for_a_CancellationToken_parameter()
        {
            var key = Guid.NewGuid().ToString("N");
            var probe = s_probes.GetOrAdd(key, _ => new Probe());
            var storage = new InMemoryStorage();
            var client = new BackgroundJobClient(storage);
            var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 1, ShutdownTimeout = TimeSpan.FromSeconds(10) }, storage);
            try
            {
                client.Enqueue<TokenJob>(x => x.RunAsync(key, CancellationToken.None));
                var started = await Task.WhenAny(probe.Started.Task, Task.Delay(TimeSpan.FromSeconds(60)));
                Assert.Same(probe.Started.Task, started);
                Assert.True(await probe.Started.Task, "the job was given CancellationToken.None, not a token that can be cancelled");

                server.SendStop();
                var stopped = await Task.WhenAny(probe.Cancelled.Task, Task.Delay(TimeSpan.FromSeconds(30)));
                Assert.Same(probe.Cancelled.Task, stopped);
            }
            finally
            {
                server.Dispose();
                s_probes.TryRemove(key, out _);
            }
        }

        private sealed class Probe
        {
            public TaskCompletionSource<bool> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public sealed class TokenJob
        {
            public async Task RunAsync(string key, CancellationToken cancellationToken)
            {
                var probe = s_probes[key];
                probe.Started.TrySetResult(cancellationToken.CanBeCanceled);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    probe.Cancelled.TrySetResult(true);
                    throw;
                }
            }
        }
    }
}
