using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Rebus.Activation;
using Rebus.Bus;
using Rebus.Config;
using Rebus.Messages;
using Rebus.Transport.InMem;
using static QueueLint.Runtime.Tests.PayloadShapes;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0009: what Rebus 8's default serializer does to a message whose type does not round-trip, when the
    /// application configures no serializer. That default is System.Text.Json (Rebus's internal
    /// <c>SystemTextJsonSerializer</c>, content type <c>application/json;charset=utf-8</c>) with options that only
    /// allow trailing commas and skip comments: property names as declared (no camelCase), no type names, no
    /// reference handling, no fields. The message's type goes in the <c>rbs2-msg-type</c> header and the body is read
    /// back as that type.
    /// <para>
    /// The in-memory transport really serializes: it keeps the <see cref="TransportMessage"/> (headers and body
    /// bytes), and the handler gets a message deserialized from those bytes.
    /// <see cref="A_private_setter_is_lost_although_the_body_carries_the_value"/> shows it: the value is in the
    /// body, not in the message.
    /// </para>
    /// <list type="bullet">
    /// <item>Fails when received (the body cannot be read: five attempts, then the <c>error</c> queue; the handler
    /// never runs): no public constructor System.Text.Json can use, an interface or abstract property type, a readonly
    /// field bound by the constructor.</item>
    /// <item>Fails at send (the serializer's exception comes out of <c>SendLocal</c>, nothing is queued): a reference
    /// loop, a delegate, a stream, a <see cref="CancellationTokenSource"/>.</item>
    /// <item>Lost silently: a private setter, a get-only property (even a list), public fields; an <c>object</c>
    /// property comes back as a <see cref="JsonElement"/>.</item>
    /// </list>
    /// </summary>
    public sealed class RebusPayloadRuntimeTests
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

        // System.Text.Json uses public constructors only: a private parameterless one is not enough.
        [Fact]
        public async Task A_type_whose_only_parameterless_constructor_is_private_fails_when_received()
        {
            using var bus = new TestBus<PrivateConstructorOnly>();

            var details = await bus.SendAndFail(PrivateConstructorOnly.Create("a-1"));

            Assert.Contains(
                "System.FormatException: Could not deserialize JSON text: '{\"Name\":\"a-1\"}'" + Environment.NewLine
                + " ---> System.NotSupportedException: Deserialization of types without a parameterless constructor, a singular parameterized constructor, or a parameterized constructor annotated with 'JsonConstructorAttribute' is not supported. Type '"
                + typeof(PrivateConstructorOnly).FullName + "'.",
                details);
        }

        // With a public constructor that takes parameters, that one is used and the rest set through setters.
        [Fact]
        public async Task A_private_parameterless_constructor_next_to_a_public_one_with_parameters_survives()
        {
            using var bus = new TestBus<PrivateAndPublicConstructor>();

            var (received, _) = await bus.SendAndReceive(new PrivateAndPublicConstructor("b-2") { Quantity = 5 });

            Assert.Equal("b-2", received.Name);
            Assert.Equal(5, received.Quantity);
        }

        // Two public constructors with parameters and none without: System.Text.Json cannot choose.
        [Fact]
        public async Task Two_public_constructors_with_parameters_fail_when_received()
        {
            using var bus = new TestBus<TwoConstructors>();

            var details = await bus.SendAndFail(new TwoConstructors("a", 2));

            Assert.Contains(
                " ---> System.NotSupportedException: Deserialization of types without a parameterless constructor, a singular parameterized constructor, or a parameterized constructor annotated with 'JsonConstructorAttribute' is not supported. Type '"
                + typeof(TwoConstructors).FullName + "'.",
                details);
        }

        // The public getter writes the value into the JSON; the private setter is not used when reading.
        [Fact]
        public async Task A_private_setter_is_lost_although_the_body_carries_the_value()
        {
            using var bus = new TestBus<PrivateSetter>();
            var order = new PrivateSetter();
            order.Add(5);

            var (received, delivery) = await bus.SendAndReceive(order);

            Assert.Equal(0, received.Total);
            Assert.Equal("application/json;charset=utf-8", delivery.ContentType);
            Assert.Equal("{\"Total\":5}", delivery.Body);
            Assert.NotSame(order, received);
        }

        // The parameterless constructor is used and System.Text.Json does not set get-only properties: the int is
        // lost, and so is the list (it is not populated in place).
        [Fact]
        public async Task A_get_only_int_and_a_get_only_list_are_lost()
        {
            using var bus = new TestBus<GetOnly>();
            var counter = new GetOnly(7);
            counter.Items.Add(1);
            counter.Items.Add(2);

            var (received, delivery) = await bus.SendAndReceive(counter);

            Assert.Equal(0, received.Count);
            Assert.Empty(received.Items);
            Assert.Equal("{\"Count\":7,\"Items\":[1,2]}", delivery.Body);
        }

        // Written by its declared type (only the interface's members), and an interface cannot be created.
        [Fact]
        public async Task An_interface_typed_property_fails_when_received()
        {
            using var bus = new TestBus<Drawing>();

            var details = await bus.SendAndFail(new Drawing { Shape = new Circle { Radius = 2 } });

            Assert.Contains(
                "System.FormatException: Could not deserialize JSON text: '{\"Shape\":{\"Kind\":\"circle\"}}'" + Environment.NewLine
                + " ---> System.NotSupportedException: Deserialization of interface or abstract types is not supported. Type '" + typeof(IShape).FullName + "'. Path: $.Shape",
                details);
        }

        // Same for an abstract class: the derived class's members are not even written.
        [Fact]
        public async Task An_abstract_class_typed_property_fails_when_received()
        {
            using var bus = new TestBus<Pet>();

            var details = await bus.SendAndFail(new Pet { Animal = new Dog { Name = "Rex", Good = true } });

            Assert.Contains(
                "System.FormatException: Could not deserialize JSON text: '{\"Animal\":{\"Name\":\"Rex\"}}'" + Environment.NewLine
                + " ---> System.NotSupportedException: Deserialization of interface or abstract types is not supported. Type '" + typeof(Animal).FullName + "'. Path: $.Animal",
                details);
        }

        // An object-typed property holding a DTO comes back as a JsonElement.
        [Fact]
        public async Task An_object_typed_property_comes_back_as_a_JsonElement()
        {
            using var bus = new TestBus<Envelope>();

            var (received, _) = await bus.SendAndReceive(new Envelope { Body = new Point { X = 3 } });

            var body = Assert.IsType<JsonElement>(received.Body);
            Assert.Equal(3, body.GetProperty("X").GetInt32());
        }

        // The loop is found while the message is serialized, inside SendLocal: the caller gets the exception.
        [Fact]
        public async Task A_back_reference_makes_SendLocal_throw()
        {
            using var bus = new TestBus<Parent>();

            var error = await Assert.ThrowsAsync<JsonException>(() => bus.Bus.SendLocal(Parent.WithOneChild()));

            Assert.StartsWith("A possible object cycle was detected.", error.Message);
            Assert.Equal(0, bus.Queued);
        }

        // System.Text.Json refuses delegates outright, inside SendLocal.
        [Fact]
        public async Task A_delegate_typed_property_makes_SendLocal_throw()
        {
            using var bus = new TestBus<WithCallback>();

            var error = await Assert.ThrowsAsync<NotSupportedException>(() => bus.Bus.SendLocal(new WithCallback { Callback = () => 42 }));

            Assert.StartsWith("Serialization and deserialization of 'System.Func`1[[System.Int32,", error.Message);
            Assert.EndsWith("Path: $.Callback.", error.Message);
            Assert.Equal(0, bus.Queued);
        }

        // A Stream is written as an object: reading MemoryStream.ReadTimeout throws inside SendLocal.
        [Fact]
        public async Task A_stream_typed_property_makes_SendLocal_throw()
        {
            using var bus = new TestBus<WithStream>();

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bus.Bus.SendLocal(new WithStream { Content = new MemoryStream(new byte[] { 1, 2, 3 }) }));

            Assert.Equal("Timeouts are not supported on this stream.", error.Message);
            Assert.Equal(0, bus.Queued);
        }

        // Written as an object down to its token's wait handle, whose IntPtr System.Text.Json refuses.
        [Fact]
        public async Task A_CancellationTokenSource_makes_SendLocal_throw()
        {
            using var bus = new TestBus<WithCancellation>();
            using var source = new CancellationTokenSource();

            var error = await Assert.ThrowsAsync<NotSupportedException>(() => bus.Bus.SendLocal(new WithCancellation { Cancellation = source }));

            Assert.Equal("Serialization and deserialization of 'System.IntPtr' instances is not supported. Path: $.Cancellation.Token.WaitHandle.Handle.", error.Message);
            Assert.Equal(0, bus.Queued);
        }

        // Base64 in the JSON: it arrives.
        [Fact]
        public async Task A_byte_array_survives()
        {
            using var bus = new TestBus<WithBytes>();

            var (received, delivery) = await bus.SendAndReceive(new WithBytes { Data = new byte[] { 1, 2, 3 } });

            Assert.Equal(new byte[] { 1, 2, 3 }, received.Data);
            Assert.Equal("{\"Data\":\"AQID\"}", delivery.Body);
        }

        // A positional record is read through its primary constructor.
        [Fact]
        public async Task A_record_survives()
        {
            var at = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            using var bus = new TestBus<Receipt>();

            var (received, _) = await bus.SendAndReceive(new Receipt(12.5m, at));

            Assert.Equal(new Receipt(12.5m, at), received);
            Assert.Equal(DateTimeKind.Utc, received.At.Kind);
        }

        // Rebus's options leave IncludeFields off: public fields are not even written.
        [Fact]
        public async Task Public_fields_are_lost_and_are_not_written()
        {
            using var bus = new TestBus<WithFields>();

            var (received, delivery) = await bus.SendAndReceive(new WithFields("code") { Count = 4 });

            Assert.Equal(0, received.Count);
            Assert.Null(received.Code);
            Assert.Equal("{}", delivery.Body);
        }

        // A constructor parameter must bind to a property (fields do not count): the readonly field's type fails.
        [Fact]
        public async Task A_readonly_field_set_by_the_only_constructor_fails_when_received()
        {
            using var bus = new TestBus<ReadonlyFieldByConstructor>();

            var details = await bus.SendAndFail(new ReadonlyFieldByConstructor("code"));

            Assert.Contains(
                "System.FormatException: Could not deserialize JSON text: '{}'" + Environment.NewLine
                + " ---> System.InvalidOperationException: Each parameter in the deserialization constructor on type '" + typeof(ReadonlyFieldByConstructor).FullName
                + "' must bind to an object property or field on deserialization.",
                details);
            Assert.Contains("Fields are only considered when 'JsonSerializerOptions.IncludeFields' is enabled.", details);
        }

        /// <summary>What the handler got: the message, and the body and content type it was read from.</summary>
        public sealed record Delivery(object Message, string Body, string? ContentType);

        /// <summary>
        /// A bus on its own in-memory network, configured with nothing but the transport (so the default serializer),
        /// with one handler of <typeparamref name="T"/> that records what it got.
        /// </summary>
        private sealed class TestBus<T> : IDisposable
            where T : class
        {
            private const string Queue = "payloads";
            private readonly BuiltinHandlerActivator _activator = new();
            private readonly InMemNetwork _network = new();
            private readonly TaskCompletionSource<Delivery> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public TestBus()
            {
                _activator.Handle<T>((_, context, message) =>
                {
                    var transportMessage = context.TransportMessage;
                    transportMessage.Headers.TryGetValue(Headers.ContentType, out var contentType);
                    _received.TrySetResult(new Delivery(message, Encoding.UTF8.GetString(transportMessage.Body), contentType));
                    return Task.CompletedTask;
                });
                Bus = Configure.With(_activator)
                    .Logging(l => l.None())
                    .Transport(t => t.UseInMemoryTransport(_network, Queue))
                    .Start();
            }

            public IBus Bus { get; }

            /// <summary>How many messages wait in the input queue.</summary>
            public int Queued => _network.GetCount(Queue);

            /// <summary>Sends the message to the bus's own queue and returns what the handler got.</summary>
            public async Task<(T Message, Delivery Delivery)> SendAndReceive(T message)
            {
                await Bus.SendLocal(message);
                var delivery = await _received.Task.WaitAsync(s_timeout);
                return (Assert.IsAssignableFrom<T>(delivery.Message), delivery);
            }

            /// <summary>
            /// Sends the message and waits for it in the <c>error</c> queue, where Rebus moves it after five failed
            /// attempts; the handler must not have run. Returns the error details Rebus wrote in its headers.
            /// </summary>
            public async Task<string> SendAndFail(T message)
            {
                await Bus.SendLocal(message);
                var deadline = DateTime.UtcNow + s_timeout;
                InMemTransportMessage? failed;
                while ((failed = _network.GetNextOrNull("error")) is null)
                {
                    Assert.True(DateTime.UtcNow < deadline, "nothing reached the error queue");
                    await Task.Delay(20);
                }

                Assert.False(_received.Task.IsCompleted, "the handler ran");
                var details = failed.Headers[Headers.ErrorDetails];
                Assert.StartsWith("5 unhandled exceptions: ", details);
                return details;
            }

            public void Dispose() => _activator.Dispose();
        }
    }
}
