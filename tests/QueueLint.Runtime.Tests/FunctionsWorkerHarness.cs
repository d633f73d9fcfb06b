using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using Google.Protobuf;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// The Azure Functions isolated worker (Microsoft.Azure.Functions.Worker 2.x) built as an application builds it,
    /// <c>new HostBuilder().ConfigureFunctionsWorkerDefaults(…)</c>, and driven in memory the way the Functions host
    /// drives it over gRPC: a <c>FunctionLoadRequest</c> per function, then <c>InvocationRequest</c>s, handed to the
    /// worker's own <c>GrpcWorker.FunctionLoadRequestHandler</c> and <c>InvocationHandler</c>. Those and the gRPC
    /// messages are internal to the worker, so they are found by name and the messages are read from and written to
    /// protobuf JSON (the messages' own descriptors): the test reads exactly what the worker would send the host.
    /// <para>
    /// What the host is left to do is what it does with the answer: for an output binding, write the returned
    /// <c>TypedData</c> (its <c>json</c> or <c>string</c>) to the queue, and give that text to the function the
    /// queue triggers. The worker is not started: nothing connects to a host.
    /// </para>
    /// </summary>
    public sealed class FunctionsWorkerHost : IDisposable
    {
        private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance;
        private static readonly Assembly s_grpc = Assembly.Load("Microsoft.Azure.Functions.Worker.Grpc");
        private static readonly Assembly s_core = typeof(WorkerOptions).Assembly;

        private static readonly JsonFormatter s_formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

        private readonly IHost _host;
        private readonly object _handler;
        private readonly MethodInfo _invoke;

        public FunctionsWorkerHost()
            : this(_ => { })
        {
        }

        /// <param name="configure">What the application's <c>ConfigureFunctionsWorkerDefaults(builder => …)</c> does.</param>
        internal FunctionsWorkerHost(Action<IFunctionsWorkerApplicationBuilder> configure)
        {
            // Set by the Functions host for the worker it starts: where the function assemblies are.
            Environment.SetEnvironmentVariable("FUNCTIONS_APPLICATION_DIRECTORY", AppContext.BaseDirectory);
            _host = new HostBuilder().ConfigureFunctionsWorkerDefaults(configure).Build();

            var application = Resolve(s_core, "Microsoft.Azure.Functions.Worker.IFunctionsApplication");
            var locator = Resolve(s_core, "Microsoft.Azure.Functions.Worker.Invocation.IMethodInfoLocator");
            var load = Type(s_grpc, "Microsoft.Azure.Functions.Worker.GrpcWorker").GetMethod("FunctionLoadRequestHandler", Internal)!;
            foreach (var request in WorkerFunctions.LoadRequests())
            {
                var response = Format(load.Invoke(null, new[] { Message("FunctionLoadRequest", request), application, locator })!);
                Assert.Equal("Success", response.GetProperty("result").GetProperty("status").GetString());
            }

            var handlerType = Type(s_grpc, "Microsoft.Azure.Functions.Worker.Handlers.IInvocationHandler");
            _handler = Services.GetRequiredService(handlerType);
            _invoke = handlerType.GetMethod("InvokeAsync")!;
        }

        public IServiceProvider Services => _host.Services;

        /// <summary>
        /// Invokes a function with one input binding given as the host gives it (<c>{"string": …}</c> or
        /// <c>{"json": …}</c>), and returns the worker's <c>InvocationResponse</c> as protobuf JSON.
        /// </summary>
        public async Task<Invocation> Invoke(string function, string input, JsonElement data)
        {
            var invocationId = Guid.NewGuid().ToString();
            var request = new Dictionary<string, object>
            {
                ["invocationId"] = invocationId,
                ["functionId"] = function,
                ["inputData"] = new[] { new Dictionary<string, object> { ["name"] = input, ["data"] = data } },
                ["traceContext"] = new Dictionary<string, object> { ["traceParent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
            };
            var task = (Task)_invoke.Invoke(_handler, new[] { Message("InvocationRequest", JsonSerializer.Serialize(request)) })!;
            await task.WaitAsync(TimeSpan.FromSeconds(10));
            var response = Format(task.GetType().GetProperty("Result")!.GetValue(task)!);
            return new Invocation(invocationId, response);
        }

        public void Dispose() => _host.Dispose();

        private object Resolve(Assembly assembly, string name) => Services.GetRequiredService(Type(assembly, name));

        private static Type Type(Assembly assembly, string name) => assembly.GetType(name, throwOnError: true)!;

        private static object Message(string name, string json)
        {
            var type = Type(s_grpc, "Microsoft.Azure.Functions.Worker.Grpc.Messages." + name);
            var descriptor = (Google.Protobuf.Reflection.MessageDescriptor)type.GetProperty("Descriptor", Internal)!.GetValue(null)!;
            return JsonParser.Default.Parse(json, descriptor);
        }

        /// <summary>Protobuf JSON, with the fields at their default values written too (a failed status is the default).</summary>
        private static JsonElement Format(object message) => JsonDocument.Parse(s_formatter.Format((IMessage)message)).RootElement.Clone();
    }

    /// <summary>
    /// A function's <c>InvocationResponse</c> as the worker would send it to the host (protobuf JSON), with the
    /// parts the tests read.
    /// </summary>
    public sealed record Invocation(string Id, JsonElement Response)
    {
        public string Status => Response.GetProperty("result").GetProperty("status").GetString()!;

        /// <summary>The exception message the worker reports to the host when the invocation failed.</summary>
        public string Error => Response.GetProperty("result").GetProperty("exception").GetProperty("message").GetString()!;

        /// <summary>The return value's <c>TypedData</c>: what the host writes to a <c>$return</c> output binding.</summary>
        public JsonElement ReturnValue => Response.GetProperty("returnValue");
    }

    /// <summary>
    /// The functions the worker tests load, and the <c>FunctionLoadRequest</c> the host would send for each: what
    /// the Functions SDK's build writes into <c>functions.metadata</c> from these attributes (trigger and output
    /// binding types, the return value as the <c>$return</c> output binding).
    /// </summary>
    public sealed class WorkerFunctions
    {
        private static readonly ConcurrentDictionary<string, object?> s_outgoing = new();

        /// <summary>What <see cref="Send"/> returns for the queue message carrying this key.</summary>
        public static string Outgoing(object? payload)
        {
            var key = Guid.NewGuid().ToString("N");
            s_outgoing[key] = payload;
            return key;
        }

        /// <summary>A queue-triggered function whose return value goes to a queue output binding.</summary>
        [Function("send")]
        [QueueOutput("payloads")]
        public object? Send([QueueTrigger("start")] string key) => s_outgoing[key];

        /// <summary>The same, to a Service Bus output binding.</summary>
        [Function("send-servicebus")]
        [ServiceBusOutput("payloads")]
        public object? SendToServiceBus([ServiceBusTrigger("start")] string key) => s_outgoing[key];

        [Function("receive-PrivateConstructorOnly")]
        public void ReceivePrivateConstructorOnly([QueueTrigger("payloads")] PayloadShapes.PrivateConstructorOnly message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-PrivateAndPublicConstructor")]
        public void ReceivePrivateAndPublicConstructor([QueueTrigger("payloads")] PayloadShapes.PrivateAndPublicConstructor message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-TwoConstructors")]
        public void ReceiveTwoConstructors([QueueTrigger("payloads")] PayloadShapes.TwoConstructors message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-PrivateSetter")]
        public void ReceivePrivateSetter([QueueTrigger("payloads")] PayloadShapes.PrivateSetter message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-GetOnly")]
        public void ReceiveGetOnly([QueueTrigger("payloads")] PayloadShapes.GetOnly message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-Drawing")]
        public void ReceiveDrawing([QueueTrigger("payloads")] PayloadShapes.Drawing message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-Pet")]
        public void ReceivePet([QueueTrigger("payloads")] PayloadShapes.Pet message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-Envelope")]
        public void ReceiveEnvelope([QueueTrigger("payloads")] PayloadShapes.Envelope message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-Parent")]
        public void ReceiveParent([QueueTrigger("payloads")] PayloadShapes.Parent message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-WithCallback")]
        public void ReceiveWithCallback([QueueTrigger("payloads")] PayloadShapes.WithCallback message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-WithAction")]
        public void ReceiveWithAction([QueueTrigger("payloads")] PayloadShapes.WithAction message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-WithStream")]
        public void ReceiveWithStream([QueueTrigger("payloads")] PayloadShapes.WithStream message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-WithCancellation")]
        public void ReceiveWithCancellation([QueueTrigger("payloads")] PayloadShapes.WithCancellation message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-WithTask")]
        public void ReceiveWithTask([QueueTrigger("payloads")] PayloadShapes.WithTask message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-WithFields")]
        public void ReceiveWithFields([QueueTrigger("payloads")] PayloadShapes.WithFields message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-ReadonlyFieldByConstructor")]
        public void ReceiveReadonlyFieldByConstructor([QueueTrigger("payloads")] PayloadShapes.ReadonlyFieldByConstructor message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-WithBytes")]
        public void ReceiveWithBytes([QueueTrigger("payloads")] PayloadShapes.WithBytes message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        [Function("receive-Receipt")]
        public void ReceiveReceipt([QueueTrigger("payloads")] PayloadShapes.Receipt message, FunctionContext context) => Observed.Record(context.InvocationId, message);

        /// <summary>A Durable activity function of the isolated worker: its input goes through the Durable extension's converter.</summary>
        [Function("activity-Parent")]
        public string AcceptParent([ActivityTrigger] PayloadShapes.Parent input, FunctionContext context)
        {
            Observed.Record(context.InvocationId, input);
            return "accepted";
        }

        [Function("activity-Drawing")]
        public string AcceptDrawing([ActivityTrigger] PayloadShapes.Drawing input, FunctionContext context)
        {
            Observed.Record(context.InvocationId, input);
            return "accepted";
        }

        [Function("activity-WithFields")]
        public string AcceptWithFields([ActivityTrigger] PayloadShapes.WithFields input, FunctionContext context)
        {
            Observed.Record(context.InvocationId, input);
            return "accepted";
        }

        [Function("activity-ReadonlyFieldByConstructor")]
        public string AcceptReadonlyFieldByConstructor([ActivityTrigger] PayloadShapes.ReadonlyFieldByConstructor input, FunctionContext context)
        {
            Observed.Record(context.InvocationId, input);
            return "accepted";
        }

        /// <summary>One <c>FunctionLoadRequest</c> (protobuf JSON) per <see cref="FunctionAttribute"/> method above.</summary>
        public static IEnumerable<string> LoadRequests()
        {
            var assembly = typeof(WorkerFunctions).Assembly;
            foreach (var method in typeof(WorkerFunctions).GetMethods())
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                if (function is null)
                {
                    continue;
                }

                var bindings = new Dictionary<string, object>();
                var trigger = method.GetParameters().First(p => p.ParameterType != typeof(FunctionContext));
                bindings[trigger.Name!] = new { type = TriggerType(trigger), direction = "in" };
                if (method.GetCustomAttribute<QueueOutputAttribute>() is not null)
                {
                    bindings["$return"] = new { type = "queue", direction = "out" };
                }
                else if (method.GetCustomAttribute<ServiceBusOutputAttribute>() is not null)
                {
                    bindings["$return"] = new { type = "serviceBus", direction = "out" };
                }

                yield return JsonSerializer.Serialize(new
                {
                    functionId = function.Name,
                    metadata = new
                    {
                        name = function.Name,
                        scriptFile = Path.GetFileName(assembly.Location),
                        entryPoint = typeof(WorkerFunctions).FullName + "." + method.Name,
                        bindings,
                    },
                });
            }
        }

        private static string TriggerType(ParameterInfo parameter)
        {
            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is not null)
            {
                return "queueTrigger";
            }

            if (parameter.GetCustomAttribute<ServiceBusTriggerAttribute>() is not null)
            {
                return "serviceBusTrigger";
            }

            Assert.NotNull(parameter.GetCustomAttribute<ActivityTriggerAttribute>());
            return "activityTrigger";
        }
    }
}
