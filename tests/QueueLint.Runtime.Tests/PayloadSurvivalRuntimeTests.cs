using System;
using System.Collections.Generic;
using System.IO;
using System.Linq.Expressions;
using System.Threading;
using System.Threading.Tasks;
using Hangfire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using static QueueLint.Runtime.Tests.PayloadShapes;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0009: what Hangfire 1.8's JSON (Newtonsoft, no user settings unless a test sets them) does to a job
    /// argument whose type does not round-trip. Each job is enqueued through the real client and run by a real
    /// server; the job records the argument it was given.
    /// <list type="bullet">
    /// <item>Fails at run (the job cannot be loaded, so the global retry schedules it again): no usable constructor,
    /// a property typed as an interface or abstract class (unless type names are written), an expression tree, an
    /// <see cref="ILogger"/> (under the defaults), an <see cref="IServiceProvider"/>.</item>
    /// <item>Fails at enqueue (<see cref="BackgroundJobClientException"/>): a reference loop, a delegate, a stream,
    /// a DbContext, an <see cref="HttpContext"/>.</item>
    /// <item>Lost silently: a private setter, a get-only value property, a readonly field, a
    /// <see cref="CancellationTokenSource"/>, a <see cref="Task"/> (a new one that never completes), an
    /// <see cref="ILogger"/> under the recommended settings (a logger that throws when used); an <c>object</c>
    /// property comes back as a <see cref="JObject"/>.</item>
    /// </list>
    /// </summary>
    public sealed class PayloadSurvivalRuntimeTests : IDisposable
    {
        public PayloadSurvivalRuntimeTests()
        {
            Observed.Clear();
            SerializerSettings.Reset();
        }

        public void Dispose()
        {
            Observed.Clear();
            SerializerSettings.Reset();
        }

        // Newtonsoft falls back to a non-public parameterless constructor when there is no public constructor at
        // all; with a public constructor that takes parameters, that one is used and the rest set through setters.
        [Fact]
        public void A_type_whose_only_parameterless_constructor_is_private_survives()
        {
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(PrivateConstructorOnly.Create("a-1"))));
            Assert.Equal("a-1", Received<PrivateConstructorOnly>().Name);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new PrivateAndPublicConstructor("b-2") { Quantity = 5 })));
            var received = Received<PrivateAndPublicConstructor>();
            Assert.Equal("b-2", received.Name);
            Assert.Equal(5, received.Quantity);
        }

        // Two public constructors with parameters and none without: Newtonsoft cannot choose, the job does not load.
        [Fact]
        public void Two_public_constructors_with_parameters_fail_at_run()
        {
            using var hangfire = new HangfireHarness();

            var (failure, next) = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue(() => Jobs.Run(new TwoConstructors("a", 2))));

            Assert.StartsWith(
                "Newtonsoft.Json.JsonSerializationException: Unable to find a constructor to use for type " + typeof(TwoConstructors).FullName
                + ". A class should either have a default constructor, one constructor with arguments or a constructor marked with the JsonConstructor attribute.",
                failure);
            // The job's own [AutomaticRetry(Attempts = 0)] cannot be read from a job that does not load.
            Assert.Equal("Scheduled", next);
            Assert.False(Observed.TryGet("arg", out _));
        }

        // A single public constructor whose parameters match the properties by name: Newtonsoft calls it.
        [Fact]
        public void A_single_constructor_matching_the_properties_survives()
        {
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new SingleConstructor("a", 2))));

            var received = Received<SingleConstructor>();
            Assert.Equal("a", received.Name);
            Assert.Equal(2, received.Quantity);
        }

        // The value is written (public getter) but never read back (private setter): the job runs with the default.
        [Fact]
        public void A_private_setter_comes_back_as_the_default_and_the_job_succeeds()
        {
            using var hangfire = new HangfireHarness();
            var order = new PrivateSetter();
            order.Add(5);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(order)));

            Assert.Equal(5, order.Total);
            Assert.Equal(0, Received<PrivateSetter>().Total);
        }

        // The parameterless constructor is used, so a get-only int set by the other constructor is lost; a get-only
        // list with an initializer is filled in place (Newtonsoft reuses the existing collection).
        [Fact]
        public void A_get_only_int_is_lost_and_a_get_only_list_is_populated()
        {
            using var hangfire = new HangfireHarness();
            var counter = new GetOnly(7);
            counter.Items.Add(1);
            counter.Items.Add(2);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(counter)));

            var received = Received<GetOnly>();
            Assert.Equal(0, received.Count);
            Assert.Equal(new[] { 1, 2 }, received.Items);
        }

        // No type name is written, so Newtonsoft cannot create the interface when the job is loaded.
        [Fact]
        public void An_interface_typed_property_fails_at_run_under_the_defaults()
        {
            using var hangfire = new HangfireHarness();

            var (failure, next) = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue(() => Jobs.Run(new Drawing { Shape = new Circle { Radius = 2 } })));

            Assert.StartsWith(
                "Newtonsoft.Json.JsonSerializationException: Could not create an instance of type " + typeof(IShape).FullName
                + ". Type is an interface or abstract class and cannot be instantiated. Path 'Shape.",
                failure);
            Assert.Equal("Scheduled", next);
            Assert.False(Observed.TryGet("arg", out _));
        }

        // UseRecommendedSerializerSettings sets TypeNameHandling.Auto: "$type" is written where the runtime type
        // differs from the declared one, and the concrete class comes back.
        [Fact]
        public void An_interface_typed_property_survives_with_the_recommended_settings()
        {
            SerializerSettings.UseRecommended();
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new Drawing { Shape = new Circle { Radius = 2 } })));

            Assert.Equal(2, Assert.IsType<Circle>(Received<Drawing>().Shape).Radius);
        }

        // TypeNameHandling.Auto alone is enough.
        [Fact]
        public void An_interface_typed_property_survives_with_TypeNameHandling_Auto()
        {
            SerializerSettings.Use(new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto });
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new Drawing { Shape = new Circle { Radius = 3 } })));

            Assert.Equal(3, Assert.IsType<Circle>(Received<Drawing>().Shape).Radius);
        }

        // Same as an interface: the abstract class cannot be created without a type name.
        [Fact]
        public void An_abstract_class_typed_property_fails_at_run_under_the_defaults()
        {
            using var hangfire = new HangfireHarness();

            var (failure, next) = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue(() => Jobs.Run(new Pet { Animal = new Dog { Name = "Rex", Good = true } })));

            Assert.StartsWith(
                "Newtonsoft.Json.JsonSerializationException: Could not create an instance of type " + typeof(Animal).FullName
                + ". Type is an interface or abstract class and cannot be instantiated. Path 'Animal.",
                failure);
            Assert.Equal("Scheduled", next);
            Assert.False(Observed.TryGet("arg", out _));
        }

        // With type names the derived class comes back with its own members.
        [Fact]
        public void An_abstract_class_typed_property_survives_with_the_recommended_settings_and_with_TypeNameHandling_Auto()
        {
            using var hangfire = new HangfireHarness();

            SerializerSettings.UseRecommended();
            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new Pet { Animal = new Dog { Name = "Rex", Good = true } })));
            var recommended = Assert.IsType<Dog>(Received<Pet>().Animal);
            Assert.Equal("Rex", recommended.Name);
            Assert.True(recommended.Good);

            // The settings are read when the job is loaded too: change them only after the first job has run.
            SerializerSettings.Use(new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto });
            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new Pet { Animal = new Dog { Name = "Ace", Good = true } })));
            var auto = Assert.IsType<Dog>(Received<Pet>().Animal);
            Assert.Equal("Ace", auto.Name);
            Assert.True(auto.Good);
        }

        // An object-typed property holding a DTO comes back as a JObject, and the job succeeds.
        [Fact]
        public void An_object_typed_property_comes_back_as_a_JObject_under_the_defaults()
        {
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new Envelope { Body = new Point { X = 3 } })));

            var body = Assert.IsType<JObject>(Received<Envelope>().Body);
            Assert.Equal(3, (int)body["X"]!);
        }

        // With type names the DTO comes back as itself.
        [Fact]
        public void An_object_typed_property_keeps_its_type_with_the_recommended_settings()
        {
            SerializerSettings.UseRecommended();
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new Envelope { Body = new Point { X = 3 } })));

            Assert.Equal(3, Assert.IsType<Point>(Received<Envelope>().Body).X);
        }

        // Newtonsoft refuses the loop while the client serializes the arguments: Enqueue throws, no job is created.
        [Fact]
        public void A_back_reference_makes_Enqueue_throw()
        {
            using var hangfire = new HangfireHarness();
            var parent = Parent.WithOneChild();

            var error = Assert.Throws<BackgroundJobClientException>(() => hangfire.Client.Enqueue(() => Jobs.Run(parent)));

            Assert.Equal("Background job creation failed. See inner exception for details.", error.Message);
            var inner = Assert.IsType<JsonSerializationException>(error.InnerException);
            Assert.Equal("Self referencing loop detected for property 'Parent' with type '" + typeof(Parent).FullName + "'. Path 'Children[0]'.", inner.Message);
            Assert.Equal(0, hangfire.Storage.GetMonitoringApi().EnqueuedCount("default"));
        }

        // ReferenceLoopHandling.Ignore leaves the back-reference out: the child arrives with a null Parent.
        [Fact]
        public void A_back_reference_comes_back_null_with_ReferenceLoopHandling_Ignore()
        {
            SerializerSettings.Use(new JsonSerializerSettings { ReferenceLoopHandling = ReferenceLoopHandling.Ignore });
            using var hangfire = new HangfireHarness();
            var parent = Parent.WithOneChild();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(parent)));

            var child = Assert.Single(Received<Parent>().Children);
            Assert.Equal("c", child.Name);
            Assert.Null(child.Parent);
        }

        // A delegate-typed property is serialized as an object: Newtonsoft walks into its MethodInfo and fails on
        // the first member it cannot write, so the message depends on the delegate. (A delegate *parameter* is
        // refused earlier, with a NotSupportedException; see QL0007's tests.)
        [Fact]
        public void A_delegate_typed_property_makes_Enqueue_throw()
        {
            using var hangfire = new HangfireHarness();
            var withFunc = new WithCallback { Callback = () => 42 };
            var withAction = new WithAction { OnDone = () => { } };

            var func = Assert.Throws<BackgroundJobClientException>(() => hangfire.Client.Enqueue(() => Jobs.Run(withFunc)));
            var action = Assert.Throws<BackgroundJobClientException>(() => hangfire.Client.Enqueue(() => Jobs.Run(withAction)));
            // Written inside the job expression, the lambda is compiled with the expression into a dynamic method.
            var inline = Assert.Throws<BackgroundJobClientException>(() => hangfire.Client.Enqueue(() => Jobs.Run(new WithCallback { Callback = () => 42 })));

            // A compiled lambda: its assembly's entry point leads back to the same module.
            Assert.Equal("Self referencing loop detected for property 'Module' with type 'System.Reflection.RuntimeModule'. Path 'Callback.Method.Module.Assembly.EntryPoint'.",
                Assert.IsType<JsonSerializationException>(func.InnerException).Message);
            Assert.Equal("Self referencing loop detected for property 'Module' with type 'System.Reflection.RuntimeModule'. Path 'OnDone.Method.Module.Assembly.EntryPoint'.",
                Assert.IsType<JsonSerializationException>(action.InnerException).Message);
            // A dynamic method: its assembly is dynamic and has no CodeBase.
            var dynamic = Assert.IsType<JsonSerializationException>(inline.InnerException);
            Assert.Equal("Error getting value from 'CodeBase' on 'System.Reflection.RuntimeAssembly'.", dynamic.Message);
            Assert.IsType<NotSupportedException>(dynamic.InnerException);
        }

        // A Stream is serialized as an object: reading MemoryStream.ReadTimeout throws while Enqueue serializes.
        [Fact]
        public void A_stream_typed_property_makes_Enqueue_throw()
        {
            using var hangfire = new HangfireHarness();
            var withStream = new WithStream { Content = new MemoryStream(new byte[] { 1, 2, 3 }) };

            var error = Assert.Throws<BackgroundJobClientException>(() => hangfire.Client.Enqueue(() => Jobs.Run(withStream)));

            var inner = Assert.IsType<JsonSerializationException>(error.InnerException);
            Assert.Equal("Error getting value from 'ReadTimeout' on 'System.IO.MemoryStream'.", inner.Message);
            Assert.IsType<InvalidOperationException>(inner.InnerException);
        }

        // Its public state is get-only: the job gets a new, unrelated source that was never cancelled.
        [Fact]
        public void A_CancellationTokenSource_comes_back_as_a_new_source_that_is_not_cancelled()
        {
            using var hangfire = new HangfireHarness();
            using var source = new CancellationTokenSource();
            source.Cancel();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new WithCancellation { Cancellation = source })));

            var received = Received<WithCancellation>().Cancellation;
            Assert.NotNull(received);
            Assert.NotSame(source, received);
            Assert.False(received!.IsCancellationRequested);
        }

        // Task has several public constructors, all with parameters, so Newtonsoft falls back to its internal
        // parameterless one: the job gets a new task that was never started, whatever state and result were written.
        [Fact]
        public async Task A_Task_typed_property_comes_back_as_a_new_task_that_never_completes()
        {
            using var hangfire = new HangfireHarness();
            var completed = Task.CompletedTask;
            Task withResult = Task.FromResult(1);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new WithTask { Pending = completed })));
            var first = Received<WithTask>().Pending;
            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new WithTask { Pending = withResult })));
            var second = Received<WithTask>().Pending;

            foreach (var received in new[] { first, second })
            {
                Assert.Equal(typeof(Task), received?.GetType());
                Assert.Equal(TaskStatus.WaitingForActivation, received!.Status);
                Assert.NotSame(received, await Task.WhenAny(received, Task.Delay(50)));
            }
        }

        // With type names the runtime type comes back (Task<int> here), created the same way: still a task that
        // never completes, and the result written with it is not set back (Result is get-only).
        [Fact]
        public async Task A_Task_typed_property_comes_back_as_a_task_of_the_runtime_type_that_never_completes_with_the_recommended_settings()
        {
            SerializerSettings.UseRecommended();
            using var hangfire = new HangfireHarness();
            Task withResult = Task.FromResult(1);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new WithTask { Pending = withResult })));

            var received = Assert.IsType<Task<int>>(Received<WithTask>().Pending);
            Assert.Equal(TaskStatus.WaitingForActivation, received.Status);
            // Reading Result would block for ever.
            Assert.NotSame(received, await Task.WhenAny(received, Task.Delay(50)));
        }

        // The expression is written as an object (its Type as a string, its Body, ...); Expression<T> has no
        // constructor Newtonsoft can use, so the job does not load.
        [Fact]
        public void An_Expression_typed_property_fails_at_run()
        {
            using var hangfire = new HangfireHarness();

            var (failure, next) = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue(() => Jobs.Run(new WithExpression { Formula = () => 42 })));

            Assert.StartsWith(
                "Newtonsoft.Json.JsonSerializationException: Unable to find a constructor to use for type " + typeof(Expression<Func<int>>)
                + ". A class should either have a default constructor, one constructor with arguments or a constructor marked with the JsonConstructor attribute. Path 'Formula.Type'",
                failure);
            Assert.Equal("Scheduled", next);
            Assert.False(Observed.TryGet("arg", out _));
        }

        // With type names the lambda's internal class is created, then its Body (a ConstantExpression) cannot be.
        [Fact]
        public void An_Expression_typed_property_fails_at_run_with_the_recommended_settings()
        {
            SerializerSettings.UseRecommended();
            using var hangfire = new HangfireHarness();

            var (failure, next) = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue(() => Jobs.Run(new WithExpression { Formula = () => 42 })));

            Assert.StartsWith(
                "Newtonsoft.Json.JsonSerializationException: Unable to find a constructor to use for type " + typeof(ConstantExpression).FullName + ".",
                failure);
            Assert.Contains("Path 'Formula.Body.Type'", failure);
            Assert.Equal("Scheduled", next);
            Assert.False(Observed.TryGet("arg", out _));
        }

        // A DbContext is serialized as an object: its ChangeTracker points back to the context, a loop Newtonsoft
        // refuses inside Enqueue.
        [Fact]
        public void A_DbContext_typed_property_makes_Enqueue_throw()
        {
            using var hangfire = new HangfireHarness();
            using var db = ShopContext.Open();

            var error = Assert.Throws<BackgroundJobClientException>(() => hangfire.Client.Enqueue(() => Jobs.Run(new WithDbContext { Db = db })));

            var inner = Assert.IsType<JsonSerializationException>(error.InnerException);
            Assert.Equal("Self referencing loop detected for property 'Context' with type '" + typeof(ShopContext).FullName + "'. Path 'Db.ChangeTracker'.", inner.Message);
            Assert.Equal(0, hangfire.Storage.GetMonitoringApi().EnqueuedCount("default"));
        }

        // An HttpContext is serialized as an object down to the request's body stream (Stream.Null), whose
        // ReadTimeout throws inside Enqueue.
        [Fact]
        public void An_HttpContext_typed_property_makes_Enqueue_throw()
        {
            using var hangfire = new HangfireHarness();
            var withHttp = new WithHttpContext { Http = new DefaultHttpContext() };

            var error = Assert.Throws<BackgroundJobClientException>(() => hangfire.Client.Enqueue(() => Jobs.Run(withHttp)));

            var inner = Assert.IsType<JsonSerializationException>(error.InnerException);
            Assert.Equal("Error getting value from 'ReadTimeout' on 'System.IO.Stream+NullStream'.", inner.Message);
            Assert.IsType<InvalidOperationException>(inner.InnerException);
        }

        // The logger's provider lists are written without a type name: the ILogger cannot be created, the job does
        // not load.
        [Fact]
        public void An_ILogger_typed_property_fails_at_run_under_the_defaults()
        {
            using var hangfire = new HangfireHarness();
            using var factory = LoggerFactory.Create(b => b.AddConsole());
            var withLogger = new WithLogger { Logger = factory.CreateLogger("jobs") };

            var (failure, next) = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue(() => Jobs.Run(withLogger)));

            Assert.StartsWith(
                "Newtonsoft.Json.JsonSerializationException: Could not create an instance of type " + typeof(ILogger).FullName
                + ". Type is an interface or abstract class and cannot be instantiated. Path 'Logger.",
                failure);
            Assert.Equal("Scheduled", next);
            Assert.False(Observed.TryGet("arg", out _));
        }

        // With type names a new Microsoft.Extensions.Logging.Logger comes back, but its per-provider entries (get-only
        // structs) are empty: the job succeeds, and the first call on the logger throws.
        [Fact]
        public void An_ILogger_typed_property_comes_back_as_a_logger_that_throws_with_the_recommended_settings()
        {
            SerializerSettings.UseRecommended();
            using var hangfire = new HangfireHarness();
            using var factory = LoggerFactory.Create(b => b.AddConsole());
            var logger = factory.CreateLogger("jobs");
            var withLogger = new WithLogger { Logger = logger };

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(withLogger)));

            var received = Received<WithLogger>().Logger;
            Assert.NotNull(received);
            Assert.NotSame(logger, received);
            Assert.True(logger.IsEnabled(LogLevel.Information));
            var error = Assert.Throws<AggregateException>(() => received!.LogInformation("from the job"));
            Assert.StartsWith("An error occurred while writing to logger(s).", error.Message);
            Assert.IsType<NullReferenceException>(Assert.Single(error.InnerExceptions));
        }

        // The provider has no public properties ("{}" is written): without a type name the interface cannot be created.
        [Fact]
        public void An_IServiceProvider_typed_property_fails_at_run_under_the_defaults()
        {
            using var hangfire = new HangfireHarness();
            using var services = new ServiceCollection().BuildServiceProvider();
            var withServices = new WithServices { Services = services };

            var (failure, next) = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue(() => Jobs.Run(withServices)));

            Assert.StartsWith(
                "Newtonsoft.Json.JsonSerializationException: Could not create an instance of type " + typeof(IServiceProvider).FullName
                + ". Type is an interface or abstract class and cannot be instantiated. Path 'Services'",
                failure);
            Assert.Equal("Scheduled", next);
            Assert.False(Observed.TryGet("arg", out _));
        }

        // With type names Newtonsoft knows the class, but ServiceProvider has no constructor it can use.
        [Fact]
        public void An_IServiceProvider_typed_property_fails_at_run_with_the_recommended_settings()
        {
            SerializerSettings.UseRecommended();
            using var hangfire = new HangfireHarness();
            using var services = new ServiceCollection().BuildServiceProvider();
            var withServices = new WithServices { Services = services };

            var (failure, next) = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue(() => Jobs.Run(withServices)));

            Assert.StartsWith(
                "Newtonsoft.Json.JsonSerializationException: Unable to find a constructor to use for type " + typeof(ServiceProvider).FullName + ".",
                failure);
            Assert.Equal("Scheduled", next);
            Assert.False(Observed.TryGet("arg", out _));
        }

        // Type names change nothing when writing fails: a DbContext and an HttpContext still make Enqueue throw.
        [Fact]
        public void The_recommended_settings_change_nothing_for_a_DbContext_or_an_HttpContext()
        {
            SerializerSettings.UseRecommended();
            using var hangfire = new HangfireHarness();
            using var db = ShopContext.Open();
            var withHttp = new WithHttpContext { Http = new DefaultHttpContext() };

            var context = Assert.Throws<BackgroundJobClientException>(() => hangfire.Client.Enqueue(() => Jobs.Run(new WithDbContext { Db = db })));
            var http = Assert.Throws<BackgroundJobClientException>(() => hangfire.Client.Enqueue(() => Jobs.Run(withHttp)));

            Assert.StartsWith("Self referencing loop detected for property 'Context'", Assert.IsType<JsonSerializationException>(context.InnerException).Message);
            Assert.Equal("Error getting value from 'ReadTimeout' on 'System.IO.Stream+NullStream'.", Assert.IsType<JsonSerializationException>(http.InnerException).Message);
        }

        // Base64 in the job's JSON: it arrives (its size is a storage concern, not a loss).
        [Fact]
        public void A_byte_array_survives()
        {
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new WithBytes { Data = new byte[] { 1, 2, 3 } })));

            Assert.Equal(new byte[] { 1, 2, 3 }, Received<WithBytes>().Data);
        }

        // A positional record (its primary constructor) and a class with public get/set round-trip.
        [Fact]
        public void A_record_and_a_get_set_class_survive()
        {
            using var hangfire = new HangfireHarness();
            var at = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new Receipt(12.5m, at))));
            Assert.Equal(new Receipt(12.5m, at), Received<Receipt>());
            Assert.Equal(DateTimeKind.Utc, Received<Receipt>().At.Kind);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new LineItem { Name = "a", Quantity = 2 })));
            Assert.Equal("a", Received<LineItem>().Name);
            Assert.Equal(2, Received<LineItem>().Quantity);
        }

        // Newtonsoft reads and writes public fields. A readonly field is written but not set back, unless the
        // constructor Newtonsoft calls takes it as a parameter.
        [Fact]
        public void Public_fields_survive_and_a_readonly_field_survives_only_through_the_constructor()
        {
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new WithFields("code") { Count = 4 })));
            var fields = Received<WithFields>();
            Assert.Equal(4, fields.Count);
            Assert.Null(fields.Code);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new ReadonlyFieldByConstructor("code"))));
            Assert.Equal("code", Received<ReadonlyFieldByConstructor>().Code);
        }

        // The recommended settings only add type names (and leave out nulls and defaults): the shapes that do not
        // depend on type names behave as under the defaults.
        [Fact]
        public void The_recommended_settings_change_nothing_for_constructors_setters_loops_and_readonly_state()
        {
            SerializerSettings.UseRecommended();
            using var hangfire = new HangfireHarness();

            var (failure, _) = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue(() => Jobs.Run(new TwoConstructors("a", 2))));
            Assert.StartsWith("Newtonsoft.Json.JsonSerializationException: Unable to find a constructor to use for type " + typeof(TwoConstructors).FullName, failure);

            var order = new PrivateSetter();
            order.Add(5);
            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(order)));
            Assert.Equal(0, Received<PrivateSetter>().Total);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new GetOnly(7))));
            Assert.Equal(0, Received<GetOnly>().Count);

            var parent = Parent.WithOneChild();
            var loop = Assert.Throws<BackgroundJobClientException>(() => hangfire.Client.Enqueue(() => Jobs.Run(parent)));
            Assert.StartsWith("Self referencing loop detected for property 'Parent'", Assert.IsType<JsonSerializationException>(loop.InnerException).Message);

            using var source = new CancellationTokenSource();
            source.Cancel();
            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new WithCancellation { Cancellation = source })));
            Assert.False(Received<WithCancellation>().Cancellation!.IsCancellationRequested);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue(() => Jobs.Run(new WithFields("code") { Count = 4 })));
            Assert.Null(Received<WithFields>().Code);
        }

        private static T Received<T>() => Assert.IsType<T>(Observed.Get("arg"));

        [AutomaticRetry(Attempts = 0)]
        public static class Jobs
        {
            public static void Run(PrivateConstructorOnly arg) => Observed.Record("arg", arg);

            public static void Run(PrivateAndPublicConstructor arg) => Observed.Record("arg", arg);

            public static void Run(TwoConstructors arg) => Observed.Record("arg", arg);

            public static void Run(SingleConstructor arg) => Observed.Record("arg", arg);

            public static void Run(PrivateSetter arg) => Observed.Record("arg", arg);

            public static void Run(GetOnly arg) => Observed.Record("arg", arg);

            public static void Run(Drawing arg) => Observed.Record("arg", arg);

            public static void Run(Pet arg) => Observed.Record("arg", arg);

            public static void Run(Envelope arg) => Observed.Record("arg", arg);

            public static void Run(Parent arg) => Observed.Record("arg", arg);

            public static void Run(WithCallback arg) => Observed.Record("arg", arg);

            public static void Run(WithAction arg) => Observed.Record("arg", arg);

            public static void Run(WithStream arg) => Observed.Record("arg", arg);

            public static void Run(WithCancellation arg) => Observed.Record("arg", arg);

            public static void Run(WithTask arg) => Observed.Record("arg", arg);

            public static void Run(WithExpression arg) => Observed.Record("arg", arg);

            public static void Run(WithDbContext arg) => Observed.Record("arg", arg);

            public static void Run(WithHttpContext arg) => Observed.Record("arg", arg);

            public static void Run(WithLogger arg) => Observed.Record("arg", arg);

            public static void Run(WithServices arg) => Observed.Record("arg", arg);

            public static void Run(WithBytes arg) => Observed.Record("arg", arg);

            public static void Run(Receipt arg) => Observed.Record("arg", arg);

            public static void Run(LineItem arg) => Observed.Record("arg", arg);

            public static void Run(WithFields arg) => Observed.Record("arg", arg);

            public static void Run(ReadonlyFieldByConstructor arg) => Observed.Record("arg", arg);
        }
    }
}
