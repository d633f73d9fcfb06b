using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime.Serialization;
using Wolverine.Tracking;
using static QueueLint.Runtime.Tests.PayloadShapes;
using Envelope = Wolverine.Envelope;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0009: what WolverineFx 6 does with a message type that does not round-trip when the message goes to a local
    /// queue, the routing Wolverine gives by default to a message this application handles.
    /// <list type="bullet">
    /// <item>A default local queue (buffered in memory, not durable) never serializes: the handler gets the very
    /// instance that was published. Every shape arrives whole, even those System.Text.Json cannot write or read (a
    /// reference loop, a delegate, a stream, a <see cref="CancellationTokenSource"/>, a <see cref="Task"/>, a private
    /// constructor, an interface) and the values a serializer would drop (a private setter, a get-only list).</item>
    /// <item>A durable local queue (<c>UseDurableInbox()</c>, or <c>opts.Policies.UseDurableLocalQueues()</c>)
    /// serializes the message with the endpoint's serializer inside <c>SendAsync</c>/<c>PublishAsync</c>, to store it
    /// in the inbox: a shape System.Text.Json cannot write makes the send throw a
    /// <see cref="WolverineSerializationException"/> and nothing is handled. The handler still gets the published
    /// instance, not the stored bytes: a shape that would not be read back, or would lose a value, arrives whole on
    /// this delivery, and is at risk only when the message is recovered from the store (after a restart), where
    /// Wolverine reads the bytes with the same serializer (shown here with that serializer, on the bytes the queue
    /// wrote).</item>
    /// </list>
    /// The host has no message store (no database can run here), so the durable queue stores into Wolverine's
    /// <c>NullMessageStore</c>; the serializing step shown is the queue's own (<c>DurableLocalQueue.StoreAndForwardAsync</c>
    /// writes <c>Envelope.Data</c> before it calls the store), so it is the same with a database.
    /// </summary>
    public sealed class WolverineLocalPayloadRuntimeTests : IClassFixture<WolverineLocalPayloadRuntimeTests.Host>
    {
        private const string DurableQueue = "durable-payloads";
        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
        private readonly Host _host;

        public WolverineLocalPayloadRuntimeTests(Host host) => _host = host;

        // A handled message with no routing rule goes to a local queue that is buffered in memory.
        [Fact]
        public async Task A_handled_message_goes_by_default_to_a_local_queue_that_hands_over_the_published_instance()
        {
            var order = new PrivateSetter();
            order.Add(5);
            var expect = _host.Inbox.Expect<PrivateSetter>();

            await _host.Bus.PublishAsync(order);
            var (received, envelope) = await expect(s_timeout);

            Assert.Same(order, received);
            Assert.Equal(5, received.Total);
            Assert.Equal("local", envelope.Destination!.Scheme);
            Assert.Equal(EndpointMode.BufferedInMemory, _host.Runtime.Endpoints.EndpointFor(envelope.Destination)!.Mode);
        }

        // Not one of the shapes QL0009 judges is serialized on its way: each arrives as the instance sent.
        [Fact]
        public async Task Every_payload_shape_reaches_a_default_local_queue_handler_as_the_same_instance()
        {
            var counter = new GetOnly(7);
            counter.Items.Add(1);
            using var cancellation = new CancellationTokenSource();
            var messages = new object[]
            {
                PrivateConstructorOnly.Create("a-1"),
                new TwoConstructors("a", 2),
                counter,
                new Drawing { Shape = new Circle { Radius = 2 } },
                new Pet { Animal = new Dog { Name = "Rex", Good = true } },
                new PayloadShapes.Envelope { Body = new Point { X = 3 } },
                Parent.WithOneChild(),
                new WithCallback { Callback = () => 42 },
                new WithAction { OnDone = () => { } },
                new WithStream { Content = new MemoryStream(new byte[] { 1, 2, 3 }) },
                new WithCancellation { Cancellation = cancellation },
                new WithTask { Pending = Task.FromResult(1) },
                new WithFields("code") { Count = 4 },
                new ReadonlyFieldByConstructor("code"),
            };

            foreach (var message in messages)
            {
                var expect = _host.Inbox.Expect(message.GetType());

                await _host.Bus.PublishAsync(message);

                Assert.Same(message, (await expect(s_timeout)).Message);
            }

            Assert.Equal(7, ((GetOnly)messages[2]).Count);
            Assert.Equal(new[] { 1 }, ((GetOnly)messages[2]).Items);
        }

        // The queue writes the body to store it in the inbox, inside SendAsync: the caller gets the exception.
        [Fact]
        public async Task A_durable_local_queue_makes_SendAsync_throw_for_a_shape_System_Text_Json_cannot_write()
        {
            using var cancellation = new CancellationTokenSource();
            var destination = _host.Bus.EndpointFor(DurableQueue);
            var types = new[] { typeof(Parent), typeof(WithCallback), typeof(WithAction), typeof(WithStream), typeof(WithCancellation) };
            foreach (var type in types)
            {
                _host.Inbox.Expect(type);
            }

            var loop = await Assert.ThrowsAsync<WolverineSerializationException>(() => destination.SendAsync(Parent.WithOneChild()).AsTask());
            var callback = await Assert.ThrowsAsync<WolverineSerializationException>(() => destination.SendAsync(new WithCallback { Callback = () => 42 }).AsTask());
            var action = await Assert.ThrowsAsync<WolverineSerializationException>(() => destination.SendAsync(new WithAction { OnDone = () => { } }).AsTask());
            var stream = await Assert.ThrowsAsync<WolverineSerializationException>(() => destination.SendAsync(new WithStream { Content = new MemoryStream(new byte[] { 1 }) }).AsTask());
            var token = await Assert.ThrowsAsync<WolverineSerializationException>(() => destination.SendAsync(new WithCancellation { Cancellation = cancellation }).AsTask());

            Assert.Equal(
                "Error trying to serialize message of type QueueLint.Runtime.Tests.PayloadShapes.Parent with serializer Wolverine.Runtime.Serialization.SystemTextJsonSerializer",
                loop.Message);
            Assert.StartsWith("A possible object cycle was detected.", Assert.IsType<JsonException>(loop.InnerException).Message);
            Assert.StartsWith("Serialization and deserialization of 'System.Func`1[[System.Int32,", Assert.IsType<NotSupportedException>(callback.InnerException).Message);
            Assert.Equal("Serialization and deserialization of 'System.Action' instances is not supported. Path: $.OnDone.", Assert.IsType<NotSupportedException>(action.InnerException).Message);
            Assert.Equal("Timeouts are not supported on this stream.", Assert.IsType<InvalidOperationException>(stream.InnerException).Message);
            Assert.Equal(
                "Serialization and deserialization of 'System.IntPtr' instances is not supported. Path: $.Cancellation.Token.WaitHandle.Handle.",
                Assert.IsType<NotSupportedException>(token.InnerException).Message);

            await Task.Delay(300);
            Assert.All(types, type => Assert.False(_host.Inbox.Received(type), type.Name + " was handled although its send threw"));
        }

        // The body is written (and is what the store would keep), but the handler is given the published instance.
        [Fact]
        public async Task A_durable_local_queue_still_hands_the_handler_the_published_instance()
        {
            var order = new PrivateSetter();
            order.Add(5);
            var expectOrder = _host.Inbox.Expect<PrivateSetter>();
            var expectOnly = _host.Inbox.Expect<PrivateConstructorOnly>();
            var only = PrivateConstructorOnly.Create("a-1");

            await _host.Bus.EndpointFor(DurableQueue).SendAsync(order);
            await _host.Bus.EndpointFor(DurableQueue).SendAsync(only);
            var (receivedOrder, orderEnvelope) = await expectOrder(s_timeout);
            var (receivedOnly, onlyEnvelope) = await expectOnly(s_timeout);

            Assert.Same(order, receivedOrder);
            Assert.Same(only, receivedOnly);
            Assert.IsType<NullMessageStore>(_host.Runtime.Storage);
            Assert.Equal(EndpointMode.Durable, _host.Runtime.Endpoints.EndpointFor(orderEnvelope.Destination!)!.Mode);
            Assert.Equal("application/json", orderEnvelope.ContentType);
            Assert.Equal("{\"total\":5}", Encoding.UTF8.GetString(orderEnvelope.Data!));

            // What the same serializer reads from those bytes, as it does for a message recovered from the store.
            var serializer = _host.Runtime.Options.DefaultSerializer;
            Assert.Equal(0, Assert.IsType<PrivateSetter>(serializer.ReadFromData(typeof(PrivateSetter), orderEnvelope)).Total);
            var unreadable = Assert.Throws<NotSupportedException>(() => serializer.ReadFromData(typeof(PrivateConstructorOnly), onlyEnvelope));
            Assert.StartsWith("Deserialization of types without a parameterless constructor", unreadable.Message);
        }

        /// <summary>
        /// One Wolverine host for the class: <see cref="WolverinePayloadHandler"/> for every shape, no routing rule (so
        /// local queues), and one more local queue made durable, with no message store.
        /// </summary>
        public sealed class Host : IAsyncLifetime
        {
            private IHost? _host;
            private IServiceScope? _scope;

            public IMessageBus Bus => _scope!.ServiceProvider.GetRequiredService<IMessageBus>();

            public WolverinePayloadInbox Inbox => _host!.Services.GetRequiredService<WolverinePayloadInbox>();

            public Wolverine.Runtime.WolverineRuntime Runtime => _host!.GetRuntime();

            public async Task InitializeAsync()
            {
                var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<WolverinePayloadInbox>();
                builder.UseWolverine(opts =>
                {
                    opts.Discovery.DisableConventionalDiscovery().IncludeType<WolverinePayloadHandler>();
                    opts.LocalQueue(DurableQueue).UseDurableInbox();
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
