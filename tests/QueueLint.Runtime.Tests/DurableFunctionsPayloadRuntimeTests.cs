using System;
using System.Text.Json;
using System.Threading.Tasks;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.DurableTask;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using static QueueLint.Runtime.Tests.PayloadShapes;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0009: what isolated Durable Functions (Microsoft.Azure.Functions.Worker.Extensions.DurableTask 1.22) does with
    /// an orchestration's or an activity's input. Its worker startup (<see cref="DurableTaskExtensionStartup"/>, run
    /// here on a real worker, <see cref="FunctionsWorkerHost"/>) post-configures the Durable Task SDK's worker and
    /// client options with a converter over <c>WorkerOptions.Serializer</c>: the worker's default
    /// <see cref="JsonObjectSerializer"/>, whose options ignore the case of names and leave fields out. So the SDK's
    /// own default (<see cref="JsonDataConverter"/>, with fields) is not what a Functions app gets, and a
    /// <c>DurableTaskWorkerOptions.DataConverter</c> the application sets is replaced; what changes it is
    /// <c>WorkerOptions.Serializer</c> (or the <see cref="JsonSerializerOptions"/> the default one is built over).
    /// <para>
    /// The orchestrations run on the SDK's in-process test host with that converter registered: that is where the
    /// extension runs them in a Functions app (the SDK's worker shims, fed by the Functions host). An activity
    /// function's input is read by the extension's <c>ActivityInputConverter</c> with the same converter; the
    /// <c>activity-…</c> tests run that through the worker. What the Functions host then reports to the orchestration
    /// needs the host, which cannot run here.
    /// </para>
    /// <list type="bullet">
    /// <item>As with the SDK: fails when scheduled (a reference loop, a delegate); fails when run (no usable public
    /// constructor, an interface property, a <see cref="Task"/>); lost silently (a private setter; an <c>object</c>
    /// property comes back as a <see cref="JsonElement"/>); a byte array survives.</item>
    /// <item>Unlike the SDK's default: public fields are lost (not even written), and a readonly field bound by the
    /// only constructor fails when run.</item>
    /// </list>
    /// </summary>
    public sealed class DurableFunctionsPayloadRuntimeTests : IClassFixture<DurableFunctionsPayloadRuntimeTests.FunctionsDurableHost>
    {
        private readonly FunctionsDurableHost _durable;

        public DurableFunctionsPayloadRuntimeTests(FunctionsDurableHost durable) => _durable = durable;

        [Fact]
        public void The_extension_converts_with_WorkerOptions_Serializer_in_the_worker_and_the_client()
        {
            var services = _durable.Worker.Services;
            var worker = services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName).DataConverter;
            var client = services.GetRequiredService<IOptionsMonitor<DurableTaskClientOptions>>().Get(Options.DefaultName).DataConverter;

            Assert.Equal("Microsoft.Azure.Functions.Worker.Extensions.DurableTask.ObjectConverterShim", worker.GetType().FullName);
            Assert.IsType(worker.GetType(), client);

            // No fields; names read whatever their case.
            Assert.Equal("{}", worker.Serialize(new WithFields("code") { Count = 4 }));
            Assert.Equal("b-2", worker.Deserialize<PrivateAndPublicConstructor>("{\"name\":\"b-2\"}")!.Name);
        }

        [Fact]
        public void A_DataConverter_the_application_sets_is_replaced_and_WorkerOptions_Serializer_is_used_instead()
        {
            using var configured = new FunctionsWorkerHost(builder =>
            {
                new DurableTaskExtensionStartup().Configure(builder);
                builder.Services.Configure<DurableTaskWorkerOptions>(options => options.DataConverter = JsonDataConverter.Default);
            });
            using var serializer = new FunctionsWorkerHost(builder =>
            {
                new DurableTaskExtensionStartup().Configure(builder);
                builder.Services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(new JsonSerializerOptions { IncludeFields = true }));
            });

            var ignored = configured.Services.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value.DataConverter;
            var used = serializer.Services.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value.DataConverter;

            Assert.IsNotType<JsonDataConverter>(ignored);
            Assert.Equal("{}", ignored.Serialize(new WithFields("code") { Count = 4 }));
            Assert.Equal("{\"Count\":4,\"Code\":\"code\"}", used.Serialize(new WithFields("code") { Count = 4 }));
        }

        [Fact]
        public async Task A_type_whose_only_parameterless_constructor_is_private_fails_when_run()
        {
            var received = await _durable.ScheduleAndWait(PrivateConstructorOnly.Create("a-1"));
            var called = await _durable.CallActivity(PrivateConstructorOnly.Create("a-1"));

            var message = DurableAssert.NoUsableConstructor + typeof(PrivateConstructorOnly).FullName + "'.";
            DurableAssert.FailedBeforeTheOrchestratorRan(received, "System.NotSupportedException", message);
            DurableAssert.ActivityFailedBeforeItRan(called, "System.NotSupportedException", message);
        }

        [Fact]
        public async Task A_private_setter_is_lost_although_the_input_carries_the_value()
        {
            var order = new PrivateSetter();
            order.Add(5);

            var received = await _durable.ScheduleAndWait(order);
            var (orchestration, activity) = DurableAssert.BothRan<PrivateSetter>(received, await _durable.CallActivity(order));

            Assert.Equal("{\"Total\":5}", received.Instance.SerializedInput);
            Assert.Equal((0, 0), (orchestration.Total, activity.Total));
        }

        [Fact]
        public async Task An_interface_typed_property_fails_when_run()
        {
            var received = await _durable.ScheduleAndWait(new Drawing { Shape = new Circle { Radius = 2 } });
            var called = await _durable.CallActivity(new Drawing { Shape = new Circle { Radius = 2 } });

            var message = DurableAssert.AbstractType + typeof(IShape).FullName + "'.";
            DurableAssert.FailedBeforeTheOrchestratorRan(received, "System.NotSupportedException", message);
            DurableAssert.ActivityFailedBeforeItRan(called, "System.NotSupportedException", message);
        }

        [Fact]
        public async Task An_object_typed_property_comes_back_as_a_JsonElement()
        {
            var (orchestration, activity) = DurableAssert.BothRan<Envelope>(
                await _durable.ScheduleAndWait(new Envelope { Body = new Point { X = 3 } }),
                await _durable.CallActivity(new Envelope { Body = new Point { X = 3 } }));

            Assert.Equal(3, Assert.IsType<JsonElement>(orchestration.Body).GetProperty("X").GetInt32());
            Assert.Equal(3, Assert.IsType<JsonElement>(activity.Body).GetProperty("X").GetInt32());
        }

        [Fact]
        public async Task A_back_reference_fails_when_scheduled()
        {
            var scheduled = await _durable.ScheduleThrows<System.Text.Json.JsonException, Parent>(Parent.WithOneChild());
            var called = DurableAssert.CallActivityAsyncThrew<System.Text.Json.JsonException>(await _durable.CallActivity(Parent.WithOneChild()));

            Assert.StartsWith("A possible object cycle was detected.", scheduled.Message);
            Assert.StartsWith("A possible object cycle was detected.", called.Message);
        }

        [Fact]
        public async Task A_delegate_typed_property_fails_when_scheduled()
        {
            var scheduled = await _durable.ScheduleThrows<NotSupportedException, WithAction>(new WithAction { OnDone = () => { } });
            var called = DurableAssert.CallActivityAsyncThrew<NotSupportedException>(await _durable.CallActivity(new WithAction { OnDone = () => { } }));

            Assert.Equal("Serialization and deserialization of 'System.Action' instances is not supported. Path: $.OnDone.", scheduled.Message);
            Assert.Equal(scheduled.Message, called.Message);
        }

        [Fact]
        public async Task A_Task_typed_property_fails_when_run()
        {
            var received = await _durable.ScheduleAndWait(new WithTask { Pending = Task.CompletedTask });
            var called = await _durable.CallActivity(new WithTask { Pending = Task.CompletedTask });

            var message = DurableAssert.NoUsableConstructor + typeof(Task).FullName + "'.";
            DurableAssert.FailedBeforeTheOrchestratorRan(received, "System.NotSupportedException", message);
            DurableAssert.ActivityFailedBeforeItRan(called, "System.NotSupportedException", message);
        }

        // Unlike the SDK's default converter: fields are neither written nor read.
        [Fact]
        public async Task Public_fields_are_lost_and_are_not_written()
        {
            var received = await _durable.ScheduleAndWait(new WithFields("code") { Count = 4 });
            var (orchestration, activity) = DurableAssert.BothRan<WithFields>(received, await _durable.CallActivity(new WithFields("code") { Count = 4 }));

            Assert.Equal("{}", received.Instance.SerializedInput);
            Assert.Equal((0, null), (orchestration.Count, orchestration.Code));
            Assert.Equal((0, null), (activity.Count, activity.Code));
        }

        // Unlike the SDK's default converter: the constructor's parameter has no property to bind to.
        [Fact]
        public async Task A_readonly_field_set_by_the_only_constructor_fails_when_run()
        {
            var received = await _durable.ScheduleAndWait(new ReadonlyFieldByConstructor("code"));
            var called = await _durable.CallActivity(new ReadonlyFieldByConstructor("code"));

            var message = "Each parameter in the deserialization constructor on type '" + typeof(ReadonlyFieldByConstructor).FullName + "' must bind to an object property or field on deserialization.";
            DurableAssert.FailedBeforeTheOrchestratorRan(received, "System.InvalidOperationException", message);
            DurableAssert.ActivityFailedBeforeItRan(called, "System.InvalidOperationException", message);
        }

        [Fact]
        public async Task A_byte_array_survives()
        {
            var (orchestration, activity) = DurableAssert.BothRan<WithBytes>(
                await _durable.ScheduleAndWait(new WithBytes { Data = new byte[] { 1, 2, 3 } }),
                await _durable.CallActivity(new WithBytes { Data = new byte[] { 1, 2, 3 } }));

            Assert.Equal(new byte[] { 1, 2, 3 }, orchestration.Data);
            Assert.Equal(new byte[] { 1, 2, 3 }, activity.Data);
        }

        // An [ActivityTrigger] function's input, as the orchestrator's CallActivityAsync wrote it, read by the
        // extension's ActivityInputConverter in the worker: the invocation fails before the function runs.
        [Fact]
        public async Task An_activity_function_whose_input_cannot_be_read_fails_before_it_runs()
        {
            var input = _durable.Converter.Serialize(new ReadonlyFieldByConstructor("code"))!;

            var invocation = await _durable.Worker.Invoke("activity-ReadonlyFieldByConstructor", "input", AzureFunctionsWorkerPayloadRuntimeTests.Text(input));

            Assert.Equal("{}", input);
            Assert.Equal("Failure", invocation.Status);
            Assert.False(Observed.TryGet(invocation.Id, out _), "the activity function ran");
            Assert.Contains(
                "Failed to deserialize input for activity function 'activity-ReadonlyFieldByConstructor' into type '" + typeof(ReadonlyFieldByConstructor).FullName
                + "'. Activity inputs must be JSON-serializable values.",
                invocation.Error,
                StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_activity_function_loses_public_fields()
        {
            var input = _durable.Converter.Serialize(new WithFields("code") { Count = 4 })!;

            var invocation = await _durable.Worker.Invoke("activity-WithFields", "input", AzureFunctionsWorkerPayloadRuntimeTests.Text(input));

            Assert.Equal("Success", invocation.Status);
            var received = Assert.IsType<WithFields>(Observed.Get(invocation.Id));
            Assert.Equal((0, null), (received.Count, received.Code));
        }

        /// <summary>
        /// A real isolated worker with the Durable extension's startup, and a Durable Task test host whose worker and
        /// client use the converter that startup configured.
        /// </summary>
        public sealed class FunctionsDurableHost : DurablePayloadHost
        {
            public FunctionsWorkerHost Worker { get; } = new(builder => new DurableTaskExtensionStartup().Configure(builder));

            public DataConverter Converter => Worker.Services.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value.DataConverter;

            public override async Task DisposeAsync()
            {
                await base.DisposeAsync();
                Worker.Dispose();
            }

            protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<DataConverter>(Converter);
        }
    }

    /// <summary>
    /// In-process Durable Functions (Microsoft.Azure.WebJobs.Extensions.DurableTask 3.19): its payloads go through
    /// Newtonsoft.Json with the settings of its default <c>MessageSerializerSettingsFactory</c> (internal; an
    /// application replaces it by registering its own <see cref="IMessageSerializerSettingsFactory"/>). Only the
    /// settings are shown: running <c>IDurableOrchestrationContext.CallActivityAsync</c> needs the WebJobs host with the
    /// extension and a storage provider (Azure Storage or its emulator, Netherite, SQL Server), none of which runs here.
    /// </summary>
    public sealed class DurableFunctionsInProcessSerializerRuntimeTests
    {
        [Fact]
        public void The_default_message_settings_are_Newtonsoft_defaults_without_type_names_or_date_parsing()
        {
            var factoryType = typeof(IMessageSerializerSettingsFactory).Assembly.GetType("Microsoft.Azure.WebJobs.Extensions.DurableTask.MessageSerializerSettingsFactory", throwOnError: true)!;
            var factory = (IMessageSerializerSettingsFactory)Activator.CreateInstance(factoryType, nonPublic: true)!;

            var settings = factory.CreateJsonSerializerSettings();

            Assert.Equal(TypeNameHandling.None, settings.TypeNameHandling);
            Assert.Equal(DateParseHandling.None, settings.DateParseHandling);

            // The rest as Newtonsoft has them: a loop throws, non-public constructors are not used, no references kept.
            Assert.Equal(ReferenceLoopHandling.Error, settings.ReferenceLoopHandling);
            Assert.Equal(ConstructorHandling.Default, settings.ConstructorHandling);
            Assert.Equal(PreserveReferencesHandling.None, settings.PreserveReferencesHandling);
            Assert.Equal(ObjectCreationHandling.Auto, settings.ObjectCreationHandling);
            Assert.Null(settings.ContractResolver);
        }
    }
}
