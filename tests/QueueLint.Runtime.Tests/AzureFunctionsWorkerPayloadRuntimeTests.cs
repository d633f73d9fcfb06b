using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static QueueLint.Runtime.Tests.PayloadShapes;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0009: what the Azure Functions isolated worker (Microsoft.Azure.Functions.Worker 2.52) does with a POCO a
    /// function returns to a queue or Service Bus output binding, and with that message when it triggers a function
    /// whose parameter is the POCO's type, when the application configures no serializer. The worker runs in memory
    /// (<see cref="FunctionsWorkerHost"/>): its invocation handler answers as it answers the Functions host, and the
    /// test passes the output binding's value on as the host passes a queue message's text to a queue trigger.
    /// <para>
    /// Both ways use <c>WorkerOptions.Serializer</c>. By default (<c>ConfigureFunctionsWorkerDefaults</c>) it is an
    /// Azure.Core <see cref="JsonObjectSerializer"/> over the <see cref="JsonSerializerOptions"/> of the options
    /// system, which the worker configures with <see cref="JsonSerializerOptions.PropertyNameCaseInsensitive"/> only
    /// (no fields, no reference handling, no naming policy). The output value is written by its runtime type; the
    /// trigger's POCO is read by the worker's <c>JsonPocoConverter</c> as the parameter's type.
    /// </para>
    /// <list type="bullet">
    /// <item>Lost silently when sent: when the serializer throws (a reference loop, a delegate, a stream, a
    /// <see cref="CancellationTokenSource"/>), the worker catches the exception and sends the value's
    /// <c>ToString()</c> (the type's name) as the message text: the function succeeds, and the function the message
    /// triggers fails to read it.</item>
    /// <item>Fails when received (the invocation fails with the converter's exception; the host retries it and then
    /// moves the message to the poison queue): no public constructor System.Text.Json can use (a <see cref="Task"/>
    /// among them), an interface or abstract property type, a readonly field bound by the constructor, and the type
    /// name sent in place of the shapes above.</item>
    /// <item>Lost silently: a private setter, a get-only property (even a list), public fields (not even written); an
    /// <c>object</c> property comes back as a <see cref="JsonElement"/>.</item>
    /// </list>
    /// The application changes it with <c>services.Configure&lt;JsonSerializerOptions&gt;(…)</c> (the default
    /// serializer's options) or by setting <c>WorkerOptions.Serializer</c> (<c>services.Configure&lt;WorkerOptions&gt;</c>
    /// or <c>ConfigureFunctionsWorkerDefaults(…, options =&gt; options.Serializer = …)</c>).
    /// </summary>
    public sealed class AzureFunctionsWorkerPayloadRuntimeTests : IClassFixture<FunctionsWorkerHost>
    {
        private const string TypeNameIsNotJson = "Error:System.Text.Json.JsonException: 'Q' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0.";

        private readonly FunctionsWorkerHost _worker;

        public AzureFunctionsWorkerPayloadRuntimeTests(FunctionsWorkerHost worker) => _worker = worker;

        [Fact]
        public void The_default_serializer_is_a_JsonObjectSerializer_whose_options_only_ignore_the_case_of_names()
        {
            var serializer = _worker.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer;
            var options = _worker.Services.GetRequiredService<IOptions<JsonSerializerOptions>>().Value;

            Assert.IsType<JsonObjectSerializer>(serializer);
            Assert.True(options.PropertyNameCaseInsensitive);
            Assert.False(options.IncludeFields);
            Assert.Null(options.ReferenceHandler);
            Assert.Null(options.PropertyNamingPolicy);
        }

        // The queue message's text is the JSON of the returned value, by its runtime type.
        [Fact]
        public async Task A_returned_POCO_is_sent_as_its_JSON_and_read_back_ignoring_the_case_of_names()
        {
            var sent = await Send(new PrivateAndPublicConstructor("b-2") { Quantity = 5 });
            var received = await Receive<PrivateAndPublicConstructor>(Text("{\"name\":\"c-3\",\"QUANTITY\":6}"));

            Assert.Equal("{\"Name\":\"b-2\",\"Quantity\":5}", sent.GetProperty("json").GetString());
            Assert.Equal(("c-3", 6), (received.Name, received.Quantity));
        }

        // System.Text.Json uses public constructors only: a private parameterless one is not enough.
        [Fact]
        public async Task A_type_whose_only_parameterless_constructor_is_private_fails_when_received()
        {
            var sent = await Send(PrivateConstructorOnly.Create("a-1"));
            var failed = await ReceiveFails<PrivateConstructorOnly>(sent);

            Assert.Equal("{\"Name\":\"a-1\"}", sent.GetProperty("json").GetString());
            Assert.StartsWith(
                ConversionFailed<PrivateConstructorOnly>() + "Error:System.NotSupportedException: " + DurableAssert.NoUsableConstructor + typeof(PrivateConstructorOnly).FullName + "'. Path: $",
                failed);
        }

        // With a public constructor that takes parameters, that one is used and the rest set through setters.
        [Fact]
        public async Task A_private_parameterless_constructor_next_to_a_public_one_with_parameters_survives()
        {
            var received = await Receive<PrivateAndPublicConstructor>(await Send(new PrivateAndPublicConstructor("b-2") { Quantity = 5 }));

            Assert.Equal(("b-2", 5), (received.Name, received.Quantity));
        }

        // Two public constructors with parameters and none without: System.Text.Json cannot choose.
        [Fact]
        public async Task Two_public_constructors_with_parameters_fail_when_received()
        {
            var failed = await ReceiveFails<TwoConstructors>(await Send(new TwoConstructors("a", 2)));

            Assert.StartsWith(
                ConversionFailed<TwoConstructors>() + "Error:System.NotSupportedException: " + DurableAssert.NoUsableConstructor + typeof(TwoConstructors).FullName + "'. Path: $",
                failed);
        }

        // The public getter writes the value into the message; the private setter is not used when reading.
        [Fact]
        public async Task A_private_setter_is_lost_although_the_message_carries_the_value()
        {
            var order = new PrivateSetter();
            order.Add(5);

            var sent = await Send(order);
            var received = await Receive<PrivateSetter>(sent);

            Assert.Equal("{\"Total\":5}", sent.GetProperty("json").GetString());
            Assert.Equal(0, received.Total);
        }

        [Fact]
        public async Task A_get_only_int_and_a_get_only_list_are_lost()
        {
            var counter = new GetOnly(7);
            counter.Items.Add(1);
            counter.Items.Add(2);

            var sent = await Send(counter);
            var received = await Receive<GetOnly>(sent);

            Assert.Equal("{\"Count\":7,\"Items\":[1,2]}", sent.GetProperty("json").GetString());
            Assert.Equal((0, 0), (received.Count, received.Items.Count));
        }

        // Written by its declared type (only the interface's members), and an interface cannot be created.
        [Fact]
        public async Task An_interface_typed_property_fails_when_received()
        {
            var sent = await Send(new Drawing { Shape = new Circle { Radius = 2 } });
            var failed = await ReceiveFails<Drawing>(sent);

            Assert.Equal("{\"Shape\":{\"Kind\":\"circle\"}}", sent.GetProperty("json").GetString());
            Assert.StartsWith(ConversionFailed<Drawing>() + "Error:System.NotSupportedException: " + DurableAssert.AbstractType + typeof(IShape).FullName + "'. Path: $.Shape", failed);
        }

        [Fact]
        public async Task An_abstract_class_typed_property_fails_when_received()
        {
            var sent = await Send(new Pet { Animal = new Dog { Name = "Rex", Good = true } });
            var failed = await ReceiveFails<Pet>(sent);

            Assert.Equal("{\"Animal\":{\"Name\":\"Rex\"}}", sent.GetProperty("json").GetString());
            Assert.StartsWith(ConversionFailed<Pet>() + "Error:System.NotSupportedException: " + DurableAssert.AbstractType + typeof(Animal).FullName + "'. Path: $.Animal", failed);
        }

        [Fact]
        public async Task An_object_typed_property_comes_back_as_a_JsonElement()
        {
            var received = await Receive<Envelope>(await Send(new Envelope { Body = new Point { X = 3 } }));

            Assert.Equal(3, Assert.IsType<JsonElement>(received.Body).GetProperty("X").GetInt32());
        }

        // The serializer throws (a possible object cycle); the worker catches it and sends the value's ToString().
        // The function succeeded: the host writes the type's name to the queue.
        [Fact]
        public async Task A_back_reference_is_sent_as_the_type_name_and_the_message_cannot_be_read()
        {
            var sent = await Send(Parent.WithOneChild());
            var failed = await ReceiveFails<Parent>(sent);

            Assert.Equal(typeof(Parent).FullName, SentAsText(sent));
            Assert.StartsWith(ConversionFailed<Parent>() + TypeNameIsNotJson, failed);
        }

        // The same from a Service Bus output binding: the worker converts every output value the same way.
        [Fact]
        public async Task A_back_reference_is_sent_to_Service_Bus_as_the_type_name()
        {
            var sent = await Send(Parent.WithOneChild(), "send-servicebus");

            Assert.Equal(typeof(Parent).FullName, SentAsText(sent));
        }

        [Fact]
        public async Task A_Func_typed_property_is_sent_as_the_type_name()
        {
            var sent = await Send(new WithCallback { Callback = () => 42 });
            var failed = await ReceiveFails<WithCallback>(sent);

            Assert.Equal(typeof(WithCallback).FullName, SentAsText(sent));
            Assert.StartsWith(ConversionFailed<WithCallback>() + TypeNameIsNotJson, failed);
        }

        [Fact]
        public async Task An_Action_typed_property_is_sent_as_the_type_name()
        {
            var sent = await Send(new WithAction { OnDone = () => { } });

            Assert.Equal(typeof(WithAction).FullName, SentAsText(sent));
        }

        [Fact]
        public async Task A_stream_typed_property_is_sent_as_the_type_name()
        {
            var sent = await Send(new WithStream { Content = new MemoryStream(new byte[] { 1, 2, 3 }) });

            Assert.Equal(typeof(WithStream).FullName, SentAsText(sent));
        }

        [Fact]
        public async Task A_CancellationTokenSource_is_sent_as_the_type_name()
        {
            using var source = new CancellationTokenSource();

            var sent = await Send(new WithCancellation { Cancellation = source });

            Assert.Equal(typeof(WithCancellation).FullName, SentAsText(sent));
        }

        // A completed Task is written as its public properties, and Task has no constructor System.Text.Json can use.
        [Fact]
        public async Task A_Task_typed_property_fails_when_received()
        {
            var sent = await Send(new WithTask { Pending = Task.CompletedTask });
            var failed = await ReceiveFails<WithTask>(sent);

            Assert.Contains("\"IsCompletedSuccessfully\":true", sent.GetProperty("json").GetString(), StringComparison.Ordinal);
            Assert.StartsWith(ConversionFailed<WithTask>() + "Error:System.NotSupportedException: " + DurableAssert.NoUsableConstructor + typeof(Task).FullName + "'. Path: $.Pending", failed);
        }

        // IncludeFields is off: public fields are not even written.
        [Fact]
        public async Task Public_fields_are_lost_and_are_not_written()
        {
            var sent = await Send(new WithFields("code") { Count = 4 });
            var received = await Receive<WithFields>(sent);

            Assert.Equal("{}", sent.GetProperty("json").GetString());
            Assert.Equal((0, null), (received.Count, received.Code));
        }

        // A constructor parameter must bind to a property (fields do not count): the readonly field's type fails.
        [Fact]
        public async Task A_readonly_field_set_by_the_only_constructor_fails_when_received()
        {
            var sent = await Send(new ReadonlyFieldByConstructor("code"));
            var failed = await ReceiveFails<ReadonlyFieldByConstructor>(sent);

            Assert.Equal("{}", sent.GetProperty("json").GetString());
            Assert.StartsWith(
                ConversionFailed<ReadonlyFieldByConstructor>() + "Error:System.InvalidOperationException: Each parameter in the deserialization constructor on type '"
                + typeof(ReadonlyFieldByConstructor).FullName + "' must bind to an object property or field on deserialization.",
                failed);
        }

        [Fact]
        public async Task A_byte_array_survives()
        {
            var sent = await Send(new WithBytes { Data = new byte[] { 1, 2, 3 } });
            var received = await Receive<WithBytes>(sent);

            Assert.Equal("{\"Data\":\"AQID\"}", sent.GetProperty("json").GetString());
            Assert.Equal(new byte[] { 1, 2, 3 }, received.Data);
        }

        [Fact]
        public async Task A_record_survives()
        {
            var receipt = new Receipt(12.5m, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));

            var received = await Receive<Receipt>(await Send(receipt));

            Assert.Equal(receipt, received);
            Assert.Equal(DateTimeKind.Utc, received.At.Kind);
        }

        /// <summary>
        /// Invokes the queue-triggered <c>send</c> function (or <paramref name="function"/>), which returns the payload
        /// to its output binding; the invocation must succeed. Returns the output's <c>TypedData</c>.
        /// </summary>
        private Task<JsonElement> Send(object payload, string function = "send") => Send(_worker, payload, function);

        private Task<T> Receive<T>(JsonElement message) => Receive<T>(_worker, message);

        private Task<string> ReceiveFails<T>(JsonElement message) => ReceiveFails<T>(_worker, message);

        internal static async Task<JsonElement> Send(FunctionsWorkerHost worker, object payload, string function = "send")
        {
            var invocation = await worker.Invoke(function, "key", Text(WorkerFunctions.Outgoing(payload)));
            Assert.Equal("Success", invocation.Status);
            return invocation.ReturnValue;
        }

        /// <summary>Triggers <c>receive-T</c> with the message; the invocation must succeed. Returns what the function got.</summary>
        internal static async Task<T> Receive<T>(FunctionsWorkerHost worker, JsonElement message)
        {
            var invocation = await worker.Invoke("receive-" + typeof(T).Name, "message", message);
            Assert.Equal("Success", invocation.Status);
            return Assert.IsType<T>(Observed.Get(invocation.Id));
        }

        /// <summary>Triggers <c>receive-T</c>; the invocation must fail before the function ran. Returns the error.</summary>
        internal static async Task<string> ReceiveFails<T>(FunctionsWorkerHost worker, JsonElement message)
        {
            var invocation = await worker.Invoke("receive-" + typeof(T).Name, "message", message);
            Assert.Equal("Failure", invocation.Status);
            Assert.False(Observed.TryGet(invocation.Id, out _), "the function ran");
            return invocation.Error;
        }

        /// <summary>The text of a message sent as a string (not JSON).</summary>
        private static string SentAsText(JsonElement sent)
        {
            Assert.False(sent.TryGetProperty("json", out _), "the value was sent as JSON");
            return sent.GetProperty("string").GetString()!;
        }

        private static string ConversionFailed<T>()
            => "Error converting 1 input parameters for Function 'receive-" + typeof(T).Name + "': Cannot convert input parameter 'message' to type '"
               + typeof(T).FullName + "' from type 'System.String'. ";

        /// <summary>A text as the host gives it to the worker (a queue message's text, a trigger's key): a string <c>TypedData</c>.</summary>
        internal static JsonElement Text(string text) => JsonDocument.Parse(JsonSerializer.Serialize(new { @string = text })).RootElement.Clone();
    }

    /// <summary>
    /// QL0009: the application settings that change what the isolated worker's output bindings and POCO triggers do,
    /// each on its own worker: the default serializer's <see cref="JsonSerializerOptions"/>, and
    /// <c>WorkerOptions.Serializer</c> itself.
    /// </summary>
    public sealed class AzureFunctionsWorkerSerializerSettingsRuntimeTests
    {
        // services.Configure<JsonSerializerOptions>: the options the default JsonObjectSerializer is built over.
        [Fact]
        public async Task Configuring_JsonSerializerOptions_to_preserve_references_sends_a_back_reference_as_JSON()
        {
            using var worker = new FunctionsWorkerHost(builder => builder.Services.Configure<JsonSerializerOptions>(options => options.ReferenceHandler = ReferenceHandler.Preserve));

            var sent = await AzureFunctionsWorkerPayloadRuntimeTests.Send(worker, Parent.WithOneChild());
            var received = await AzureFunctionsWorkerPayloadRuntimeTests.Receive<Parent>(worker, sent);

            Assert.StartsWith("{\"$id\":\"1\",", sent.GetProperty("json").GetString(), StringComparison.Ordinal);
            Assert.Same(received, Assert.Single(received.Children).Parent);
        }

        // WorkerOptions.Serializer replaces the serializer, for output bindings and POCO triggers alike.
        [Fact]
        public async Task Setting_WorkerOptions_Serializer_to_one_that_includes_fields_sends_public_fields()
        {
            var serializer = new JsonObjectSerializer(new JsonSerializerOptions { IncludeFields = true });
            using var worker = new FunctionsWorkerHost(builder => builder.Services.Configure<WorkerOptions>(options => options.Serializer = serializer));

            var sent = await AzureFunctionsWorkerPayloadRuntimeTests.Send(worker, new WithFields("code") { Count = 4 });
            var received = await AzureFunctionsWorkerPayloadRuntimeTests.Receive<WithFields>(worker, sent);

            Assert.Same(serializer, worker.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer);
            Assert.Equal("{\"Count\":4,\"Code\":\"code\"}", sent.GetProperty("json").GetString());
            Assert.Equal(4, received.Count);
        }
    }
}
