using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Rebus.Activation;
using Rebus.Bus;
using Rebus.Config;
using Rebus.Transport;
using Rebus.Transport.InMem;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// What Rebus does with a message sent before the data it needs is committed (QL0004), and with a handler that
    /// fails (QL0011, the retries): shown on Rebus's in-memory transport.
    /// <list type="bullet">
    /// <item>A send outside a handler is delivered at once: when the commit after it fails, the message is out anyway.</item>
    /// <item>A send inside a handler, or inside a <c>RebusTransactionScope</c>, is held back until the handler returns or
    /// the scope completes, and dropped when the handler throws or the scope is not completed.</item>
    /// <item>A failing handler is tried five times, one attempt right after the other, and the message then goes to the
    /// <c>error</c> queue.</item>
    /// </list>
    /// </summary>
    public sealed class RebusRuntimeTests
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

        public sealed record PlaceOrder(int OrderId, bool CommitFails);

        public sealed record OrderPlaced(int OrderId);

        [Fact]
        public async Task A_send_outside_a_handler_goes_out_even_when_the_commit_after_it_fails()
        {
            using var bus = new TestBus();
            await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await bus.Bus.SendLocal(new OrderPlaced(1));
                throw new InvalidOperationException("the commit failed");
            });

            Assert.Equal(1, await bus.Placed.TakeAsync(s_timeout));
        }

        [Fact]
        public async Task A_transaction_scope_sends_at_complete_and_drops_what_it_did_not_complete()
        {
            using var bus = new TestBus();
            using (new RebusTransactionScope())
            {
                await bus.Bus.SendLocal(new OrderPlaced(1));
                await Task.Delay(200);
                Assert.True(bus.Placed.Count == 0, "sent before the scope completed");
            }

            using (var scope = new RebusTransactionScope())
            {
                await bus.Bus.SendLocal(new OrderPlaced(2));
                await scope.CompleteAsync();
            }

            Assert.Equal(2, await bus.Placed.TakeAsync(s_timeout));
            await Task.Delay(200);
            Assert.True(bus.Placed.Count == 0, "the uncompleted scope's message was sent");
        }

        [Fact]
        public async Task A_handler_sends_after_it_returns_and_never_when_it_throws()
        {
            using var bus = new TestBus();
            await bus.Bus.SendLocal(new PlaceOrder(1, CommitFails: true));
            await bus.Bus.SendLocal(new PlaceOrder(2, CommitFails: false));

            Assert.Equal(2, await bus.Placed.TakeAsync(s_timeout));
            await bus.WaitForErrorQueueAsync(s_timeout);
            Assert.True(bus.Placed.Count == 0, "the failed handler's message was sent");
        }

        [Fact]
        public async Task A_failing_handler_is_tried_five_times_without_a_pause_then_dead_lettered()
        {
            using var bus = new TestBus();
            await bus.Bus.SendLocal(new PlaceOrder(1, CommitFails: true));

            await bus.WaitForErrorQueueAsync(s_timeout);
            var attempts = bus.Attempts.ToArray();
            Assert.Equal(5, attempts.Length);
            Array.Sort(attempts);
            Assert.True(attempts[^1] - attempts[0] < TimeSpan.FromSeconds(2).Ticks, "the attempts were spread out: " + TimeSpan.FromTicks(attempts[^1] - attempts[0]));
        }

        /// <summary>A bus on its own in-memory network, whose handler of <see cref="PlaceOrder"/> sends before a commit that may fail.</summary>
        private sealed class TestBus : IDisposable
        {
            private readonly BuiltinHandlerActivator _activator = new();
            private readonly InMemNetwork _network = new();

            public TestBus()
            {
                _activator.Handle<PlaceOrder>(async (bus, message) =>
                {
                    Attempts.Add(DateTime.UtcNow.Ticks);
                    await bus.SendLocal(new OrderPlaced(message.OrderId));
                    if (message.CommitFails)
                    {
                        throw new InvalidOperationException("the commit failed");
                    }
                });
                _activator.Handle<OrderPlaced>(message =>
                {
                    Placed.Add(message.OrderId);
                    return Task.CompletedTask;
                });
                Bus = Configure.With(_activator)
                    .Logging(l => l.None())
                    .Transport(t => t.UseInMemoryTransport(_network, "orders"))
                    .Start();
            }

            public IBus Bus { get; }

            public BlockingCollection<int> Placed { get; } = new();

            public ConcurrentBag<long> Attempts { get; } = new();

            public async Task WaitForErrorQueueAsync(TimeSpan timeout)
            {
                var deadline = DateTime.UtcNow + timeout;
                while (_network.GetCount("error") == 0)
                {
                    Assert.True(DateTime.UtcNow < deadline, "nothing reached the error queue");
                    await Task.Delay(20);
                }
            }

            public void Dispose() => _activator.Dispose();
        }
    }

    internal static class BlockingCollectionExtensions
    {
        public static Task<int> TakeAsync(this BlockingCollection<int> collection, TimeSpan timeout)
            => Task.Run(() => collection.TryTake(out var item, timeout) ? item : throw new TimeoutException("nothing was delivered"));
    }
}
