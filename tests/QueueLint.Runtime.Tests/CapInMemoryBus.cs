using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using DotNetCore.CAP;
using DotNetCore.CAP.Internal;
using DotNetCore.CAP.Messages;
using DotNetCore.CAP.Monitoring;
using DotNetCore.CAP.Persistence;
using DotNetCore.CAP.Serialization;
using DotNetCore.CAP.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// What a CAP storage package and a CAP transport package add to <c>AddCap</c>, kept in memory, doing with CAP's
    /// <see cref="ISerializer"/> what the real packages do with it: everything else (publisher, dispatcher, sender,
    /// consumer register, executor, invoker, serializer) is CAP's own.
    /// <list type="bullet">
    /// <item>The store writes each message as the text of <c>ISerializer.Serialize(message)</c>, as the SQL packages
    /// (PostgreSQL, SQL Server, MySQL…) and CAP's InMemoryStorage do in <c>StoreMessageAsync</c> and
    /// <c>StoreReceivedMessageAsync</c>: the publish waits on it.</item>
    /// <item>The broker carries only what CAP's sender hands its transport: the headers and the body bytes of the
    /// <see cref="TransportMessage"/> (from <c>ISerializer.SerializeAsync</c>), copied; each consumer client adds its
    /// group to the headers, as the RabbitMQ client does, and hands a new <see cref="TransportMessage"/> to CAP's
    /// consumer register, which reads the body back with <c>ISerializer.DeserializeAsync</c>.</item>
    /// </list>
    /// Register with <c>options.RegisterExtension(new CapInMemoryBus())</c> inside <c>AddCap</c>, as
    /// <c>UsePostgreSql</c> and <c>UseRabbitMQ</c> do.
    /// </summary>
    public sealed class CapInMemoryBus : ICapOptionsExtension
    {
        public void AddServices(IServiceCollection services)
        {
            services.AddSingleton(new CapStorageMarkerService("InMemory"));
            services.AddSingleton(new CapMessageQueueMakerService("InMemory"));
            services.AddSingleton<Store>();
            services.AddSingleton<IDataStorage>(provider => provider.GetRequiredService<Store>());
            services.AddSingleton<IStorageInitializer, StoreInitializer>();
            services.AddSingleton<Broker>();
            services.AddSingleton<ITransport>(provider => provider.GetRequiredService<Broker>());
            services.AddSingleton<IConsumerClientFactory>(provider => provider.GetRequiredService<Broker>());
        }

        /// <summary>A row of the published or the received table: the message's name, its group and its stored text.</summary>
        public sealed record Row(string Name, string? Group, string Content);

        /// <summary>A message as the broker carried it: its headers and its body as text.</summary>
        public sealed record Carried(IReadOnlyDictionary<string, string?> Headers, string Body);

        /// <summary>The store, reduced to rows of text written with CAP's serializer.</summary>
        public sealed class Store : IDataStorage
        {
            private readonly ISerializer _serializer;
            private readonly ISnowflakeId _ids;

            public Store(ISerializer serializer, ISnowflakeId ids)
            {
                _serializer = serializer;
                _ids = ids;
            }

            public ConcurrentQueue<Row> Published { get; } = new();

            public ConcurrentQueue<Row> Received { get; } = new();

            /// <summary>What the consumer register stores when it cannot read a message: a failed row, never retried.</summary>
            public ConcurrentQueue<Row> ReceivedExceptions { get; } = new();

            public Task<MediumMessage> StoreMessageAsync(string name, Message content, object? transaction = null)
            {
                // As the storage packages do: the text is made before the row is written, inside PublishAsync.
                var text = _serializer.Serialize(content);
                Published.Enqueue(new Row(name, null, text));
                return Task.FromResult(new MediumMessage { DbId = content.GetId(), Origin = content, Content = text, Added = DateTime.Now });
            }

            public Task StoreReceivedExceptionMessageAsync(string name, string group, string content)
            {
                ReceivedExceptions.Enqueue(new Row(name, group, content));
                return Task.CompletedTask;
            }

            public Task<MediumMessage> StoreReceivedMessageAsync(string name, string group, Message content)
            {
                var message = new MediumMessage { DbId = _ids.NextId().ToString(), Origin = content, Added = DateTime.Now };
                Received.Enqueue(new Row(name, group, _serializer.Serialize(content)));
                return Task.FromResult(message);
            }

            public Task ChangePublishStateAsync(MediumMessage message, StatusName state, object? transaction = null) => Task.CompletedTask;

            public Task ChangeReceiveStateAsync(MediumMessage message, StatusName state) => Task.CompletedTask;

            public Task ChangePublishStateToDelayedAsync(string[] ids) => Task.CompletedTask;

            public Task<bool> AcquireLockAsync(string key, TimeSpan ttl, string instance, CancellationToken token = default) => Task.FromResult(true);

            public Task ReleaseLockAsync(string key, string instance, CancellationToken token = default) => Task.CompletedTask;

            public Task RenewLockAsync(string key, TimeSpan ttl, string instance, CancellationToken token = default) => Task.CompletedTask;

            public Task<int> DeleteExpiresAsync(string table, DateTime timeout, int batchCount = 1000, CancellationToken token = default) => Task.FromResult(0);

            public Task<IEnumerable<MediumMessage>> GetPublishedMessagesOfNeedRetry(TimeSpan lookbackSeconds) => Task.FromResult(Enumerable.Empty<MediumMessage>());

            public Task<IEnumerable<MediumMessage>> GetReceivedMessagesOfNeedRetry(TimeSpan lookbackSeconds) => Task.FromResult(Enumerable.Empty<MediumMessage>());

            public Task ScheduleMessagesOfDelayedAsync(Func<object, IEnumerable<MediumMessage>, Task> scheduleTask, CancellationToken token = default) =>
                scheduleTask(new object(), Enumerable.Empty<MediumMessage>());

            public Task<int> DeleteReceivedMessageAsync(long id) => Task.FromResult(0);

            public Task<int> DeletePublishedMessageAsync(long id) => Task.FromResult(0);

            public IMonitoringApi GetMonitoringApi() => throw new NotSupportedException("the dashboard is not used");
        }

        private sealed class StoreInitializer : IStorageInitializer
        {
            public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public string GetPublishedTableName() => "published";

            public string GetReceivedTableName() => "received";

            public string GetLockTableName() => "lock";
        }

        /// <summary>The broker: routes each message by its name to the groups subscribed to it.</summary>
        public sealed class Broker : ITransport, IConsumerClientFactory
        {
            private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Client>> _subscribers = new();

            /// <summary>What was sent, by message name.</summary>
            public ConcurrentDictionary<string, Carried> Sent { get; } = new();

            public BrokerAddress BrokerAddress => new("InMemory", "memory");

            /// <summary>The names of the messages CAP acknowledged to the broker (done with: not delivered again).</summary>
            public ConcurrentQueue<string> Committed { get; } = new();

            /// <summary>The names of the messages CAP handed back to the broker (to be delivered again).</summary>
            public ConcurrentQueue<string> Rejected { get; } = new();

            /// <summary>The message names some consumer client has subscribed to.</summary>
            public IEnumerable<string> Topics => _subscribers.Keys;

            public Task<OperateResult> SendAsync(TransportMessage message)
            {
                var body = message.Body.ToArray();
                Sent[message.GetName()] = new Carried(new Dictionary<string, string?>(message.Headers), Encoding.UTF8.GetString(body));
                if (_subscribers.TryGetValue(message.GetName(), out var groups))
                {
                    foreach (var (group, client) in groups)
                    {
                        var headers = new Dictionary<string, string?>(message.Headers) { [Headers.Group] = group };
                        client.Deliver(new TransportMessage(headers, body.ToArray()));
                    }
                }

                return Task.FromResult(OperateResult.Success);
            }

            public Task<IConsumerClient> CreateAsync(string groupName, byte groupConcurrent) => Task.FromResult<IConsumerClient>(new Client(this, groupName));

            private void Subscribe(string group, IEnumerable<string> topics, Client client)
            {
                foreach (var topic in topics)
                {
                    _subscribers.GetOrAdd(topic, _ => new ConcurrentDictionary<string, Client>())[group] = client;
                }
            }

            /// <summary>A consumer client of one group: hands each message to CAP's callback, one at a time.</summary>
            private sealed class Client : IConsumerClient
            {
                private readonly Broker _broker;
                private readonly string _group;
                private readonly Channel<TransportMessage> _inbox = Channel.CreateUnbounded<TransportMessage>();

                public Client(Broker broker, string group)
                {
                    _broker = broker;
                    _group = group;
                }

                public BrokerAddress BrokerAddress => _broker.BrokerAddress;

                public Func<TransportMessage, object?, Task>? OnMessageCallback { get; set; }

                public Action<LogMessageEventArgs>? OnLogCallback { get; set; }

                public void Deliver(TransportMessage message) => _inbox.Writer.TryWrite(message);

                public Task SubscribeAsync(IEnumerable<string> topics)
                {
                    _broker.Subscribe(_group, topics, this);
                    return Task.CompletedTask;
                }

                public async Task ListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
                {
                    // The message's name stands for the delivery tag a broker's client would hand over.
                    await foreach (var message in _inbox.Reader.ReadAllAsync(cancellationToken))
                    {
                        await OnMessageCallback!(message, message.GetName());
                    }
                }

                public Task CommitAsync(object? sender)
                {
                    _broker.Committed.Enqueue((string)sender!);
                    return Task.CompletedTask;
                }

                public Task RejectAsync(object? sender)
                {
                    _broker.Rejected.Enqueue((string)sender!);
                    return Task.CompletedTask;
                }

                public ValueTask DisposeAsync() => ValueTask.CompletedTask;
            }
        }
    }
}
