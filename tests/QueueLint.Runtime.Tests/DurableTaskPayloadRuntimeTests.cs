using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static QueueLint.Runtime.Tests.PayloadShapes;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0009: what the Durable Task SDK (Microsoft.DurableTask 1.28) does with an orchestration's or an activity's
    /// input whose type does not round-trip, when the application configures no converter. Run on the SDK's in-process
    /// test host: its sidecar (DurableTask.Core's in-memory orchestration service behind the gRPC sidecar API) and a
    /// real worker and client talking to it over gRPC, so every input crosses as the JSON text the converter wrote.
    /// <para>
    /// The default converter is <see cref="JsonDataConverter.Default"/>: System.Text.Json with options that only set
    /// <see cref="JsonSerializerOptions.IncludeFields"/> (property names as declared, case-sensitive reading, no type
    /// names, no reference handling). The client uses it for
    /// <c>DurableTaskClient.ScheduleNewOrchestrationInstanceAsync(name, input)</c>, the worker for
    /// <c>TaskOrchestrationContext.CallActivityAsync(name, input)</c> and for reading both inputs. The payload is
    /// written by its runtime type and read as the orchestrator's or activity's declared input type.
    /// </para>
    /// <list type="bullet">
    /// <item>Fails when scheduled (the serializer's exception comes out of the call: from
    /// <c>ScheduleNewOrchestrationInstanceAsync</c>, nothing is created; from <c>CallActivityAsync</c> inside the
    /// orchestrator, the activity is never scheduled and, uncaught, the exception fails the instance): a reference
    /// loop, a delegate (<see cref="Func{TResult}"/>, <see cref="Action"/>), a stream, a
    /// <see cref="CancellationTokenSource"/>.</item>
    /// <item>Fails when run (the orchestrator or the activity never runs): no public constructor System.Text.Json can
    /// use (a <see cref="Task"/> among them), an interface or abstract property type. An orchestration's input: the
    /// instance is Failed with the converter's exception. An activity's input: the orchestrator's
    /// <c>CallActivityAsync</c> throws a <see cref="TaskFailedException"/> whose failure details carry it.</item>
    /// <item>Lost silently: a private setter, a get-only property (even a list), a readonly field that no constructor
    /// parameter binds; an <c>object</c> property comes back as a <see cref="JsonElement"/>.</item>
    /// <item>Survive, unlike with Rebus or MassTransit, because of <c>IncludeFields</c>: public fields, and a
    /// readonly field bound by the only constructor.</item>
    /// </list>
    /// <see cref="DurableTaskDataConverterRuntimeTests"/> shows the setting that changes it: a registered
    /// <see cref="DataConverter"/>.
    /// </summary>
    public sealed class DurableTaskPayloadRuntimeTests : IClassFixture<DurablePayloadHost>
    {
        private readonly DurablePayloadHost _durable;

        public DurableTaskPayloadRuntimeTests(DurablePayloadHost durable) => _durable = durable;

        [Fact]
        public void The_worker_and_the_client_use_the_default_JsonDataConverter_whose_options_only_include_fields()
        {
            var worker = _durable.Host.Services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName);
            var client = _durable.Host.Services.GetRequiredService<IOptionsMonitor<DurableTaskClientOptions>>().Get(Options.DefaultName);

            Assert.Same(JsonDataConverter.Default, worker.DataConverter);
            Assert.Same(JsonDataConverter.Default, client.DataConverter);

            // IncludeFields on; otherwise System.Text.Json's defaults: names as declared, read case-sensitively.
            Assert.Equal("{\"Count\":4,\"Code\":\"code\"}", JsonDataConverter.Default.Serialize(new WithFields("code") { Count = 4 }));
            Assert.Null(JsonDataConverter.Default.Deserialize<PrivateAndPublicConstructor>("{\"name\":\"b-2\"}")!.Name);
        }

        // System.Text.Json uses public constructors only: a private parameterless one is not enough.
        [Fact]
        public async Task A_type_whose_only_parameterless_constructor_is_private_fails_when_run()
        {
            var received = await _durable.ScheduleAndWait(PrivateConstructorOnly.Create("a-1"));
            var called = await _durable.CallActivity(PrivateConstructorOnly.Create("a-1"));

            Assert.Equal("{\"Name\":\"a-1\"}", received.Instance.SerializedInput);
            var message = DurableAssert.NoUsableConstructor + typeof(PrivateConstructorOnly).FullName + "'. Path: $";
            DurableAssert.FailedBeforeTheOrchestratorRan(received, "System.NotSupportedException", message);
            DurableAssert.ActivityFailedBeforeItRan(called, "System.NotSupportedException", message);
        }

        // With a public constructor that takes parameters, that one is used and the rest set through setters.
        [Fact]
        public async Task A_private_parameterless_constructor_next_to_a_public_one_with_parameters_survives()
        {
            var (orchestration, activity) = DurableAssert.BothRan<PrivateAndPublicConstructor>(
                await _durable.ScheduleAndWait(new PrivateAndPublicConstructor("b-2") { Quantity = 5 }),
                await _durable.CallActivity(new PrivateAndPublicConstructor("b-2") { Quantity = 5 }));

            Assert.Equal(("b-2", 5), (orchestration.Name, orchestration.Quantity));
            Assert.Equal(("b-2", 5), (activity.Name, activity.Quantity));
        }

        // Two public constructors with parameters and none without: System.Text.Json cannot choose.
        [Fact]
        public async Task Two_public_constructors_with_parameters_fail_when_run()
        {
            var received = await _durable.ScheduleAndWait(new TwoConstructors("a", 2));
            var called = await _durable.CallActivity(new TwoConstructors("a", 2));

            var message = DurableAssert.NoUsableConstructor + typeof(TwoConstructors).FullName + "'. Path: $";
            DurableAssert.FailedBeforeTheOrchestratorRan(received, "System.NotSupportedException", message);
            DurableAssert.ActivityFailedBeforeItRan(called, "System.NotSupportedException", message);
        }

        // The public getter writes the value; the private setter is not used when reading.
        [Fact]
        public async Task A_private_setter_is_lost_although_the_input_carries_the_value()
        {
            var order = new PrivateSetter();
            order.Add(5);

            var received = await _durable.ScheduleAndWait(order);
            var (orchestration, activity) = DurableAssert.BothRan<PrivateSetter>(received, await _durable.CallActivity(order));

            Assert.Equal("{\"Total\":5}", received.Instance.SerializedInput);
            Assert.Equal(0, orchestration.Total);
            Assert.Equal(0, activity.Total);
        }

        // Get-only properties are not set, and a get-only list is not populated in place.
        [Fact]
        public async Task A_get_only_int_and_a_get_only_list_are_lost()
        {
            var counter = new GetOnly(7);
            counter.Items.Add(1);
            counter.Items.Add(2);

            var received = await _durable.ScheduleAndWait(counter);
            var (orchestration, activity) = DurableAssert.BothRan<GetOnly>(received, await _durable.CallActivity(counter));

            Assert.Equal("{\"Count\":7,\"Items\":[1,2]}", received.Instance.SerializedInput);
            Assert.Equal((0, 0), (orchestration.Count, orchestration.Items.Count));
            Assert.Equal((0, 0), (activity.Count, activity.Items.Count));
        }

        // Written by its declared type (only the interface's members), and an interface cannot be created.
        [Fact]
        public async Task An_interface_typed_property_fails_when_run()
        {
            var received = await _durable.ScheduleAndWait(new Drawing { Shape = new Circle { Radius = 2 } });
            var called = await _durable.CallActivity(new Drawing { Shape = new Circle { Radius = 2 } });

            Assert.Equal("{\"Shape\":{\"Kind\":\"circle\"}}", received.Instance.SerializedInput);
            var message = DurableAssert.AbstractType + typeof(IShape).FullName + "'. Path: $.Shape";
            DurableAssert.FailedBeforeTheOrchestratorRan(received, "System.NotSupportedException", message);
            DurableAssert.ActivityFailedBeforeItRan(called, "System.NotSupportedException", message);
        }

        // Same for an abstract class: the derived class's members are not even written.
        [Fact]
        public async Task An_abstract_class_typed_property_fails_when_run()
        {
            var received = await _durable.ScheduleAndWait(new Pet { Animal = new Dog { Name = "Rex", Good = true } });
            var called = await _durable.CallActivity(new Pet { Animal = new Dog { Name = "Rex", Good = true } });

            Assert.Equal("{\"Animal\":{\"Name\":\"Rex\"}}", received.Instance.SerializedInput);
            var message = DurableAssert.AbstractType + typeof(Animal).FullName + "'. Path: $.Animal";
            DurableAssert.FailedBeforeTheOrchestratorRan(received, "System.NotSupportedException", message);
            DurableAssert.ActivityFailedBeforeItRan(called, "System.NotSupportedException", message);
        }

        // An object-typed property holding a DTO comes back as a JsonElement.
        [Fact]
        public async Task An_object_typed_property_comes_back_as_a_JsonElement()
        {
            var (orchestration, activity) = DurableAssert.BothRan<Envelope>(
                await _durable.ScheduleAndWait(new Envelope { Body = new Point { X = 3 } }),
                await _durable.CallActivity(new Envelope { Body = new Point { X = 3 } }));

            Assert.Equal(3, Assert.IsType<JsonElement>(orchestration.Body).GetProperty("X").GetInt32());
            Assert.Equal(3, Assert.IsType<JsonElement>(activity.Body).GetProperty("X").GetInt32());
        }

        // The loop is found while the input is serialized: by the client inside the call, by the worker inside
        // CallActivityAsync in the orchestrator.
        [Fact]
        public async Task A_back_reference_fails_when_scheduled()
        {
            var scheduled = await _durable.ScheduleThrows<JsonException, Parent>(Parent.WithOneChild());
            var called = DurableAssert.CallActivityAsyncThrew<JsonException>(await _durable.CallActivity(Parent.WithOneChild()));

            Assert.StartsWith("A possible object cycle was detected.", scheduled.Message);
            Assert.StartsWith("A possible object cycle was detected.", called.Message);
        }

        // System.Text.Json refuses delegates outright.
        [Fact]
        public async Task A_Func_typed_property_fails_when_scheduled()
        {
            var scheduled = await _durable.ScheduleThrows<NotSupportedException, WithCallback>(new WithCallback { Callback = () => 42 });
            var called = DurableAssert.CallActivityAsyncThrew<NotSupportedException>(await _durable.CallActivity(new WithCallback { Callback = () => 42 }));

            Assert.StartsWith("Serialization and deserialization of 'System.Func`1[[System.Int32,", scheduled.Message);
            Assert.EndsWith("Path: $.Callback.", scheduled.Message);
            Assert.Equal(scheduled.Message, called.Message);
        }

        [Fact]
        public async Task An_Action_typed_property_fails_when_scheduled()
        {
            var scheduled = await _durable.ScheduleThrows<NotSupportedException, WithAction>(new WithAction { OnDone = () => { } });
            var called = DurableAssert.CallActivityAsyncThrew<NotSupportedException>(await _durable.CallActivity(new WithAction { OnDone = () => { } }));

            Assert.Equal("Serialization and deserialization of 'System.Action' instances is not supported. Path: $.OnDone.", scheduled.Message);
            Assert.Equal(scheduled.Message, called.Message);
        }

        // A Stream is written as an object: reading MemoryStream.ReadTimeout throws.
        [Fact]
        public async Task A_stream_typed_property_fails_when_scheduled()
        {
            var scheduled = await _durable.ScheduleThrows<InvalidOperationException, WithStream>(new WithStream { Content = new MemoryStream(new byte[] { 1, 2, 3 }) });
            var called = DurableAssert.CallActivityAsyncThrew<InvalidOperationException>(await _durable.CallActivity(new WithStream { Content = new MemoryStream(new byte[] { 1, 2, 3 }) }));

            Assert.Equal("Timeouts are not supported on this stream.", scheduled.Message);
            Assert.Equal("Timeouts are not supported on this stream.", called.Message);
        }

        // Written as an object down to its token's wait handle, whose IntPtr System.Text.Json refuses.
        [Fact]
        public async Task A_CancellationTokenSource_fails_when_scheduled()
        {
            using var source = new CancellationTokenSource();

            var scheduled = await _durable.ScheduleThrows<NotSupportedException, WithCancellation>(new WithCancellation { Cancellation = source });
            var called = DurableAssert.CallActivityAsyncThrew<NotSupportedException>(await _durable.CallActivity(new WithCancellation { Cancellation = source }));

            const string Message = "Serialization and deserialization of 'System.IntPtr' instances is not supported. Path: $.Cancellation.Token.WaitHandle.Handle.";
            Assert.Equal(Message, scheduled.Message);
            Assert.Equal(Message, called.Message);
        }

        // A completed Task is written as its public properties, and Task has no constructor System.Text.Json can use.
        [Fact]
        public async Task A_Task_typed_property_fails_when_run()
        {
            var received = await _durable.ScheduleAndWait(new WithTask { Pending = Task.CompletedTask });
            var called = await _durable.CallActivity(new WithTask { Pending = Task.CompletedTask });

            Assert.Contains("\"IsCompletedSuccessfully\":true", received.Instance.SerializedInput, StringComparison.Ordinal);
            var message = DurableAssert.NoUsableConstructor + typeof(Task).FullName + "'. Path: $.Pending";
            DurableAssert.FailedBeforeTheOrchestratorRan(received, "System.NotSupportedException", message);
            DurableAssert.ActivityFailedBeforeItRan(called, "System.NotSupportedException", message);
        }

        // IncludeFields: public fields are written and read; a readonly field no constructor parameter binds is
        // written but not read (the parameterless constructor is used).
        [Fact]
        public async Task A_public_field_survives_and_a_readonly_field_set_by_a_second_constructor_is_lost()
        {
            var received = await _durable.ScheduleAndWait(new WithFields("code") { Count = 4 });
            var (orchestration, activity) = DurableAssert.BothRan<WithFields>(received, await _durable.CallActivity(new WithFields("code") { Count = 4 }));

            Assert.Equal("{\"Count\":4,\"Code\":\"code\"}", received.Instance.SerializedInput);
            Assert.Equal((4, null), (orchestration.Count, orchestration.Code));
            Assert.Equal((4, null), (activity.Count, activity.Code));
        }

        // IncludeFields: the only constructor's parameter binds to the readonly field.
        [Fact]
        public async Task A_readonly_field_set_by_the_only_constructor_survives()
        {
            var (orchestration, activity) = DurableAssert.BothRan<ReadonlyFieldByConstructor>(
                await _durable.ScheduleAndWait(new ReadonlyFieldByConstructor("code")),
                await _durable.CallActivity(new ReadonlyFieldByConstructor("code")));

            Assert.Equal("code", orchestration.Code);
            Assert.Equal("code", activity.Code);
        }

        // Base64 in the JSON: it arrives.
        [Fact]
        public async Task A_byte_array_survives()
        {
            var received = await _durable.ScheduleAndWait(new WithBytes { Data = new byte[] { 1, 2, 3 } });
            var (orchestration, activity) = DurableAssert.BothRan<WithBytes>(received, await _durable.CallActivity(new WithBytes { Data = new byte[] { 1, 2, 3 } }));

            Assert.Equal("{\"Data\":\"AQID\"}", received.Instance.SerializedInput);
            Assert.Equal(new byte[] { 1, 2, 3 }, orchestration.Data);
            Assert.Equal(new byte[] { 1, 2, 3 }, activity.Data);
        }

        // A positional record is read through its primary constructor.
        [Fact]
        public async Task A_record_survives()
        {
            var receipt = new Receipt(12.5m, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));

            var (orchestration, activity) = DurableAssert.BothRan<Receipt>(await _durable.ScheduleAndWait(receipt), await _durable.CallActivity(receipt));

            Assert.Equal(receipt, orchestration);
            Assert.Equal(receipt, activity);
            Assert.Equal(DateTimeKind.Utc, activity.At.Kind);
        }
    }

    /// <summary>
    /// QL0009: what changes the Durable Task SDK's converter. A <see cref="DataConverter"/> registered as a service is
    /// taken by both the worker and the client when their options do not set one
    /// (<c>DurableTaskWorkerOptions.DataConverter</c> and <c>DurableTaskClientOptions.DataConverter</c> are the other
    /// way). Here, <see cref="JsonDataConverter"/> with <see cref="System.Text.Json.Serialization.ReferenceHandler.Preserve"/>:
    /// the reference loop the default converter refuses survives, on its own host.
    /// </summary>
    public sealed class DurableTaskDataConverterRuntimeTests : IClassFixture<DurableTaskDataConverterRuntimeTests.PreservingReferences>
    {
        private readonly PreservingReferences _durable;

        public DurableTaskDataConverterRuntimeTests(PreservingReferences durable) => _durable = durable;

        [Fact]
        public async Task A_registered_DataConverter_that_preserves_references_lets_a_back_reference_through()
        {
            var received = await _durable.ScheduleAndWait(Parent.WithOneChild());
            var (orchestration, activity) = DurableAssert.BothRan<Parent>(received, await _durable.CallActivity(Parent.WithOneChild()));

            Assert.StartsWith("{\"$id\":\"1\",", received.Instance.SerializedInput, StringComparison.Ordinal);
            Assert.Same(orchestration, Assert.Single(orchestration.Children).Parent);
            Assert.Same(activity, Assert.Single(activity.Children).Parent);
        }

        public sealed class PreservingReferences : DurablePayloadHost
        {
            protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<DataConverter>(
                new JsonDataConverter(new JsonSerializerOptions { IncludeFields = true, ReferenceHandler = System.Text.Json.Serialization.ReferenceHandler.Preserve }));
        }
    }
}
