using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using DotNetCore.CAP;
using DotNetCore.CAP.Messages;
using DotNetCore.CAP.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using static QueueLint.Runtime.Tests.PayloadShapes;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0009: what DotNetCore.CAP 10 does with a message whose type does not round-trip, when the application
    /// configures no serializer. The default <see cref="ISerializer"/> is CAP's <see cref="JsonUtf8Serializer"/>:
    /// System.Text.Json with <c>CapOptions.JsonSerializerOptions</c>, a <c>new JsonSerializerOptions()</c> that CAP
    /// leaves as it is: property names as declared (no camelCase), case-sensitive reading, no fields, no reference
    /// handling, no type names. The published value is written by its runtime type; only the short type name goes in
    /// the <c>cap-msg-type</c> header, and CAP does not use it: the body is read as the type of the subscriber
    /// method's parameter.
    /// <para>
    /// The message goes through the serializer twice on its way: the store writes <c>ISerializer.Serialize(message)</c>
    /// inside <c>PublishAsync</c> (every storage package does; shown with DotNetCore.CAP.PostgreSql's own store too), and
    /// CAP's sender hands the transport the bytes of <c>ISerializer.SerializeAsync</c>, which CAP's consumer register
    /// reads back with <c>ISerializer.DeserializeAsync</c> into the subscriber's parameter type. The store and the broker
    /// here are in memory (<see cref="CapInMemoryBus"/>); the rest is CAP from <c>AddCap</c>, started by its hosted
    /// service. <see cref="A_private_setter_is_lost_although_the_body_carries_the_value"/> shows the subscriber gets
    /// what was read from the bytes, not the published instance.
    /// </para>
    /// <list type="bullet">
    /// <item>Fails when received (the body cannot be read: the subscriber never runs, the message is acknowledged to
    /// the broker, stored as a received message that failed with the exception in its <c>cap-exception</c> header
    /// (<c>StoreReceivedExceptionMessageAsync</c>, which the storage packages write with its retries already at
    /// <c>FailedRetryCount</c>, so it is never retried), and <c>FailedThresholdCallback</c> is called at once): no
    /// public constructor System.Text.Json can use (a <see cref="Task"/> among them), an interface or abstract
    /// property type, an interface as the subscriber's parameter type, a readonly field bound by the
    /// constructor.</item>
    /// <item>Fails at publish (the serializer's exception comes out of <c>PublishAsync</c>, nothing is stored or sent):
    /// a reference loop, a delegate (a <c>Func</c> or an <see cref="Action"/>), a stream, a
    /// <see cref="CancellationTokenSource"/>.</item>
    /// <item>Lost silently: a private setter, a get-only property (even a list), public fields; an <c>object</c>
    /// property, or an <c>object</c> parameter, comes back as a <see cref="JsonElement"/>.</item>
    /// </list>
    /// What changes it: <c>options.JsonSerializerOptions</c> inside <c>AddCap</c> (its properties: the options object
    /// itself cannot be replaced), or an <see cref="ISerializer"/> registered before <c>AddCap</c> (which only adds
    /// its own if none is there).
    /// </summary>
    public sealed class CapPayloadRuntimeTests : IClassFixture<CapPayloadRuntimeTests.Cap>
    {
        private const string DeserializationNotSupported =
            "NotSupportedException-->Deserialization of types without a parameterless constructor, a singular parameterized constructor, or a parameterized constructor annotated with 'JsonConstructorAttribute' is not supported. Type '";

        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
        private readonly Cap _cap;

        public CapPayloadRuntimeTests(Cap cap) => _cap = cap;

        [Fact]
        public async Task The_default_serializer_is_System_Text_Json_with_options_CAP_leaves_at_their_defaults()
        {
            var options = _cap.Services.GetRequiredService<IOptions<CapOptions>>().Value.JsonSerializerOptions;

            Assert.IsType<JsonUtf8Serializer>(_cap.Services.GetRequiredService<ISerializer>());
            Assert.Null(options.PropertyNamingPolicy);
            Assert.False(options.PropertyNameCaseInsensitive);
            Assert.False(options.IncludeFields);
            Assert.Null(options.ReferenceHandler);
            Assert.Empty(options.Converters);

            // Names as declared, in what was stored and in what was sent.
            var (_, carried) = await PublishAndReceive<PrivateAndPublicConstructor>(Topics.PrivateAndPublicConstructor, new PrivateAndPublicConstructor("b-2") { Quantity = 5 });
            Assert.Equal("{\"Name\":\"b-2\",\"Quantity\":5}", carried.Body);
            Assert.Equal("PrivateAndPublicConstructor", carried.Headers[Headers.Type]);
            var stored = _cap.Store.Published.Last(row => row.Name == Topics.PrivateAndPublicConstructor);
            Assert.EndsWith("\"Value\":{\"Name\":\"b-2\",\"Quantity\":5}}", stored.Content);
        }

        // System.Text.Json uses public constructors only: a private parameterless one is not enough.
        [Fact]
        public async Task A_type_whose_only_parameterless_constructor_is_private_fails_when_received()
        {
            var failure = await PublishAndFail(Topics.PrivateConstructorOnly, PrivateConstructorOnly.Create("a-1"));

            Assert.Equal(DeserializationNotSupported + typeof(PrivateConstructorOnly).FullName + "'. Path: $ | LineNumber: 0 | BytePositionInLine: 1.", failure.Exception);
            // The body is kept, as a data URI, in what was stored and handed to FailedThresholdCallback.
            Assert.Equal("data:PrivateConstructorOnly;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"Name\":\"a-1\"}")), failure.Info.Message.Value);
            Assert.Contains("\"Value\":\"data:PrivateConstructorOnly;base64,", failure.Stored.Content);
        }

        // With a public constructor that takes parameters, that one is used and the rest set through setters.
        [Fact]
        public async Task A_private_parameterless_constructor_next_to_a_public_one_with_parameters_survives()
        {
            var (received, _) = await PublishAndReceive<PrivateAndPublicConstructor>(Topics.PrivateAndPublicConstructor, new PrivateAndPublicConstructor("b-2") { Quantity = 5 });

            Assert.Equal("b-2", received.Name);
            Assert.Equal(5, received.Quantity);
        }

        // Two public constructors with parameters and none without: System.Text.Json cannot choose.
        [Fact]
        public async Task Two_public_constructors_with_parameters_fail_when_received()
        {
            var failure = await PublishAndFail(Topics.TwoConstructors, new TwoConstructors("a", 2));

            Assert.StartsWith(DeserializationNotSupported + typeof(TwoConstructors).FullName + "'. Path: $ |", failure.Exception);
            Assert.Equal("{\"Name\":\"a\",\"Quantity\":2}", failure.Carried.Body);
        }

        // The public getter writes the value into the JSON; the private setter is not used when reading.
        [Fact]
        public async Task A_private_setter_is_lost_although_the_body_carries_the_value()
        {
            var order = new PrivateSetter();
            order.Add(5);

            var (received, carried) = await PublishAndReceive<PrivateSetter>(Topics.PrivateSetter, order);

            Assert.NotSame(order, received);
            Assert.Equal(0, received.Total);
            Assert.Equal("{\"Total\":5}", carried.Body);
        }

        // CAP reads the body as the subscriber's parameter type: a class with a public setter gets the value back.
        [Fact]
        public async Task The_subscriber_parameter_type_not_the_published_type_decides_what_is_read()
        {
            var order = new PrivateSetter();
            order.Add(5);

            var (received, carried) = await PublishAndReceive<TotalView>(Topics.PrivateSetterReadAsView, order);

            Assert.Equal(5, received.Total);
            Assert.Equal("PrivateSetter", carried.Headers[Headers.Type]);
        }

        // The parameterless constructor is used and System.Text.Json does not set get-only properties: the int is
        // lost, and so is the list (it is not populated in place).
        [Fact]
        public async Task A_get_only_int_and_a_get_only_list_are_lost()
        {
            var counter = new GetOnly(7);
            counter.Items.Add(1);
            counter.Items.Add(2);

            var (received, carried) = await PublishAndReceive<GetOnly>(Topics.GetOnly, counter);

            Assert.Equal(0, received.Count);
            Assert.Empty(received.Items);
            Assert.Equal("{\"Count\":7,\"Items\":[1,2]}", carried.Body);
        }

        // Written by its declared type (only the interface's members), and an interface cannot be created.
        [Fact]
        public async Task An_interface_typed_property_fails_when_received()
        {
            var failure = await PublishAndFail(Topics.Interface, new Drawing { Shape = new Circle { Radius = 2 } });

            Assert.StartsWith("NotSupportedException-->Deserialization of interface or abstract types is not supported. Type '" + typeof(IShape).FullName + "'. Path: $.Shape |", failure.Exception);
            Assert.Equal("{\"Shape\":{\"Kind\":\"circle\"}}", failure.Carried.Body);
        }

        // The published value is written whole, by its runtime type, but read as the parameter's interface type.
        [Fact]
        public async Task An_interface_as_the_subscriber_parameter_type_fails_when_received()
        {
            var failure = await PublishAndFail(Topics.InterfaceParameter, new Circle { Radius = 2 });

            Assert.StartsWith("NotSupportedException-->Deserialization of interface or abstract types is not supported. Type '" + typeof(IShape).FullName + "'. Path: $ |", failure.Exception);
            Assert.Equal("{\"Kind\":\"circle\",\"Radius\":2}", failure.Carried.Body);
        }

        // Same for an abstract class: the derived class's members are not even written.
        [Fact]
        public async Task An_abstract_class_typed_property_fails_when_received()
        {
            var failure = await PublishAndFail(Topics.Abstract, new Pet { Animal = new Dog { Name = "Rex", Good = true } });

            Assert.StartsWith("NotSupportedException-->Deserialization of interface or abstract types is not supported. Type '" + typeof(Animal).FullName + "'. Path: $.Animal |", failure.Exception);
            Assert.Equal("{\"Animal\":{\"Name\":\"Rex\"}}", failure.Carried.Body);
        }

        // An object-typed property holding a DTO comes back as a JsonElement.
        [Fact]
        public async Task An_object_typed_property_comes_back_as_a_JsonElement()
        {
            var (received, _) = await PublishAndReceive<Envelope>(Topics.Object, new Envelope { Body = new Point { X = 3 } });

            var body = Assert.IsType<JsonElement>(received.Body);
            Assert.Equal(3, body.GetProperty("X").GetInt32());
        }

        // So does the message itself when the subscriber's parameter is typed object.
        [Fact]
        public async Task An_object_typed_subscriber_parameter_gets_a_JsonElement()
        {
            var (received, _) = await PublishAndReceive<object>(Topics.ObjectParameter, new Point { X = 3 });

            Assert.Equal(3, Assert.IsType<JsonElement>(received).GetProperty("X").GetInt32());
        }

        // The store writes the message (its headers and value) inside PublishAsync: the loop is found there.
        [Fact]
        public async Task A_back_reference_makes_PublishAsync_throw()
        {
            var error = await PublishAndThrow<JsonException>(Topics.Loop, Parent.WithOneChild());

            Assert.StartsWith("A possible object cycle was detected.", error.Message);
            Assert.Contains("Path: $.Value.Children.Parent.Children.", error.Message);
        }

        // System.Text.Json refuses delegates outright, inside PublishAsync.
        [Fact]
        public async Task A_delegate_typed_property_makes_PublishAsync_throw()
        {
            var error = await PublishAndThrow<NotSupportedException>(Topics.Callback, new WithCallback { Callback = () => 42 });

            Assert.StartsWith("Serialization and deserialization of 'System.Func`1[[System.Int32,", error.Message);
            Assert.EndsWith("Path: $.Value.Callback.", error.Message);
        }

        [Fact]
        public async Task An_Action_typed_property_makes_PublishAsync_throw()
        {
            var error = await PublishAndThrow<NotSupportedException>(Topics.Action, new WithAction { OnDone = () => { } });

            Assert.Equal("Serialization and deserialization of 'System.Action' instances is not supported. Path: $.Value.OnDone.", error.Message);
        }

        // A Stream is written as an object: reading MemoryStream.ReadTimeout throws inside PublishAsync.
        [Fact]
        public async Task A_stream_typed_property_makes_PublishAsync_throw()
        {
            var error = await PublishAndThrow<InvalidOperationException>(Topics.Stream, new WithStream { Content = new MemoryStream(new byte[] { 1, 2, 3 }) });

            Assert.Equal("Timeouts are not supported on this stream.", error.Message);
        }

        // Written as an object down to its token's wait handle, whose IntPtr System.Text.Json refuses.
        [Fact]
        public async Task A_CancellationTokenSource_makes_PublishAsync_throw()
        {
            using var source = new CancellationTokenSource();

            var error = await PublishAndThrow<NotSupportedException>(Topics.Cancellation, new WithCancellation { Cancellation = source });

            Assert.Equal("Serialization and deserialization of 'System.IntPtr' instances is not supported. Path: $.Value.Cancellation.Token.WaitHandle.Handle.", error.Message);
        }

        // Task has no constructor System.Text.Json can use: written as an object, refused when read.
        [Fact]
        public async Task A_Task_typed_property_fails_when_received()
        {
            var failure = await PublishAndFail(Topics.Task, new WithTask { Pending = Task.FromResult(1) });

            Assert.StartsWith(DeserializationNotSupported + typeof(Task).FullName + "'. Path: $.Pending |", failure.Exception);
            Assert.StartsWith("{\"Pending\":{\"Id\":", failure.Carried.Body);
        }

        // CAP's options leave IncludeFields off: public fields are not even written.
        [Fact]
        public async Task Public_fields_are_lost_and_are_not_written()
        {
            var (received, carried) = await PublishAndReceive<WithFields>(Topics.Fields, new WithFields("code") { Count = 4 });

            Assert.Equal(0, received.Count);
            Assert.Null(received.Code);
            Assert.Equal("{}", carried.Body);
        }

        // A constructor parameter must bind to a property (fields do not count): the readonly field's type fails.
        [Fact]
        public async Task A_readonly_field_set_by_the_only_constructor_fails_when_received()
        {
            var failure = await PublishAndFail(Topics.ReadonlyField, new ReadonlyFieldByConstructor("code"));

            Assert.StartsWith(
                "InvalidOperationException-->Each parameter in the deserialization constructor on type '" + typeof(ReadonlyFieldByConstructor).FullName
                + "' must bind to an object property or field on deserialization.",
                failure.Exception);
            Assert.Contains("Fields are only considered when 'JsonSerializerOptions.IncludeFields' is enabled.", failure.Exception);
            Assert.Equal("{}", failure.Carried.Body);
        }

        // Base64 in the JSON: it arrives.
        [Fact]
        public async Task A_byte_array_survives()
        {
            var (received, carried) = await PublishAndReceive<WithBytes>(Topics.Bytes, new WithBytes { Data = new byte[] { 1, 2, 3 } });

            Assert.Equal(new byte[] { 1, 2, 3 }, received.Data);
            Assert.Equal("{\"Data\":\"AQID\"}", carried.Body);
        }

        // A positional record is read through its primary constructor.
        [Fact]
        public async Task A_record_survives()
        {
            var at = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

            var (received, _) = await PublishAndReceive<Receipt>(Topics.Record, new Receipt(12.5m, at));

            Assert.Equal(new Receipt(12.5m, at), received);
            Assert.Equal(DateTimeKind.Utc, received.At.Kind);
        }

        // DotNetCore.CAP.PostgreSql's store serializes before it connects: on a database that is not there, the loop
        // still fails with the serializer's exception, and a message that can be written gets as far as the connection.
        [Fact]
        public async Task The_PostgreSql_store_serializes_inside_PublishAsync_before_it_connects()
        {
            var services = new ServiceCollection().AddLogging();
            services.AddCap(options => options.UsePostgreSql("Host=127.0.0.1;Port=1;Database=cap;Username=cap;Password=cap;Timeout=5"));
            services.AddSingleton<DotNetCore.CAP.Transport.ITransport>(new CapInMemoryBus.Broker());
            await using var provider = services.BuildServiceProvider();
            var publisher = provider.GetRequiredService<ICapPublisher>();

            var loop = await Assert.ThrowsAsync<JsonException>(() => publisher.PublishAsync(Topics.Loop, Parent.WithOneChild()));
            var point = await Assert.ThrowsAsync<NpgsqlException>(() => publisher.PublishAsync(Topics.ObjectParameter, new Point { X = 3 }));

            Assert.Contains("Path: $.Value.Children.Parent.Children.", loop.Message);
            Assert.StartsWith("Failed to connect to 127.0.0.1:1", point.Message);
        }

        // CapOptions.JsonSerializerOptions is what the serializer uses: set, it makes a loop and a field round-trip.
        [Fact]
        public async Task The_JsonSerializerOptions_of_CapOptions_change_what_survives()
        {
            var options = new CapOptions();
            options.JsonSerializerOptions.ReferenceHandler = ReferenceHandler.Preserve;
            options.JsonSerializerOptions.IncludeFields = true;
            var serializer = new JsonUtf8Serializer(Options.Create(options));
            var headers = new Dictionary<string, string?> { [Headers.MessageId] = "1", [Headers.MessageName] = Topics.Loop };

            var parent = (Parent)(await serializer.DeserializeAsync(await serializer.SerializeAsync(new Message(headers, Parent.WithOneChild())), typeof(Parent))).Value!;
            var fields = (WithFields)(await serializer.DeserializeAsync(await serializer.SerializeAsync(new Message(headers, new WithFields("code") { Count = 4 })), typeof(WithFields))).Value!;

            Assert.Same(parent, Assert.Single(parent.Children).Parent);
            Assert.Equal(4, fields.Count);
            Assert.Null(fields.Code);
        }

        // AddCap adds its serializer only if none is registered: an application's own, registered first, is used.
        [Fact]
        public void An_ISerializer_registered_before_AddCap_replaces_CAPs()
        {
            var services = new ServiceCollection().AddLogging();
            services.AddSingleton<ISerializer, ApplicationSerializer>();
            services.AddCap(options => options.RegisterExtension(new CapInMemoryBus()));
            using var provider = services.BuildServiceProvider();

            Assert.IsType<ApplicationSerializer>(provider.GetRequiredService<ISerializer>());
        }

        /// <summary>An application's serializer (here CAP's own, with nothing changed).</summary>
        private sealed class ApplicationSerializer : JsonUtf8Serializer
        {
            public ApplicationSerializer(IOptions<CapOptions> options)
                : base(options)
            {
            }
        }

        /// <summary>A failure to read a message: what CAP stored, what it passed to FailedThresholdCallback, what the broker carried.</summary>
        private sealed record Failure(string Exception, FailedInfo Info, CapInMemoryBus.Row Stored, CapInMemoryBus.Carried Carried);

        /// <summary>Publishes the value and returns what the subscriber of <paramref name="topic"/> got, and what the broker carried.</summary>
        private async Task<(T Message, CapInMemoryBus.Carried Carried)> PublishAndReceive<T>(string topic, object value)
        {
            var expect = _cap.Inbox.Expect(topic);
            await _cap.Publisher.PublishAsync(topic, (dynamic)value);
            var received = await expect.Received.WaitAsync(s_timeout);
            return ((T)received!, _cap.Broker.Sent[topic]);
        }

        /// <summary>
        /// Publishes the value, which <c>PublishAsync</c> accepts, and waits for <c>FailedThresholdCallback</c>, which
        /// CAP calls when it cannot read the message; the subscriber must not have run, nothing must have been stored as
        /// received, and the message must have been acknowledged to the broker.
        /// </summary>
        private async Task<Failure> PublishAndFail(string topic, object value)
        {
            var expect = _cap.Inbox.Expect(topic);
            await _cap.Publisher.PublishAsync(topic, (dynamic)value);
            var info = await expect.Failed.WaitAsync(s_timeout);

            Assert.Equal(MessageType.Subscribe, info.MessageType);
            Assert.False(expect.Received.IsCompleted, "the subscriber ran");
            Assert.DoesNotContain(_cap.Store.Received, row => row.Name == topic);
            Assert.Contains(topic, _cap.Broker.Committed);
            Assert.DoesNotContain(topic, _cap.Broker.Rejected);
            var stored = Assert.Single(_cap.Store.ReceivedExceptions, row => row.Name == topic);
            var exception = info.Message.Headers[Headers.Exception]!;
            Assert.Equal(exception, JsonDocument.Parse(stored.Content).RootElement.GetProperty("Headers").GetProperty(Headers.Exception).GetString());
            return new Failure(exception, info, stored, _cap.Broker.Sent[topic]);
        }

        /// <summary>Publishes the value, which must make <c>PublishAsync</c> throw; nothing must have been stored or sent.</summary>
        private async Task<TException> PublishAndThrow<TException>(string topic, object value)
            where TException : Exception
        {
            var expect = _cap.Inbox.Expect(topic);
            var error = await Assert.ThrowsAsync<TException>(() => _cap.Publisher.PublishAsync(topic, (dynamic)value));

            await Task.Delay(200);
            Assert.DoesNotContain(_cap.Store.Published, row => row.Name == topic);
            Assert.False(_cap.Broker.Sent.ContainsKey(topic), "the message was sent");
            Assert.False(expect.Received.IsCompleted || expect.Failed.IsCompleted, "the message reached the subscriber's side");
            return error;
        }

        /// <summary>The message names, one per shape, each with one subscriber.</summary>
        public static class Topics
        {
            public const string PrivateConstructorOnly = "payload.private-constructor-only";
            public const string PrivateAndPublicConstructor = "payload.private-and-public-constructor";
            public const string TwoConstructors = "payload.two-constructors";
            public const string PrivateSetter = "payload.private-setter";
            public const string PrivateSetterReadAsView = "payload.private-setter-read-as-view";
            public const string GetOnly = "payload.get-only";
            public const string Interface = "payload.interface";
            public const string InterfaceParameter = "payload.interface-parameter";
            public const string Abstract = "payload.abstract";
            public const string Object = "payload.object";
            public const string ObjectParameter = "payload.object-parameter";
            public const string Loop = "payload.loop";
            public const string Callback = "payload.callback";
            public const string Action = "payload.action";
            public const string Stream = "payload.stream";
            public const string Cancellation = "payload.cancellation";
            public const string Task = "payload.task";
            public const string Fields = "payload.fields";
            public const string ReadonlyField = "payload.readonly-field";
            public const string Bytes = "payload.bytes";
            public const string Record = "payload.record";
        }

        /// <summary>A class that reads a <see cref="PrivateSetter"/>'s JSON with a public setter.</summary>
        public sealed class TotalView
        {
            public int Total { get; set; }
        }

        /// <summary>What the subscribers got, and what CAP reported as failed, by message name.</summary>
        public sealed class Inbox
        {
            private readonly ConcurrentDictionary<string, Expectation> _expected = new();

            /// <summary>Forgets what may have come for <paramref name="topic"/> before, and waits for what comes next.</summary>
            public Expectation Expect(string topic) => _expected[topic] = new Expectation();

            public void Receive(string topic, object? message) => _expected.GetOrAdd(topic, _ => new Expectation()).Receive(message);

            public void Fail(FailedInfo info) => _expected.GetOrAdd(info.Message.GetName(), _ => new Expectation()).Fail(info);

            public sealed class Expectation
            {
                private readonly TaskCompletionSource<object?> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
                private readonly TaskCompletionSource<FailedInfo> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

                /// <summary>The message the subscriber was handed.</summary>
                public Task<object?> Received => _received.Task;

                /// <summary>What CAP passed to <c>FailedThresholdCallback</c>.</summary>
                public Task<FailedInfo> Failed => _failed.Task;

                public void Receive(object? message) => _received.TrySetResult(message);

                public void Fail(FailedInfo info) => _failed.TrySetResult(info);
            }
        }

        /// <summary>One subscriber per message name; each records what CAP handed it.</summary>
        public sealed class PayloadSubscriber : ICapSubscribe
        {
            private readonly Inbox _inbox;

            public PayloadSubscriber(Inbox inbox) => _inbox = inbox;

            [CapSubscribe(Topics.PrivateConstructorOnly)]
            public void Handle(PrivateConstructorOnly message) => _inbox.Receive(Topics.PrivateConstructorOnly, message);

            [CapSubscribe(Topics.PrivateAndPublicConstructor)]
            public void Handle(PrivateAndPublicConstructor message) => _inbox.Receive(Topics.PrivateAndPublicConstructor, message);

            [CapSubscribe(Topics.TwoConstructors)]
            public void Handle(TwoConstructors message) => _inbox.Receive(Topics.TwoConstructors, message);

            [CapSubscribe(Topics.PrivateSetter)]
            public void Handle(PrivateSetter message) => _inbox.Receive(Topics.PrivateSetter, message);

            [CapSubscribe(Topics.PrivateSetterReadAsView)]
            public void Handle(TotalView message) => _inbox.Receive(Topics.PrivateSetterReadAsView, message);

            [CapSubscribe(Topics.GetOnly)]
            public void Handle(GetOnly message) => _inbox.Receive(Topics.GetOnly, message);

            [CapSubscribe(Topics.Interface)]
            public void Handle(Drawing message) => _inbox.Receive(Topics.Interface, message);

            [CapSubscribe(Topics.InterfaceParameter)]
            public void Handle(IShape message) => _inbox.Receive(Topics.InterfaceParameter, message);

            [CapSubscribe(Topics.Abstract)]
            public void Handle(Pet message) => _inbox.Receive(Topics.Abstract, message);

            [CapSubscribe(Topics.Object)]
            public void Handle(Envelope message) => _inbox.Receive(Topics.Object, message);

            [CapSubscribe(Topics.ObjectParameter)]
            public void Handle(object message) => _inbox.Receive(Topics.ObjectParameter, message);

            [CapSubscribe(Topics.Loop)]
            public void Handle(Parent message) => _inbox.Receive(Topics.Loop, message);

            [CapSubscribe(Topics.Callback)]
            public void Handle(WithCallback message) => _inbox.Receive(Topics.Callback, message);

            [CapSubscribe(Topics.Action)]
            public void Handle(WithAction message) => _inbox.Receive(Topics.Action, message);

            [CapSubscribe(Topics.Stream)]
            public void Handle(WithStream message) => _inbox.Receive(Topics.Stream, message);

            [CapSubscribe(Topics.Cancellation)]
            public void Handle(WithCancellation message) => _inbox.Receive(Topics.Cancellation, message);

            [CapSubscribe(Topics.Task)]
            public void Handle(WithTask message) => _inbox.Receive(Topics.Task, message);

            [CapSubscribe(Topics.Fields)]
            public void Handle(WithFields message) => _inbox.Receive(Topics.Fields, message);

            [CapSubscribe(Topics.ReadonlyField)]
            public void Handle(ReadonlyFieldByConstructor message) => _inbox.Receive(Topics.ReadonlyField, message);

            [CapSubscribe(Topics.Bytes)]
            public void Handle(WithBytes message) => _inbox.Receive(Topics.Bytes, message);

            [CapSubscribe(Topics.Record)]
            public void Handle(Receipt message) => _inbox.Receive(Topics.Record, message);
        }

        /// <summary>
        /// One CAP for the class, from <c>AddCap</c> with nothing configured but the in-memory store and broker
        /// (<see cref="CapInMemoryBus"/>) and a <c>FailedThresholdCallback</c> that records what it is given; started by
        /// its hosted service, as in an application.
        /// </summary>
        public sealed class Cap : IAsyncLifetime
        {
            private IHost? _host;

            public IServiceProvider Services => _host!.Services;

            public ICapPublisher Publisher => _host!.Services.GetRequiredService<ICapPublisher>();

            public Inbox Inbox => _host!.Services.GetRequiredService<Inbox>();

            public CapInMemoryBus.Store Store => _host!.Services.GetRequiredService<CapInMemoryBus.Store>();

            public CapInMemoryBus.Broker Broker => _host!.Services.GetRequiredService<CapInMemoryBus.Broker>();

            public async Task InitializeAsync()
            {
                var builder = Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<Inbox>();
                builder.Services.AddTransient<PayloadSubscriber>();
                builder.Services.AddCap(options =>
                {
                    options.RegisterExtension(new CapInMemoryBus());
                    options.FailedThresholdCallback = failed => failed.ServiceProvider.GetRequiredService<Inbox>().Fail(failed);
                });
                _host = builder.Build();
                await _host.StartAsync();

                // CAP's consumer register subscribes its clients on threads of their own: wait until all have.
                var deadline = DateTime.UtcNow + s_timeout;
                while (Broker.Topics.Count() < typeof(Topics).GetFields().Length)
                {
                    Assert.True(DateTime.UtcNow < deadline, "CAP did not subscribe to every topic: " + string.Join(", ", Broker.Topics));
                    await Task.Delay(20);
                }
            }

            public async Task DisposeAsync()
            {
                if (_host is not null)
                {
                    await _host.StopAsync();
                    _host.Dispose();
                }
            }
        }
    }
}
