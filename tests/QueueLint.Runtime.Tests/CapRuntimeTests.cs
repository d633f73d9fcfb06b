using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DotNetCore.CAP;
using DotNetCore.CAP.Internal;
using DotNetCore.CAP.Messages;
using DotNetCore.CAP.Monitoring;
using DotNetCore.CAP.Persistence;
using DotNetCore.CAP.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// What CAP (DotNetCore.CAP) does with a message published before the data it needs is committed (QL0004), which
    /// methods it runs as subscribers, and with a subscriber that fails (QL0011): shown on CAP's own publisher,
    /// dispatcher, subscriber selector and executor from <c>AddCap</c>, with the store and the broker that a storage
    /// package and a transport package would add kept in memory.
    /// <list type="bullet">
    /// <item>A publish outside a CAP transaction is stored and sent inside the <c>PublishAsync</c> call: when the commit
    /// after it fails, the message is out anyway.</item>
    /// <item>A publish inside a CAP transaction is stored in that transaction and sent when it commits; a transaction
    /// rolled back, or disposed without a commit, sends nothing.</item>
    /// <item>A <c>[CapSubscribe]</c> method is run only on a class registered in DI that implements <c>ICapSubscribe</c>
    /// (or on a public controller of the entry assembly, not shown here).</item>
    /// <item>By default a failed message is retried until it has failed 50 times, by a poll every 60 seconds; the first
    /// three attempts are made one right after the other.</item>
    /// <item>A subscriber that throws <c>OperationCanceledException</c> is marked succeeded and never retried.</item>
    /// </list>
    /// </summary>
    public sealed class CapRuntimeTests
    {
        public sealed record Order(int OrderId);

        [Fact]
        public async Task A_publish_outside_a_transaction_goes_out_even_when_the_commit_after_it_fails()
        {
            using var cap = new TestCap();
            await cap.StartDispatcherAsync();
            var sentByThePublish = Array.Empty<string>();
            await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await cap.Publisher.PublishAsync("orders.placed", new Order(1));
                sentByThePublish = cap.Broker.Sent.ToArray();
                throw new InvalidOperationException("the commit failed");
            });

            Assert.Equal(new[] { "orders.placed" }, sentByThePublish);
            // Stored with no transaction of the caller's: a storage package writes it on a connection of its own.
            Assert.Null(Assert.Single(cap.Storage.Stored).Transaction);
        }

        [Fact]
        public async Task A_CAP_transaction_sends_at_commit_and_nothing_it_did_not_commit()
        {
            using var cap = new TestCap();
            await cap.StartDispatcherAsync();
            using (var transaction = cap.BeginTransaction())
            {
                await cap.Publisher.PublishAsync("orders.rolled-back", new Order(1));
                await transaction.RollbackAsync();
            }

            using (cap.BeginTransaction())
            {
                await cap.Publisher.PublishAsync("orders.abandoned", new Order(2));
            }

            using (var transaction = cap.BeginTransaction())
            {
                await cap.Publisher.PublishAsync("orders.committed", new Order(3));
                Assert.True(cap.Broker.Sent.IsEmpty, "sent before the commit");
                await transaction.CommitAsync();
            }

            Assert.Equal(new[] { "orders.committed" }, cap.Broker.Sent);
            // Each was stored in its database transaction, which takes the uncommitted ones away with it.
            Assert.Equal(3, cap.Storage.Stored.Count);
            Assert.All(cap.Storage.Stored, stored => Assert.NotNull(stored.Transaction));
        }

        [Fact]
        public void A_CapSubscribe_method_is_found_on_a_registered_class_only_when_it_implements_ICapSubscribe()
        {
            using var cap = new TestCap();
            var subscribers = cap.Services.GetRequiredService<IConsumerServiceSelector>().SelectCandidates();

            var placed = Assert.Single(subscribers, subscriber => subscriber.TopicName == "orders.placed");
            Assert.Equal(typeof(OrderSubscriber), placed.ImplTypeInfo.AsType());
            Assert.DoesNotContain(subscribers, subscriber => subscriber.TopicName == "orders.cancelled");
        }

        [Fact]
        public void By_default_a_failed_message_is_retried_every_60_seconds_until_it_has_failed_50_times()
        {
            var options = new CapOptions();

            Assert.Equal(50, options.FailedRetryCount);
            Assert.Equal(60, options.FailedRetryInterval);
        }

        [Fact]
        public async Task A_subscriber_that_throws_OperationCanceledException_is_marked_succeeded_and_not_retried()
        {
            using var cap = new TestCap();
            var cancelled = await cap.ReceiveAsync("orders.placed", new Order(1));
            var failed = await cap.ReceiveAsync("orders.shipped", new Order(2));

            Assert.Equal(0, cancelled.Retries);
            Assert.Equal(new[] { StatusName.Succeeded }, cap.Storage.ReceivedStates("orders.placed"));

            // Any other exception: three attempts at once, then the message is left failed for the retry poll.
            Assert.Equal(3, failed.Retries);
            Assert.Equal(new[] { StatusName.Failed, StatusName.Failed, StatusName.Failed }, cap.Storage.ReceivedStates("orders.shipped"));
        }

        /// <summary>A subscriber as CAP finds it: a class that implements <see cref="ICapSubscribe"/>, registered in DI.</summary>
        public sealed class OrderSubscriber : ICapSubscribe
        {
            // As an HTTP call that times out does: its TaskCanceledException is an OperationCanceledException.
            [CapSubscribe("orders.placed")]
            public void Ship(Order order) => throw new OperationCanceledException("the carrier did not answer in time");

            [CapSubscribe("orders.shipped")]
            public void Bill(Order order) => throw new InvalidOperationException("the payment was declined");
        }

        /// <summary>The same attribute on a registered class that does not implement <see cref="ICapSubscribe"/> (and is no controller).</summary>
        public sealed class OrderListener
        {
            [CapSubscribe("orders.cancelled")]
            public void Refund(Order order)
            {
            }
        }

        /// <summary>
        /// CAP from <c>AddCap</c>, with <see cref="OrderSubscriber"/> and <see cref="OrderListener"/> registered, and in
        /// memory what a storage package and a transport package would add: the store and the broker.
        /// </summary>
        private sealed class TestCap : IDisposable
        {
            private readonly ServiceProvider _provider;
            private readonly CancellationTokenSource _stopping = new();

            public TestCap()
            {
                var services = new ServiceCollection();
                services.AddLogging();
                services.AddCap(_ => { });
                services.AddSingleton<IDataStorage>(Storage);
                services.AddSingleton<ITransport>(Broker);
                services.AddTransient<OrderSubscriber>();
                services.AddTransient<OrderListener>();
                _provider = services.BuildServiceProvider();
            }

            public RecordingStorage Storage { get; } = new();

            public RecordingBroker Broker { get; } = new();

            public IServiceProvider Services => _provider;

            public ICapPublisher Publisher => _provider.GetRequiredService<ICapPublisher>();

            /// <summary>
            /// Starts CAP's dispatcher, as CAP's bootstrapper does when the host starts: until then a publish is stored
            /// but not sent.
            /// </summary>
            public ValueTask StartDispatcherAsync() => _provider.GetRequiredService<IDispatcher>().StartAsync(_stopping.Token);

            /// <summary>
            /// What the storage packages' <c>BeginTransaction(publisher)</c> does: it begins a database transaction and
            /// sets it, in the package's <see cref="CapTransactionBase"/>, as the publisher's transaction. Not async, as
            /// theirs is not, so that the setting (kept in an <c>AsyncLocal</c>) reaches the caller.
            /// </summary>
            public ICapTransaction BeginTransaction()
            {
                var transaction = ActivatorUtilities.CreateInstance<DatabaseCapTransaction>(_provider);
                // CAP only asks that it is set, and hands it to the store with every message published in it.
                transaction.DbTransaction = new object();
                Publisher.Transaction = transaction;
                return transaction;
            }

            /// <summary>
            /// Runs the subscriber of <paramref name="topic"/> as CAP does once its consumer has received a message and
            /// stored it: the executor runs the method, records the outcome in the store and counts the failures.
            /// </summary>
            public async Task<MediumMessage> ReceiveAsync(string topic, Order order)
            {
                var subscriber = _provider.GetRequiredService<IConsumerServiceSelector>().SelectCandidates().Single(candidate => candidate.TopicName == topic);
                var headers = new Dictionary<string, string?>
                {
                    [Headers.MessageId] = order.OrderId.ToString(),
                    [Headers.MessageName] = topic,
                    [Headers.Group] = subscriber.Attribute.Group,
                };
                var message = new MediumMessage { DbId = order.OrderId.ToString(), Origin = new Message(headers, order), Added = DateTime.Now };
                await _provider.GetRequiredService<ISubscribeExecutor>().ExecuteAsync(message, subscriber);
                return message;
            }

            public void Dispose()
            {
                _stopping.Cancel();
                _provider.Dispose();
                _stopping.Dispose();
            }
        }

        /// <summary>A storage package's transaction: commit the database transaction, then send what was published in it.</summary>
        private sealed class DatabaseCapTransaction : CapTransactionBase
        {
            public DatabaseCapTransaction(IDispatcher dispatcher)
                : base(dispatcher)
            {
            }

            public override Task CommitAsync(CancellationToken cancellationToken = default) => FlushAsync();

            // A rollback only rolls the database back: what was published in it is not sent.
            public override Task RollbackAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

            public override void Commit() => throw new NotSupportedException();

            public override void Rollback() => throw new NotSupportedException();
        }

        /// <summary>The store a storage package adds, reduced to recording what CAP writes to it.</summary>
        private sealed class RecordingStorage : IDataStorage
        {
            private readonly ConcurrentQueue<(string Name, StatusName State)> _received = new();

            public ConcurrentQueue<(string Name, object? Transaction)> Stored { get; } = new();

            public StatusName[] ReceivedStates(string name) => _received.Where(received => received.Name == name).Select(received => received.State).ToArray();

            public Task<MediumMessage> StoreMessageAsync(string name, Message content, object? transaction = null)
            {
                Stored.Enqueue((name, transaction));
                return Task.FromResult(new MediumMessage { DbId = content.GetId(), Origin = content, Added = DateTime.Now });
            }

            // CAP's sender marks here a published message sent.
            public Task ChangePublishStateAsync(MediumMessage message, StatusName state, object? transaction = null) => Task.CompletedTask;

            public Task ChangeReceiveStateAsync(MediumMessage message, StatusName state)
            {
                _received.Enqueue((message.Origin.GetName(), state));
                return Task.CompletedTask;
            }

            public Task<bool> AcquireLockAsync(string key, TimeSpan ttl, string instance, CancellationToken token = default) => throw new NotSupportedException();

            public Task ReleaseLockAsync(string key, string instance, CancellationToken token = default) => throw new NotSupportedException();

            public Task RenewLockAsync(string key, TimeSpan ttl, string instance, CancellationToken token = default) => throw new NotSupportedException();

            public Task ChangePublishStateToDelayedAsync(string[] ids) => throw new NotSupportedException();

            public Task StoreReceivedExceptionMessageAsync(string name, string group, string content) => throw new NotSupportedException();

            public Task<MediumMessage> StoreReceivedMessageAsync(string name, string group, Message content) => throw new NotSupportedException();

            public Task<int> DeleteExpiresAsync(string table, DateTime timeout, int batchCount = 1000, CancellationToken token = default) => throw new NotSupportedException();

            public Task<IEnumerable<MediumMessage>> GetPublishedMessagesOfNeedRetry(TimeSpan lookbackSeconds) => throw new NotSupportedException();

            public Task ScheduleMessagesOfDelayedAsync(Func<object, IEnumerable<MediumMessage>, Task> scheduleTask, CancellationToken token = default) => throw new NotSupportedException();

            public Task<IEnumerable<MediumMessage>> GetReceivedMessagesOfNeedRetry(TimeSpan lookbackSeconds) => throw new NotSupportedException();

            public Task<int> DeleteReceivedMessageAsync(long id) => throw new NotSupportedException();

            public Task<int> DeletePublishedMessageAsync(long id) => throw new NotSupportedException();

            public IMonitoringApi GetMonitoringApi() => throw new NotSupportedException();
        }

        /// <summary>The broker a transport package sends to, reduced to recording the names of the messages sent.</summary>
        private sealed class RecordingBroker : ITransport
        {
            public ConcurrentQueue<string> Sent { get; } = new();

            public BrokerAddress BrokerAddress => new("InMemory", null);

            public Task<OperateResult> SendAsync(TransportMessage message)
            {
                Sent.Enqueue(message.GetName());
                return Task.FromResult(OperateResult.Success);
            }
        }
    }
}
