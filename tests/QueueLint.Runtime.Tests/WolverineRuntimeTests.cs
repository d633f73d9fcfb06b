using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.ErrorHandling;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// What Wolverine does with what a handler sends (QL0004), with a failing handler (QL0011) and with its error rules
    /// (QL0020), shown on local queues in memory.
    /// <list type="bullet">
    /// <item>A publish outside a handler goes out at once: when the commit after it fails, the message is out anyway.</item>
    /// <item>What a handler publishes goes out after the handler has succeeded, and never when it throws.</item>
    /// <item>Without an error rule a failing handler is tried once; <c>InvokeAsync</c> hands the failure to its caller.</item>
    /// <item><c>RetryTimes(n)</c> tries again at once, n times; <c>RetryWithCooldown</c> waits each delay of its list.</item>
    /// </list>
    /// </summary>
    public sealed class WolverineRuntimeTests : IClassFixture<WolverineRuntimeTests.Host>
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
        private readonly Host _host;

        public WolverineRuntimeTests(Host host) => _host = host;

        [Fact]
        public async Task A_publish_outside_a_handler_goes_out_even_when_the_commit_after_it_fails()
        {
            var id = Guid.NewGuid();
            await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await _host.Bus.PublishAsync(new Placed(id));
                throw new InvalidOperationException("the commit failed");
            });

            Assert.True(await Events.WaitAsync(() => Events.Placed.Contains(id), s_timeout), "the message was not delivered");
        }

        [Fact]
        public async Task A_handler_publishes_after_it_succeeds_and_never_when_it_throws()
        {
            var succeeded = Guid.NewGuid();
            var failed = Guid.NewGuid();
            await _host.Bus.PublishAsync(new PlaceOrder(succeeded, Fails: false));
            await _host.Bus.PublishAsync(new PlaceOrder(failed, Fails: true));

            Assert.True(await Events.WaitAsync(() => Events.Placed.Contains(succeeded), s_timeout), "the handler's message was not delivered");
            Assert.True(await Events.WaitAsync(() => Events.Attempts(failed).Length == 1, s_timeout), "the failing handler did not run");
            await Task.Delay(500);
            Assert.DoesNotContain(failed, Events.Placed);

            // The publish came before the handler's own work: it was held until the handler returned.
            Assert.Contains(succeeded, Events.PublishedBeforeReturn);
        }

        [Fact]
        public async Task Without_an_error_rule_a_failing_handler_is_tried_once()
        {
            var id = Guid.NewGuid();
            await _host.Bus.PublishAsync(new Charge(id));
            Assert.True(await Events.WaitAsync(() => Events.Attempts(id).Length >= 1, s_timeout), "the handler did not run");
            await Task.Delay(1000);
            Assert.Single(Events.Attempts(id));
        }

        [Fact]
        public async Task InvokeAsync_hands_the_failure_to_its_caller()
        {
            var id = Guid.NewGuid();
            await Assert.ThrowsAsync<ArgumentException>(() => _host.Bus.InvokeAsync(new Charge(id)));
            Assert.Single(Events.Attempts(id));
        }

        [Fact]
        public async Task RetryTimes_tries_again_at_once()
        {
            var id = Guid.NewGuid();
            await _host.Bus.PublishAsync(new CallCarrier(id));
            Assert.True(await Events.WaitAsync(() => Events.Attempts(id).Length == 4, s_timeout), "expected 1 attempt and 3 retries");
            var attempts = Events.Attempts(id);
            Assert.True(attempts[^1] - attempts[0] < TimeSpan.FromMilliseconds(500), "the retries waited: " + string.Join(", ", attempts));
        }

        [Fact]
        public async Task RetryWithCooldown_waits_each_delay_of_its_list()
        {
            var id = Guid.NewGuid();
            await _host.Bus.PublishAsync(new WriteFile(id));
            Assert.True(await Events.WaitAsync(() => Events.Attempts(id).Length == 3, s_timeout), "expected 1 attempt and 2 retries");
            var attempts = Events.Attempts(id);
            Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromMilliseconds(250), "first cooldown: " + (attempts[1] - attempts[0]));
            Assert.True(attempts[2] - attempts[1] >= TimeSpan.FromMilliseconds(700), "second cooldown: " + (attempts[2] - attempts[1]));
        }

        public sealed record PlaceOrder(Guid Id, bool Fails);

        public sealed record Placed(Guid Id);

        public sealed record Charge(Guid Id);

        public sealed record CallCarrier(Guid Id);

        public sealed record WriteFile(Guid Id);

        /// <summary>What the handlers saw, by message id.</summary>
        public static class Events
        {
            private static readonly Stopwatch s_clock = Stopwatch.StartNew();
            private static readonly ConcurrentDictionary<Guid, ConcurrentQueue<TimeSpan>> s_attempts = new();

            public static ConcurrentBag<Guid> Placed { get; } = new();

            public static ConcurrentBag<Guid> PublishedBeforeReturn { get; } = new();

            public static void Attempt(Guid id) => s_attempts.GetOrAdd(id, _ => new ConcurrentQueue<TimeSpan>()).Enqueue(s_clock.Elapsed);

            public static TimeSpan[] Attempts(Guid id) => s_attempts.TryGetValue(id, out var times) ? times.ToArray() : Array.Empty<TimeSpan>();

            public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
            {
                var end = s_clock.Elapsed + timeout;
                while (!condition())
                {
                    if (s_clock.Elapsed > end)
                    {
                        return false;
                    }

                    await Task.Delay(20);
                }

                return true;
            }
        }

        public sealed class PlaceOrderHandler
        {
            public async Task Handle(PlaceOrder command, IMessageContext bus)
            {
                Events.Attempt(command.Id);
                await bus.PublishAsync(new Placed(command.Id));
                await Task.Delay(200);
                if (command.Fails)
                {
                    throw new InvalidOperationException("the handler failed after publishing");
                }

                if (!Events.Placed.Contains(command.Id))
                {
                    Events.PublishedBeforeReturn.Add(command.Id);
                }
            }
        }

        public sealed class PlacedHandler
        {
            public void Handle(Placed placed) => Events.Placed.Add(placed.Id);
        }

        public sealed class ChargeHandler
        {
            public void Handle(Charge charge)
            {
                Events.Attempt(charge.Id);
                throw new ArgumentException("the card was refused");
            }
        }

        public sealed class CallCarrierHandler
        {
            public void Handle(CallCarrier call)
            {
                Events.Attempt(call.Id);
                throw new TimeoutException("the carrier did not answer");
            }
        }

        public sealed class WriteFileHandler
        {
            public void Handle(WriteFile write)
            {
                Events.Attempt(write.Id);
                throw new IOException("the file is locked");
            }
        }

        /// <summary>One Wolverine host for the class: its handlers on local queues, two error rules, nothing durable.</summary>
        public sealed class Host : IAsyncLifetime
        {
            private IHost? _host;
            private IServiceScope? _scope;

            public IMessageBus Bus => _scope!.ServiceProvider.GetRequiredService<IMessageBus>();

            public async Task InitializeAsync()
            {
                var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.UseWolverine(opts =>
                {
                    opts.Discovery.DisableConventionalDiscovery()
                        .IncludeType<PlaceOrderHandler>()
                        .IncludeType<PlacedHandler>()
                        .IncludeType<ChargeHandler>()
                        .IncludeType<CallCarrierHandler>()
                        .IncludeType<WriteFileHandler>();
                    opts.OnException<TimeoutException>().RetryTimes(3);
                    opts.OnException<IOException>().RetryWithCooldown(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(800));
                });
                _host = builder.Build();
                await _host.StartAsync();
                _scope = _host.Services.CreateScope();
            }

            public async Task DisposeAsync()
            {
                _scope?.Dispose();
                if (_host is not null)
                {
                    await _host.StopAsync();
                    _host.Dispose();
                }
            }
        }
    }
}
