using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime.Serialization;
using Wolverine.Tracking;
using Wolverine.Transports.Tcp;
using Wolverine.Util;
using static QueueLint.Runtime.Tests.PayloadShapes;
using Envelope = Wolverine.Envelope;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0009: what WolverineFx 6 does with a message type that does not round-trip when the message leaves the
    /// process through a transport, shown on Wolverine's own TCP transport over loopback (no broker can run here): the
    /// host publishes to <c>tcp://localhost:port</c> and listens on that port, so every message is written by the
    /// sending agent, carried as bytes and read by the listener, as with a broker's transport.
    /// <para>
    /// The default serializer, when the application configures none, is System.Text.Json
    /// (<see cref="SystemTextJsonSerializer"/>, content type <c>application/json</c>) with
    /// <see cref="SystemTextJsonSerializer.DefaultOptions"/>: camelCase property names, case-insensitive reading,
    /// trailing commas allowed, comments skipped, relaxed escaping, plus a converter of Wolverine's that writes a
    /// <see cref="Type"/> as its assembly-qualified name (and cannot read it back); no fields, no reference handling,
    /// no type names. The message type goes in the envelope and
    /// the body is read back as that type.
    /// </para>
    /// <list type="bullet">
    /// <item>Fails when received (moved to the error queue: the listener's dead letter storage, which is the message
    /// store's dead letter table when the application has one and nowhere but the log without one, as here; the
    /// handler never runs): no public constructor System.Text.Json can use (a <see cref="Task"/> among them), an
    /// interface or abstract property type, a readonly field bound by the constructor.</item>
    /// <item>Fails at send, silently for the caller (<c>PublishAsync</c> returns; the sending agent logs the
    /// <see cref="WolverineSerializationException"/> at each of three attempts, then latches the endpoint's sender; the
    /// handler never runs): a reference loop, a delegate, a stream, a <see cref="CancellationTokenSource"/>.</item>
    /// <item>Lost silently: a private setter, a get-only property (even a list), public fields; an <c>object</c>
    /// property comes back as a <see cref="JsonElement"/>.</item>
    /// </list>
    /// </summary>
    public sealed class WolverineTransportPayloadRuntimeTests : IClassFixture<WolverineTransportPayloadRuntimeTests.Host>
    {
        private const string DeserializationNotSupported =
            "Deserialization of types without a parameterless constructor, a singular parameterized constructor, or a parameterized constructor annotated with 'JsonConstructorAttribute' is not supported. Type '";

        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
        private readonly Host _host;

        public WolverineTransportPayloadRuntimeTests(Host host) => _host = host;

        [Fact]
        public async Task The_default_serializer_is_System_Text_Json_with_camelCase_names_and_no_fields_or_reference_handling()
        {
            var serializer = _host.Runtime.Options.DefaultSerializer;
            var endpoint = _host.Runtime.Endpoints.EndpointFor(new Uri($"tcp://localhost:{_host.Port}"))!;

            Assert.IsType<SystemTextJsonSerializer>(serializer);
            Assert.Same(serializer, endpoint.DefaultSerializer);
            Assert.Equal("application/json", serializer.ContentType);

            // The options UseSystemTextJsonForSerialization starts from, which the constructor of WolverineOptions calls.
            var options = SystemTextJsonSerializer.DefaultOptions();
            Assert.Same(JsonNamingPolicy.CamelCase, options.PropertyNamingPolicy);
            Assert.True(options.PropertyNameCaseInsensitive);
            Assert.True(options.AllowTrailingCommas);
            Assert.Equal(JsonCommentHandling.Skip, options.ReadCommentHandling);
            Assert.Same(JavaScriptEncoder.UnsafeRelaxedJsonEscaping, options.Encoder);
            Assert.False(options.IncludeFields);
            Assert.Null(options.ReferenceHandler);

            // And what the host's serializer writes on the wire.
            var expect = _host.Inbox.Expect<PrivateAndPublicConstructor>();
            await _host.Bus.PublishAsync(new PrivateAndPublicConstructor("b-2") { Quantity = 5 });
            var (_, envelope) = await expect(s_timeout);
            Assert.Equal("application/json", envelope.ContentType);
            Assert.Equal("{\"name\":\"b-2\",\"quantity\":5}", Body(envelope));
        }

        // System.Text.Json uses public constructors only: a private parameterless one is not enough.
        [Fact]
        public async Task A_type_whose_only_parameterless_constructor_is_private_fails_when_received()
        {
            var (error, body) = await PublishAndFail<NotSupportedException, PrivateConstructorOnly>(PrivateConstructorOnly.Create("a-1"));

            Assert.StartsWith(DeserializationNotSupported + typeof(PrivateConstructorOnly).FullName + "'. Path: $", error.Message);
            Assert.Equal("{\"name\":\"a-1\"}", body);
        }

        // With a public constructor that takes parameters, that one is used and the rest set through setters.
        [Fact]
        public async Task A_private_parameterless_constructor_next_to_a_public_one_with_parameters_survives()
        {
            var (received, _) = await PublishAndReceive(new PrivateAndPublicConstructor("b-2") { Quantity = 5 });

            Assert.Equal("b-2", received.Name);
            Assert.Equal(5, received.Quantity);
        }

        // Two public constructors with parameters and none without: System.Text.Json cannot choose.
        [Fact]
        public async Task Two_public_constructors_with_parameters_fail_when_received()
        {
            var (error, _) = await PublishAndFail<NotSupportedException, TwoConstructors>(new TwoConstructors("a", 2));

            Assert.StartsWith(DeserializationNotSupported + typeof(TwoConstructors).FullName + "'. Path: $", error.Message);
        }

        // The public getter writes the value; the private setter is not used when reading.
        [Fact]
        public async Task A_private_setter_is_lost_although_the_body_carries_the_value()
        {
            var order = new PrivateSetter();
            order.Add(5);

            var (received, envelope) = await PublishAndReceive(order);

            Assert.NotSame(order, received);
            Assert.Equal(0, received.Total);
            Assert.Equal("{\"total\":5}", Body(envelope));
        }

        // System.Text.Json does not set get-only properties: the int is lost, and so is the list.
        [Fact]
        public async Task A_get_only_int_and_a_get_only_list_are_lost()
        {
            var counter = new GetOnly(7);
            counter.Items.Add(1);
            counter.Items.Add(2);

            var (received, envelope) = await PublishAndReceive(counter);

            Assert.Equal(0, received.Count);
            Assert.Empty(received.Items);
            Assert.Equal("{\"count\":7,\"items\":[1,2]}", Body(envelope));
        }

        // Written by its declared type (only the interface's members), and an interface cannot be created.
        [Fact]
        public async Task An_interface_typed_property_fails_when_received()
        {
            var (error, body) = await PublishAndFail<NotSupportedException, Drawing>(new Drawing { Shape = new Circle { Radius = 2 } });

            Assert.StartsWith("Deserialization of interface or abstract types is not supported. Type '" + typeof(IShape).FullName + "'. Path: $.shape", error.Message);
            Assert.Equal("{\"shape\":{\"kind\":\"circle\"}}", body);
        }

        // Same for an abstract class: the derived class's members are not even written.
        [Fact]
        public async Task An_abstract_class_typed_property_fails_when_received()
        {
            var (error, body) = await PublishAndFail<NotSupportedException, Pet>(new Pet { Animal = new Dog { Name = "Rex", Good = true } });

            Assert.StartsWith("Deserialization of interface or abstract types is not supported. Type '" + typeof(Animal).FullName + "'. Path: $.animal", error.Message);
            Assert.Equal("{\"animal\":{\"name\":\"Rex\"}}", body);
        }

        // An object-typed property holding a DTO comes back as a JsonElement.
        [Fact]
        public async Task An_object_typed_property_comes_back_as_a_JsonElement()
        {
            var (received, _) = await PublishAndReceive(new PayloadShapes.Envelope { Body = new Point { X = 3 } });

            var body = Assert.IsType<JsonElement>(received.Body);
            Assert.Equal(3, body.GetProperty("x").GetInt32());
        }

        // The loop is found by the sending agent, after PublishAsync has returned.
        [Fact]
        public async Task A_back_reference_fails_at_send_without_the_caller_knowing()
        {
            var error = await PublishAndFailToSend(Parent.WithOneChild());

            Assert.StartsWith("A possible object cycle was detected.", Assert.IsType<JsonException>(error).Message);
        }

        [Fact]
        public async Task A_delegate_typed_property_fails_at_send_without_the_caller_knowing()
        {
            var error = await PublishAndFailToSend(new WithCallback { Callback = () => 42 });

            Assert.StartsWith("Serialization and deserialization of 'System.Func`1[[System.Int32,", Assert.IsType<NotSupportedException>(error).Message);
            Assert.EndsWith("Path: $.Callback.", error.Message);
        }

        [Fact]
        public async Task An_Action_typed_property_fails_at_send_without_the_caller_knowing()
        {
            var error = await PublishAndFailToSend(new WithAction { OnDone = () => { } });

            Assert.Equal("Serialization and deserialization of 'System.Action' instances is not supported. Path: $.OnDone.", Assert.IsType<NotSupportedException>(error).Message);
        }

        // A Stream is written as an object: reading MemoryStream.ReadTimeout throws.
        [Fact]
        public async Task A_stream_typed_property_fails_at_send_without_the_caller_knowing()
        {
            var error = await PublishAndFailToSend(new WithStream { Content = new MemoryStream(new byte[] { 1, 2, 3 }) });

            Assert.Equal("Timeouts are not supported on this stream.", Assert.IsType<InvalidOperationException>(error).Message);
        }

        // Written as an object down to its token's wait handle, whose IntPtr System.Text.Json refuses.
        [Fact]
        public async Task A_CancellationTokenSource_fails_at_send_without_the_caller_knowing()
        {
            using var source = new CancellationTokenSource();

            var error = await PublishAndFailToSend(new WithCancellation { Cancellation = source });

            Assert.Equal(
                "Serialization and deserialization of 'System.IntPtr' instances is not supported. Path: $.Cancellation.Token.WaitHandle.Handle.",
                Assert.IsType<NotSupportedException>(error).Message);
        }

        // Task has no constructor System.Text.Json can use: written as an object, refused when read.
        [Fact]
        public async Task A_Task_typed_property_fails_when_received()
        {
            var (error, _) = await PublishAndFail<NotSupportedException, WithTask>(new WithTask { Pending = Task.FromResult(1) });

            Assert.StartsWith(DeserializationNotSupported + typeof(Task).FullName + "'. Path: $.pending", error.Message);
        }

        // Wolverine's options leave IncludeFields off: public fields are not even written.
        [Fact]
        public async Task Public_fields_are_lost_and_are_not_written()
        {
            var (received, envelope) = await PublishAndReceive(new WithFields("code") { Count = 4 });

            Assert.Equal(0, received.Count);
            Assert.Null(received.Code);
            Assert.Equal("{}", Body(envelope));
        }

        // A constructor parameter must bind to a property (fields do not count): the readonly field's type fails.
        [Fact]
        public async Task A_readonly_field_set_by_the_only_constructor_fails_when_received()
        {
            var (error, body) = await PublishAndFail<InvalidOperationException, ReadonlyFieldByConstructor>(new ReadonlyFieldByConstructor("code"));

            Assert.StartsWith(
                "Each parameter in the deserialization constructor on type '" + typeof(ReadonlyFieldByConstructor).FullName
                + "' must bind to an object property or field on deserialization.",
                error.Message);
            Assert.Contains("Fields are only considered when 'JsonSerializerOptions.IncludeFields' is enabled.", error.Message);
            Assert.Equal("{}", body);
        }

        // Base64 in the JSON: it arrives.
        [Fact]
        public async Task A_byte_array_survives()
        {
            var (received, envelope) = await PublishAndReceive(new WithBytes { Data = new byte[] { 1, 2, 3 } });

            Assert.Equal(new byte[] { 1, 2, 3 }, received.Data);
            Assert.Equal("{\"data\":\"AQID\"}", Body(envelope));
        }

        // A positional record is read through its primary constructor.
        [Fact]
        public async Task A_record_survives()
        {
            var at = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

            var (received, _) = await PublishAndReceive(new Receipt(12.5m, at));

            Assert.Equal(new Receipt(12.5m, at), received);
            Assert.Equal(DateTimeKind.Utc, received.At.Kind);
        }

        // UseSystemTextJsonForSerialization is the setting: it configures the options the default serializer uses.
        // IncludeFields makes a public field survive; a readonly one is still not set when read.
        [Fact]
        public void UseSystemTextJsonForSerialization_changes_what_survives()
        {
            var options = new WolverineOptions();
            options.UseSystemTextJsonForSerialization(json => json.IncludeFields = true);
            var serializer = options.DefaultSerializer;

            var bytes = serializer.WriteMessage(new WithFields("code") { Count = 4 });
            var read = Assert.IsType<WithFields>(serializer.ReadFromData(typeof(WithFields), new Envelope { Data = bytes }));

            Assert.Equal("{\"count\":4,\"code\":\"code\"}", Encoding.UTF8.GetString(bytes));
            Assert.Equal(4, read.Count);
            Assert.Null(read.Code);
        }

        private static string Body(Envelope envelope) => Encoding.UTF8.GetString(envelope.Data!);

        /// <summary>Publishes the message to the TCP endpoint and returns what the handler got, with its envelope.</summary>
        private async Task<(T Message, Envelope Envelope)> PublishAndReceive<T>(T message)
            where T : notnull
        {
            var expect = _host.Inbox.Expect<T>();
            await _host.Bus.PublishAsync(message);
            return await expect(s_timeout);
        }

        /// <summary>
        /// Publishes the message and waits, with Wolverine's message tracking, until the listener has moved it to the
        /// error queue; the handler must not have run. Returns the exception it was moved with and the body it could
        /// not read.
        /// </summary>
        private async Task<(TException Error, string Body)> PublishAndFail<TException, T>(T message)
            where TException : Exception
            where T : notnull
        {
            _host.Inbox.Expect<T>();
            var session = await _host.App.TrackActivity()
                .IncludeExternalTransports()
                .DoNotAssertOnExceptionsDetected()
                .Timeout(s_timeout)
                .PublishMessageAndWaitAsync(message);

            var moved = Assert.Single(session.MovedToErrorQueue.RecordsInOrder());
            Assert.Empty(session.ExecutionStarted.RecordsInOrder());
            Assert.False(_host.Inbox.Received<T>(), "the handler ran");
            Assert.Equal(typeof(T).ToMessageTypeName(), moved.Envelope!.MessageType);

            // With no message store the error queue is Wolverine's NullMessageStore: the log is all that is left.
            Assert.IsType<NullMessageStore>(_host.Runtime.Storage);
            await _host.Logs.WaitForAsync(
                entry => entry.Message.Contains("#" + moved.Envelope.Id) && entry.Message.EndsWith("was moved to the error queue") && entry.Exception is TException,
                1,
                s_timeout);
            return (Assert.IsType<TException>(moved.Exception), Body(moved.Envelope));
        }

        /// <summary>
        /// Publishes the message, which has a TCP endpoint of its own, and waits for the sending agent to give up on
        /// it: three attempts, each logged with the serializer's exception, then the endpoint's sender latched. The
        /// handler must not have run. Returns the serializer's exception (inside Wolverine's).
        /// </summary>
        private async Task<Exception> PublishAndFailToSend<T>(T message)
            where T : notnull
        {
            var port = _host.PortOf(typeof(T));
            _host.Inbox.Expect<T>();

            await _host.Bus.PublishAsync(message);

            var failures = await _host.Logs.WaitForAsync(
                entry => entry.Message.StartsWith("Error while trying to serialize envelope ") && entry.Message.Contains("(" + typeof(T).FullName!.Replace('+', '.') + ")"),
                3,
                s_timeout);
            await _host.Logs.WaitForAsync(entry => entry.Message == $"Sending agent for tcp://localhost:{port}/ is latched", 1, s_timeout);
            Assert.False(_host.Inbox.Received<T>(), "the handler ran");
            var error = Assert.IsType<WolverineSerializationException>(failures[0].Exception);
            Assert.Equal(
                $"Error trying to serialize message of type {typeof(T).FullName!.Replace('+', '.')} with serializer Wolverine.Runtime.Serialization.SystemTextJsonSerializer",
                error.Message);
            return error.InnerException!;
        }

        /// <summary>
        /// One Wolverine host for the class: <see cref="WolverinePayloadHandler"/> for every shape, each shape published
        /// to a TCP endpoint on loopback that the host listens on; the shapes that cannot be written each to an endpoint
        /// of their own, since a failed send latches the endpoint's sender. No message store.
        /// </summary>
        public sealed class Host : IAsyncLifetime
        {
            private static readonly Type[] s_unwritable = { typeof(Parent), typeof(WithCallback), typeof(WithAction), typeof(WithStream), typeof(WithCancellation) };

            private static readonly Type[] s_writable =
            {
                typeof(PrivateConstructorOnly), typeof(PrivateAndPublicConstructor), typeof(TwoConstructors), typeof(PrivateSetter), typeof(GetOnly),
                typeof(Drawing), typeof(Pet), typeof(PayloadShapes.Envelope), typeof(WithTask), typeof(WithFields), typeof(ReadonlyFieldByConstructor),
                typeof(WithBytes), typeof(Receipt),
            };

            private readonly Dictionary<Type, int> _ports = s_unwritable.ToDictionary(type => type, _ => Loopback.FreePort());
            private IHost? _host;
            private IServiceScope? _scope;

            public int Port { get; } = Loopback.FreePort();

            public CapturedLogs Logs { get; } = new();

            public IHost App => _host!;

            public IMessageBus Bus => _scope!.ServiceProvider.GetRequiredService<IMessageBus>();

            public WolverinePayloadInbox Inbox => _host!.Services.GetRequiredService<WolverinePayloadInbox>();

            public Wolverine.Runtime.WolverineRuntime Runtime => _host!.GetRuntime();

            public int PortOf(Type type) => _ports[type];

            public async Task InitializeAsync()
            {
                var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(Logs);
                builder.Services.AddSingleton<WolverinePayloadInbox>();
                builder.UseWolverine(opts =>
                {
                    opts.Discovery.DisableConventionalDiscovery().IncludeType<WolverinePayloadHandler>();
                    opts.ListenAtPort(Port);
                    opts.Publish(rule =>
                    {
                        foreach (var type in s_writable)
                        {
                            rule.Message(type);
                        }

                        rule.ToPort(Port);
                    });
                    foreach (var (type, port) in _ports)
                    {
                        opts.ListenAtPort(port);
                        opts.Publish(rule =>
                        {
                            rule.Message(type);
                            rule.ToPort(port);
                        });
                    }
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
