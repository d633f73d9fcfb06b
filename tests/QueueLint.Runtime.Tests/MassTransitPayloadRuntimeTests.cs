using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static QueueLint.Runtime.Tests.PayloadShapes;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0009: what MassTransit 8's default serializer (System.Text.Json, <c>application/vnd.masstransit+json</c>)
    /// does to a message whose type does not round-trip, on the test harness's in-memory transport.
    /// <para>
    /// The in-memory transport really serializes: its send transport stores <c>SendContext.Body.GetBytes()</c> (the
    /// JSON envelope) in the transport message, and the receive side hands the consumer a message deserialized from
    /// those bytes. <see cref="A_private_setter_is_lost_although_the_body_carries_the_value"/> shows it: the value is
    /// in the body, not in the message.
    /// </para>
    /// <list type="bullet">
    /// <item>Fails when consumed (a <see cref="ReceiveFault"/> is published, the consumer never runs): no public
    /// constructor System.Text.Json can use (a <see cref="Task"/> among them), an abstract property type, a readonly
    /// field bound by the constructor, an <see cref="IServiceProvider"/>.</item>
    /// <item>Fails at publish (<see cref="SerializationException"/>): a reference loop, a delegate, a stream, a
    /// <see cref="CancellationTokenSource"/>, an expression tree (its <see cref="Type"/>), and the types whose
    /// members are interfaces with methods MassTransit cannot proxy: a DbContext, an <see cref="HttpContext"/>, an
    /// <see cref="ILogger"/>.</item>
    /// <item>Lost silently: a private setter, a get-only property (even a list), public fields, the concrete class
    /// behind an interface-typed property; an <c>object</c> property comes back as a <see cref="JsonElement"/>.</item>
    /// </list>
    /// Each test runs its own harness: the harness's waits end for good once the bus has been idle for a while.
    /// </summary>
    public sealed class MassTransitPayloadRuntimeTests
    {
        // System.Text.Json uses public constructors only: a private parameterless one is not enough.
        [Fact]
        public async Task A_type_whose_only_parameterless_constructor_is_private_fails_when_consumed()
        {
            await using var bus = await Bus<PrivateConstructorOnly>.Start();

            var fault = await bus.PublishAndFault(PrivateConstructorOnly.Create("a-1"));

            Assert.Equal("System.NotSupportedException", fault.ExceptionType);
            Assert.StartsWith(
                "Deserialization of types without a parameterless constructor, a singular parameterized constructor, or a parameterized constructor annotated with 'JsonConstructorAttribute' is not supported. Type '"
                + typeof(PrivateConstructorOnly).FullName + "'.",
                fault.Message);
        }

        // With a public constructor that takes parameters, that one is used and the rest set through setters.
        [Fact]
        public async Task A_private_parameterless_constructor_next_to_a_public_one_with_parameters_survives()
        {
            await using var bus = await Bus<PrivateAndPublicConstructor>.Start();

            var (received, _) = await bus.PublishAndReceive(new PrivateAndPublicConstructor("b-2") { Quantity = 5 });

            Assert.Equal("b-2", received.Name);
            Assert.Equal(5, received.Quantity);
        }

        // Two public constructors with parameters and none without: System.Text.Json cannot choose.
        [Fact]
        public async Task Two_public_constructors_with_parameters_fail_when_consumed()
        {
            await using var bus = await Bus<TwoConstructors>.Start();

            var fault = await bus.PublishAndFault(new TwoConstructors("a", 2));

            Assert.Equal("System.NotSupportedException", fault.ExceptionType);
            Assert.StartsWith(
                "Deserialization of types without a parameterless constructor, a singular parameterized constructor, or a parameterized constructor annotated with 'JsonConstructorAttribute' is not supported. Type '"
                + typeof(TwoConstructors).FullName + "'.",
                fault.Message);
        }

        // A single public constructor whose parameters match the properties (case-insensitively): it is called.
        [Fact]
        public async Task A_single_constructor_matching_the_properties_survives()
        {
            await using var bus = await Bus<SingleConstructor>.Start();

            var (received, _) = await bus.PublishAndReceive(new SingleConstructor("a", 2));

            Assert.Equal("a", received.Name);
            Assert.Equal(2, received.Quantity);
        }

        // The public getter writes the value into the JSON; the private setter is not used when reading.
        [Fact]
        public async Task A_private_setter_is_lost_although_the_body_carries_the_value()
        {
            await using var bus = await Bus<PrivateSetter>.Start();
            var order = new PrivateSetter();
            order.Add(5);

            var (received, delivery) = await bus.PublishAndReceive(order);

            Assert.Equal(0, received.Total);
            Assert.Equal("application/vnd.masstransit+json", delivery.ContentType);
            Assert.Equal(5, delivery.Json.GetProperty("total").GetInt32());
            Assert.NotSame(order, received);
        }

        // The parameterless constructor is used and System.Text.Json does not set get-only properties: the int
        // is lost, and so is the list (it is not populated in place, unlike Newtonsoft).
        [Fact]
        public async Task A_get_only_int_and_a_get_only_list_are_lost()
        {
            await using var bus = await Bus<GetOnly>.Start();
            var counter = new GetOnly(7);
            counter.Items.Add(1);
            counter.Items.Add(2);

            var (received, delivery) = await bus.PublishAndReceive(counter);

            Assert.Equal(0, received.Count);
            Assert.Empty(received.Items);
            Assert.Equal(7, delivery.Json.GetProperty("count").GetInt32());
            Assert.Equal(2, delivery.Json.GetProperty("items").GetArrayLength());
        }

        // MassTransit's converter writes the runtime type's members but reads the interface into a class it
        // generates: only the interface's members come back, the concrete class and its own members are lost.
        [Fact]
        public async Task An_interface_typed_property_comes_back_as_a_generated_class_with_the_interface_members_only()
        {
            await using var bus = await Bus<Drawing>.Start();

            var (received, delivery) = await bus.PublishAndReceive(new Drawing { Shape = new Circle { Radius = 2 } });

            Assert.NotNull(received.Shape);
            Assert.IsNotType<Circle>(received.Shape);
            Assert.StartsWith("MassTransit.DynamicInternal.", received.Shape!.GetType().FullName);
            Assert.Equal("circle", received.Shape.Kind);
            Assert.Equal(2, delivery.Json.GetProperty("shape").GetProperty("radius").GetInt32());
        }

        // No converter for abstract classes: System.Text.Json refuses to create one.
        [Fact]
        public async Task An_abstract_class_typed_property_fails_when_consumed()
        {
            await using var bus = await Bus<Pet>.Start();

            var fault = await bus.PublishAndFault(new Pet { Animal = new Dog { Name = "Rex", Good = true } });

            Assert.Equal("System.NotSupportedException", fault.ExceptionType);
            Assert.StartsWith("Deserialization of interface or abstract types is not supported. Type '" + typeof(Animal).FullName + "'. Path: $.animal", fault.Message);
        }

        // An object-typed property holding a DTO comes back as a JsonElement.
        [Fact]
        public async Task An_object_typed_property_comes_back_as_a_JsonElement()
        {
            await using var bus = await Bus<Envelope>.Start();

            var (received, _) = await bus.PublishAndReceive(new Envelope { Body = new Point { X = 3 } });

            var body = Assert.IsType<JsonElement>(received.Body);
            Assert.Equal(3, body.GetProperty("x").GetInt32());
        }

        // The loop is found while the envelope is serialized, inside Publish: the caller gets the exception.
        [Fact]
        public async Task A_back_reference_makes_Publish_throw()
        {
            await using var bus = await Bus<Parent>.Start();

            var error = await Assert.ThrowsAsync<SerializationException>(() => bus.Harness.Bus.Publish(Parent.WithOneChild()));

            Assert.Equal("Failed to serialize message", error.Message);
            var inner = Assert.IsType<JsonException>(error.InnerException);
            Assert.StartsWith("A possible object cycle was detected.", inner.Message);
            Assert.Empty(bus.Inbox.Received);
        }

        // System.Text.Json refuses delegates outright, inside Publish.
        [Fact]
        public async Task A_delegate_typed_property_makes_Publish_throw()
        {
            await using var bus = await Bus<WithCallback>.Start();

            var error = await Assert.ThrowsAsync<SerializationException>(() => bus.Harness.Bus.Publish(new WithCallback { Callback = () => 42 }));

            var inner = Assert.IsType<NotSupportedException>(error.InnerException);
            Assert.StartsWith("Serialization and deserialization of 'System.Func`1[[System.Int32,", inner.Message);
            Assert.EndsWith("Path: $.Message.Callback.", inner.Message);
        }

        // A Stream is written as an object: reading MemoryStream.ReadTimeout throws inside Publish.
        [Fact]
        public async Task A_stream_typed_property_makes_Publish_throw()
        {
            await using var bus = await Bus<WithStream>.Start();

            var error = await Assert.ThrowsAsync<SerializationException>(() => bus.Harness.Bus.Publish(new WithStream { Content = new MemoryStream(new byte[] { 1, 2, 3 }) }));

            Assert.Equal("Timeouts are not supported on this stream.", Assert.IsType<InvalidOperationException>(error.InnerException).Message);
        }

        // Written as an object down to its token's wait handle, whose IntPtr System.Text.Json refuses.
        [Fact]
        public async Task A_CancellationTokenSource_makes_Publish_throw()
        {
            await using var bus = await Bus<WithCancellation>.Start();
            using var source = new CancellationTokenSource();

            var error = await Assert.ThrowsAsync<SerializationException>(() => bus.Harness.Bus.Publish(new WithCancellation { Cancellation = source }));

            var inner = Assert.IsType<NotSupportedException>(error.InnerException);
            Assert.Equal("Serialization and deserialization of 'System.IntPtr' instances is not supported. Path: $.Message.Cancellation.Token.WaitHandle.Handle.", inner.Message);
        }

        // Task has no constructor System.Text.Json can use: written as an object, refused when read.
        [Fact]
        public async Task A_Task_typed_property_fails_when_consumed()
        {
            await using var bus = await Bus<WithTask>.Start();

            var fault = await bus.PublishAndFault(new WithTask { Pending = Task.FromResult(1) });

            Assert.Equal("System.NotSupportedException", fault.ExceptionType);
            Assert.StartsWith(
                "Deserialization of types without a parameterless constructor, a singular parameterized constructor, or a parameterized constructor annotated with 'JsonConstructorAttribute' is not supported. Type '"
                + typeof(Task).FullName + "'. Path: $.pending",
                fault.Message);
        }

        // The expression is written as an object: System.Text.Json refuses its Type property inside Publish.
        [Fact]
        public async Task An_Expression_typed_property_makes_Publish_throw()
        {
            await using var bus = await Bus<WithExpression>.Start();

            var error = await Assert.ThrowsAsync<SerializationException>(() => bus.Harness.Bus.Publish(new WithExpression { Formula = () => 42 }));

            var inner = Assert.IsType<NotSupportedException>(error.InnerException);
            Assert.Equal("Serialization and deserialization of 'System.Type' instances is not supported. Path: $.Message.Formula.Type.", inner.Message);
        }

        // MassTransit's converter builds a class for each interface-typed property, even to write it; the
        // DbContext's Database.CurrentTransaction is an IDbContextTransaction, whose methods it cannot implement.
        [Fact]
        public async Task A_DbContext_typed_property_makes_Publish_throw()
        {
            await using var bus = await Bus<WithDbContext>.Start();
            using var db = ShopContext.Open();

            var error = await Assert.ThrowsAsync<SerializationException>(() => bus.Harness.Bus.Publish(new WithDbContext { Db = db }));

            var inner = Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.StartsWith("Exception creating proxy (MassTransit.DynamicInternal.Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction)", inner.Message);
            Assert.StartsWith("Method 'Commit' in type 'MassTransit.DynamicInternal.Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction'",
                Assert.IsType<TypeLoadException>(inner.InnerException).Message);
            Assert.Empty(bus.Inbox.Received);
        }

        // Same for an HttpContext: its Features property is an IFeatureCollection, which has an indexer.
        [Fact]
        public async Task An_HttpContext_typed_property_makes_Publish_throw()
        {
            await using var bus = await Bus<WithHttpContext>.Start();

            var error = await Assert.ThrowsAsync<SerializationException>(() => bus.Harness.Bus.Publish(new WithHttpContext { Http = new DefaultHttpContext() }));

            var inner = Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.StartsWith("Exception creating proxy (MassTransit.DynamicInternal.Microsoft.AspNetCore.Http.Features.IFeatureCollection)", inner.Message);
            Assert.StartsWith("Method 'get_Item' in type 'MassTransit.DynamicInternal.Microsoft.AspNetCore.Http.Features.IFeatureCollection'",
                Assert.IsType<TypeLoadException>(inner.InnerException).Message);
        }

        // Same for the ILogger property itself: MassTransit cannot build a class that implements Log.
        [Fact]
        public async Task An_ILogger_typed_property_makes_Publish_throw()
        {
            await using var bus = await Bus<WithLogger>.Start();
            using var factory = LoggerFactory.Create(b => b.AddConsole());

            var error = await Assert.ThrowsAsync<SerializationException>(() => bus.Harness.Bus.Publish(new WithLogger { Logger = factory.CreateLogger("jobs") }));

            var inner = Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.StartsWith("Exception creating proxy (MassTransit.DynamicInternal.Microsoft.Extensions.Logging.ILogger)", inner.Message);
            Assert.StartsWith("Method 'Log' in type 'MassTransit.DynamicInternal.Microsoft.Extensions.Logging.ILogger'",
                Assert.IsType<TypeLoadException>(inner.InnerException).Message);
        }

        // MassTransit builds no class for an interface in the System namespace: System.Text.Json cannot create it.
        [Fact]
        public async Task An_IServiceProvider_typed_property_fails_when_consumed()
        {
            await using var bus = await Bus<WithServices>.Start();
            using var services = new ServiceCollection().BuildServiceProvider();

            var fault = await bus.PublishAndFault(new WithServices { Services = services });

            Assert.Equal("System.NotSupportedException", fault.ExceptionType);
            Assert.StartsWith("Deserialization of interface or abstract types is not supported. Type '" + typeof(IServiceProvider).FullName + "'. Path: $.services", fault.Message);
        }

        // Base64 in the JSON: it arrives.
        [Fact]
        public async Task A_byte_array_survives()
        {
            await using var bus = await Bus<WithBytes>.Start();

            var (received, _) = await bus.PublishAndReceive(new WithBytes { Data = new byte[] { 1, 2, 3 } });

            Assert.Equal(new byte[] { 1, 2, 3 }, received.Data);
        }

        // A positional record (its primary constructor) and a class with public get/set round-trip; MassTransit
        // writes decimals as strings and reads them back.
        [Fact]
        public async Task A_record_and_a_get_set_class_survive()
        {
            var at = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            await using (var receipts = await Bus<Receipt>.Start())
            {
                var (receipt, _) = await receipts.PublishAndReceive(new Receipt(12.5m, at));
                Assert.Equal(new Receipt(12.5m, at), receipt);
                Assert.Equal(DateTimeKind.Utc, receipt.At.Kind);
            }

            await using var items = await Bus<LineItem>.Start();
            var (item, _) = await items.PublishAndReceive(new LineItem { Name = "a", Quantity = 2 });
            Assert.Equal("a", item.Name);
            Assert.Equal(2, item.Quantity);
        }

        // MassTransit's options leave IncludeFields off: public fields are not even written.
        [Fact]
        public async Task Public_fields_are_lost_and_are_not_written()
        {
            await using var bus = await Bus<WithFields>.Start();

            var (received, delivery) = await bus.PublishAndReceive(new WithFields("code") { Count = 4 });

            Assert.Equal(0, received.Count);
            Assert.Null(received.Code);
            Assert.Equal("{}", delivery.Json.GetRawText());
        }

        // A constructor parameter must bind to a property (fields do not count): the readonly field's type fails.
        [Fact]
        public async Task A_readonly_field_set_by_the_only_constructor_fails_when_consumed()
        {
            await using var bus = await Bus<ReadonlyFieldByConstructor>.Start();

            var fault = await bus.PublishAndFault(new ReadonlyFieldByConstructor("code"));

            Assert.Equal("System.InvalidOperationException", fault.ExceptionType);
            Assert.StartsWith(
                "Each parameter in the deserialization constructor on type '" + typeof(ReadonlyFieldByConstructor).FullName
                + "' must bind to an object property or field on deserialization.",
                fault.Message);
            Assert.Contains("Fields are only considered when 'JsonSerializerOptions.IncludeFields' is enabled.", fault.Message);
        }

        // An interface as the message type is MassTransit's own style: published from an anonymous object,
        // consumed as a generated class with the values.
        [Fact]
        public async Task An_interface_message_type_survives()
        {
            await using var bus = await Bus<IOrderPlaced>.Start();

            await bus.Harness.Bus.Publish<IOrderPlaced>(new { OrderId = 7, Customer = "bob" });
            var (received, _) = await bus.Received();

            Assert.Equal(7, received.OrderId);
            Assert.Equal("bob", received.Customer);
        }

        /// <summary>What the consumer got: the message, and the JSON envelope it was read from.</summary>
        public sealed record Delivery(object Message, string Body, string? ContentType)
        {
            /// <summary>The envelope's <c>message</c> part: what was written for the message.</summary>
            public JsonElement Json
            {
                get
                {
                    using var envelope = JsonDocument.Parse(Body);
                    return envelope.RootElement.GetProperty("message").Clone();
                }
            }
        }

        /// <summary>Keeps what <see cref="Recorder{T}"/> was given (a singleton of the bus's container).</summary>
        public sealed class Inbox
        {
            public List<Delivery> Received { get; } = new List<Delivery>();
        }

        public sealed class Recorder<T> : IConsumer<T>
            where T : class
        {
            private readonly Inbox _inbox;

            public Recorder(Inbox inbox) => _inbox = inbox;

            public Task Consume(ConsumeContext<T> context)
            {
                lock (_inbox.Received)
                {
                    _inbox.Received.Add(new Delivery(context.Message, context.ReceiveContext.Body.GetString(), context.ReceiveContext.ContentType?.MediaType));
                }

                return Task.CompletedTask;
            }
        }

        /// <summary>A started test harness (in-memory transport, default serializer) with one consumer of <typeparamref name="T"/>.</summary>
        private sealed class Bus<T> : IAsyncDisposable
            where T : class
        {
            private readonly ServiceProvider _provider;

            private Bus(ServiceProvider provider)
            {
                _provider = provider;
                Harness = provider.GetRequiredService<ITestHarness>();
                Inbox = provider.GetRequiredService<Inbox>();
            }

            public ITestHarness Harness { get; }

            public Inbox Inbox { get; }

            public static async Task<Bus<T>> Start()
            {
                var provider = new ServiceCollection()
                    .AddSingleton<Inbox>()
                    .AddMassTransitTestHarness(x => x.AddConsumer<Recorder<T>>())
                    .BuildServiceProvider(true);
                var bus = new Bus<T>(provider);
                await bus.Harness.Start();
                return bus;
            }

            /// <summary>Publishes the message and returns what the consumer got.</summary>
            public async Task<(T Message, Delivery Delivery)> PublishAndReceive(T message)
            {
                await Harness.Bus.Publish(message);
                return await Received();
            }

            /// <summary>Waits for the consumer, which must get exactly one message.</summary>
            public async Task<(T Message, Delivery Delivery)> Received()
            {
                Assert.True(await Harness.Consumed.Any<T>(), "the consumer did not get the message");
                var delivery = Assert.Single(Inbox.Received);
                return (Assert.IsAssignableFrom<T>(delivery.Message), delivery);
            }

            /// <summary>
            /// Publishes the message and waits for the <see cref="ReceiveFault"/> MassTransit publishes when it
            /// cannot read it; the consumer must not have run. Returns the fault's exception.
            /// </summary>
            public async Task<ExceptionInfo> PublishAndFault(T message)
            {
                await Harness.Bus.Publish(message);
                ReceiveFault? fault = null;
                // The first one, as soon as it is published (the synchronous Select waits for the bus to go idle).
                await foreach (var published in Harness.Published.SelectAsync<ReceiveFault>())
                {
                    fault = published.Context.Message;
                    break;
                }

                Assert.True(fault is not null, "no ReceiveFault was published");
                Assert.Empty(Inbox.Received);
                return Assert.Single(fault!.Exceptions);
            }

            public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
        }

        public interface IOrderPlaced
        {
            int OrderId { get; }

            string Customer { get; }
        }
    }
}
