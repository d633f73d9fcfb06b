using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using static QueueLint.Runtime.Tests.PayloadShapes;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// The orchestrations and activities the Durable payload tests run, registered once per shape type on a
    /// <see cref="DurableTaskTestHost"/> (the SDK's sidecar and worker, in memory), and the calls that schedule them.
    /// For a shape <c>T</c>, named after <c>typeof(T).Name</c>:
    /// <list type="bullet">
    /// <item><c>receive-T</c>: an orchestration whose input is a <c>T</c>; it records the input it was given.</item>
    /// <item><c>call-T</c>: an orchestration that passes a <c>T</c> (built in the orchestrator, see
    /// <see cref="DurablePayloadHost.CallActivity"/>) to <c>CallActivityAsync("accept-T", payload)</c>, and records
    /// what that call threw before throwing it on.</item>
    /// <item><c>accept-T</c>: an activity whose input is a <c>T</c>; it records the input it was given.</item>
    /// </list>
    /// </summary>
    internal static class DurablePayloads
    {
        /// <summary>The payload each <c>call-T</c> instance hands to its activity, by instance id.</summary>
        private static readonly ConcurrentDictionary<string, object> s_payloads = new();

        public static void Register(DurableTaskRegistry registry)
        {
            Register<PrivateConstructorOnly>(registry);
            Register<PrivateAndPublicConstructor>(registry);
            Register<TwoConstructors>(registry);
            Register<PrivateSetter>(registry);
            Register<GetOnly>(registry);
            Register<Drawing>(registry);
            Register<Pet>(registry);
            Register<Envelope>(registry);
            Register<Parent>(registry);
            Register<WithCallback>(registry);
            Register<WithAction>(registry);
            Register<WithStream>(registry);
            Register<WithCancellation>(registry);
            Register<WithTask>(registry);
            Register<WithFields>(registry);
            Register<ReadonlyFieldByConstructor>(registry);
            Register<WithBytes>(registry);
            Register<Receipt>(registry);
        }

        public static void SetPayload(string instanceId, object payload) => s_payloads[instanceId] = payload;

        private static void Register<T>(DurableTaskRegistry registry)
            where T : class
        {
            var name = typeof(T).Name;
            registry.AddOrchestratorFunc<T, string>("receive-" + name, (context, input) =>
            {
                Observed.Record(context.InstanceId + "/received", input);
                return "received";
            });
            registry.AddOrchestratorFunc<string, string>("call-" + name, async (context, _) =>
            {
                try
                {
                    return await context.CallActivityAsync<string>("accept-" + name, s_payloads[context.InstanceId]);
                }
                catch (Exception thrown)
                {
                    Observed.Record(context.InstanceId + "/thrown", thrown);
                    throw;
                }
            });
            registry.AddActivityFunc<T, string>("accept-" + name, (TaskActivityContext context, T input) =>
            {
                Observed.Record(context.InstanceId + "/accepted", input);
                return "accepted";
            });
        }
    }

    /// <summary>
    /// One <see cref="DurableTaskTestHost"/> with <see cref="DurablePayloads"/> registered, shared by a test class.
    /// <see cref="ConfigureServices"/> lets a derived fixture change the worker's and the client's services (their
    /// <see cref="DataConverter"/>): the test host runs its worker and its client in the same host.
    /// </summary>
    public class DurablePayloadHost : IAsyncLifetime
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

        public DurableTaskTestHost Host { get; private set; } = null!;

        public DurableTaskClient Client => Host.Client;

        public async Task InitializeAsync() => Host = await DurableTaskTestHost.StartAsync(
            DurablePayloads.Register,
            new DurableTaskTestHostOptions { ConfigureServices = ConfigureServices });

        public virtual async Task DisposeAsync() => await Host.DisposeAsync();

        protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
        {
        }

        /// <summary>
        /// <c>DurableTaskClient.ScheduleNewOrchestrationInstanceAsync("receive-T", payload)</c>, then waits for the
        /// instance. What the call throws is the test's to catch: <see cref="Schedule"/> lets it out.
        /// </summary>
        public async Task<Received> ScheduleAndWait<T>(T payload)
            where T : class
        {
            var id = await Schedule(payload, NewId());
            var metadata = await Wait(id);
            var ran = Observed.TryGet(id + "/received", out var received);
            return new Received(metadata, ran, received);
        }

        /// <summary>Schedules <c>receive-T</c> with the payload under the given instance id.</summary>
        public Task<string> Schedule<T>(T payload, string instanceId)
            where T : class
            => Client.ScheduleNewOrchestrationInstanceAsync("receive-" + typeof(T).Name, payload, new StartOrchestrationOptions(instanceId));

        /// <summary>
        /// Schedules <c>receive-T</c> and expects the client to throw: the converter's exception, before anything
        /// reaches the sidecar (no instance exists under the id).
        /// </summary>
        public async Task<TException> ScheduleThrows<TException, T>(T payload)
            where TException : Exception
            where T : class
        {
            var id = NewId();
            var thrown = await Assert.ThrowsAsync<TException>(() => Schedule(payload, id));
            Assert.Null(await Client.GetInstanceAsync(id));
            return thrown;
        }

        /// <summary>
        /// Runs <c>call-T</c>, whose orchestrator passes the payload to <c>CallActivityAsync("accept-T", payload)</c>,
        /// and waits for it. The payload reaches the orchestrator in memory, not through the serializer.
        /// </summary>
        public async Task<Called> CallActivity<T>(T payload)
            where T : class
        {
            var id = NewId();
            DurablePayloads.SetPayload(id, payload);
            await Client.ScheduleNewOrchestrationInstanceAsync("call-" + typeof(T).Name, "start", new StartOrchestrationOptions(id));
            var metadata = await Wait(id);
            Observed.TryGet(id + "/thrown", out var thrown);
            var ran = Observed.TryGet(id + "/accepted", out var accepted);
            return new Called(metadata, (Exception?)thrown, ran, accepted);
        }

        public static string NewId() => Guid.NewGuid().ToString("N");

        private async Task<OrchestrationMetadata> Wait(string id)
        {
            using var timeout = new CancellationTokenSource(s_timeout);
            return await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        }
    }

    /// <summary>A <c>receive-T</c> instance as it ended; whether its orchestrator ran, and the input it was given.</summary>
    public sealed record Received(OrchestrationMetadata Instance, bool Ran, object? Input);

    /// <summary>
    /// A <c>call-T</c> instance as it ended; what <c>CallActivityAsync</c> threw in its orchestrator; whether the
    /// activity ran, and the input it was given.
    /// </summary>
    public sealed record Called(OrchestrationMetadata Instance, Exception? Thrown, bool ActivityRan, object? ActivityInput);

    /// <summary>What the Durable payload tests assert of an instance, shared by the SDK's and the Functions worker's converters.</summary>
    internal static class DurableAssert
    {
        public const string NoUsableConstructor = "Deserialization of types without a parameterless constructor, a singular parameterized constructor, or a parameterized constructor annotated with 'JsonConstructorAttribute' is not supported. Type '";

        public const string AbstractType = "Deserialization of interface or abstract types is not supported. Type '";

        /// <summary>
        /// The instance failed before its orchestrator ran: the worker could not read its input. The failure is the
        /// converter's exception, as the instance's <see cref="TaskFailureDetails"/>.
        /// </summary>
        public static void FailedBeforeTheOrchestratorRan(Received received, string errorType, string message)
        {
            Assert.False(received.Ran, "the orchestrator ran");
            Assert.Equal(OrchestrationRuntimeStatus.Failed, received.Instance.RuntimeStatus);
            Assert.Equal(errorType, received.Instance.FailureDetails?.ErrorType);
            Assert.StartsWith(message, received.Instance.FailureDetails!.ErrorMessage);
        }

        /// <summary>
        /// The activity failed before it ran (the worker could not read its input), and the orchestrator got a
        /// <see cref="TaskFailedException"/> carrying the converter's exception; not caught, it failed the instance.
        /// </summary>
        public static void ActivityFailedBeforeItRan(Called called, string errorType, string message)
        {
            Assert.False(called.ActivityRan, "the activity ran");
            var failed = Assert.IsType<TaskFailedException>(called.Thrown);
            Assert.Equal(errorType, failed.FailureDetails.ErrorType);
            Assert.StartsWith(message, failed.FailureDetails.ErrorMessage);
            Assert.StartsWith("Task 'accept-", failed.Message);
            Assert.Equal(OrchestrationRuntimeStatus.Failed, called.Instance.RuntimeStatus);
            Assert.Equal(typeof(TaskFailedException).FullName, called.Instance.FailureDetails?.ErrorType);
        }

        /// <summary>
        /// <c>CallActivityAsync</c> threw the converter's exception in the orchestrator (the activity was never
        /// scheduled); not caught, it failed the instance with that exception.
        /// </summary>
        public static TException CallActivityAsyncThrew<TException>(Called called)
            where TException : Exception
        {
            Assert.False(called.ActivityRan, "the activity ran");
            var thrown = Assert.IsType<TException>(called.Thrown);
            Assert.Equal(OrchestrationRuntimeStatus.Failed, called.Instance.RuntimeStatus);
            Assert.Equal(typeof(TException).FullName, called.Instance.FailureDetails?.ErrorType);
            Assert.Equal(thrown.Message, called.Instance.FailureDetails!.ErrorMessage);
            return thrown;
        }

        /// <summary>Both ran and completed; returns what the orchestrator and the activity were given.</summary>
        public static (T Orchestration, T Activity) BothRan<T>(Received received, Called called)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, received.Instance.RuntimeStatus);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, called.Instance.RuntimeStatus);
            Assert.True(called.ActivityRan, "the activity did not run");
            return (Assert.IsType<T>(received.Input), Assert.IsType<T>(called.ActivityInput));
        }
    }
}
