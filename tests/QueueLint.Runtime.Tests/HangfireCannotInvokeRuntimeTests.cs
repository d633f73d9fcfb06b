using System;
using System.Collections.Generic;
using Hangfire;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0007: what Hangfire refuses when the job is created, and the parameter types its JSON cannot give back as
    /// they were passed.
    /// </summary>
    public sealed class HangfireCannotInvokeRuntimeTests : IDisposable
    {
        public HangfireCannotInvokeRuntimeTests() => Observed.Clear();

        public void Dispose()
        {
            Observed.Clear();
            SerializerSettings.Reset();
        }

        [Fact]
        public void A_non_public_method_is_refused_when_the_job_is_created_and_the_public_one_runs()
        {
            using var hangfire = new HangfireHarness();

            var error = Assert.Throws<NotSupportedException>(() => Jobs.EnqueueInternal(hangfire.Client));
            Assert.Contains("public", error.Message, StringComparison.OrdinalIgnoreCase);

            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.Public()));
        }

        [Fact]
        public void Out_and_ref_parameters_are_refused()
        {
            using var hangfire = new HangfireHarness();
            var error = Assert.Throws<NotSupportedException>(() => Jobs.EnqueueWithOut(hangfire.Client));
            Assert.Contains("out", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Throws<NotSupportedException>(() => Jobs.EnqueueWithRef(hangfire.Client));
        }

        [Fact]
        public void Delegate_and_expression_parameters_are_refused()
        {
            using var hangfire = new HangfireHarness();
            Assert.Throws<NotSupportedException>(() => hangfire.Client.Enqueue<Jobs>(x => x.TakeDelegate(() => 1)));
            Assert.Throws<NotSupportedException>(() => hangfire.Client.Enqueue<Jobs>(x => x.TakeExpression(() => 1)));
        }

        [Fact]
        public void An_object_parameter_gets_a_long_for_an_int_and_a_JObject_for_an_object_under_default_settings()
        {
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.TakeObject("int", 5)));
            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.TakeObject("point", new Point { X = 1 })));

            Assert.Equal(typeof(long), Observed.Get("int"));
            Assert.Equal(typeof(JObject), Observed.Get("point"));
        }

        [Fact]
        public void An_object_parameter_gets_a_long_for_an_int_under_the_recommended_settings_too_while_an_object_keeps_its_type()
        {
            SerializerSettings.UseRecommended();
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.TakeObject("int", 5)));
            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.TakeObject("point", new Point { X = 1 })));

            Assert.Equal(typeof(long), Observed.Get("int"));
            Assert.Equal(typeof(Point), Observed.Get("point"));
        }

        [Fact]
        public void An_interface_or_abstract_parameter_fails_to_deserialize_under_default_settings()
        {
            using var hangfire = new HangfireHarness();

            var viaInterface = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue<Jobs>(x => x.TakeShape(new Circle { Radius = 2 })));
            var viaAbstract = hangfire.WaitForFirstFailure(hangfire.Client.Enqueue<Jobs>(x => x.TakeAnimal(new Dog { Name = "Rex" })));

            Assert.Contains("Could not create an instance of type", viaInterface.Failure);
            Assert.Contains("Could not create an instance of type", viaAbstract.Failure);

            // The method's own filters cannot be read from a job that does not load: the global retry schedules it again.
            Assert.Equal("Scheduled", viaInterface.Next);
            Assert.False(Observed.TryGet("shape", out _));
        }

        [Fact]
        public void An_interface_or_abstract_parameter_arrives_as_it_was_with_the_recommended_settings()
        {
            SerializerSettings.UseRecommended();
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.TakeShape(new Circle { Radius = 2 })));
            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.TakeAnimal(new Dog { Name = "Rex" })));

            Assert.Equal("Circle 2", Observed.Get("shape"));
            Assert.Equal("Dog Rex", Observed.Get("animal"));
        }

        [Fact]
        public void An_interface_parameter_arrives_as_it_was_with_TypeNameHandling()
        {
            SerializerSettings.Use(new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto });
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.TakeShape(new Circle { Radius = 3 })));

            Assert.Equal("Circle 3", Observed.Get("shape"));
        }

        [Fact]
        public void A_collection_interface_parameter_works_under_default_settings()
        {
            using var hangfire = new HangfireHarness();

            hangfire.AssertSucceeded(hangfire.Client.Enqueue<Jobs>(x => x.TakeIds(new List<int> { 1, 2 })));

            Assert.Equal(2, Observed.Get("ids"));
        }

        public interface IShape
        {
            string Describe();
        }

        public class Circle : IShape
        {
            public int Radius { get; set; }

            public string Describe() => "Circle " + Radius;
        }

        public abstract class Animal
        {
            public string Name { get; set; } = "";

            public abstract string Describe();
        }

        public class Dog : Animal
        {
            public override string Describe() => "Dog " + Name;
        }

        public class Point
        {
            public int X { get; set; }
        }

        [AutomaticRetry(Attempts = 0)]
        public class Jobs
        {
            public static string EnqueueInternal(IBackgroundJobClient client) => client.Enqueue<Jobs>(x => x.Internal());

            public static string EnqueueWithOut(IBackgroundJobClient client)
            {
                int result;
                return client.Enqueue<Jobs>(x => x.WithOut(out result));
            }

            public static string EnqueueWithRef(IBackgroundJobClient client)
            {
                var value = 1;
                return client.Enqueue<Jobs>(x => x.WithRef(ref value));
            }

            public void Public() { }

            internal void Internal() { }

            public void WithOut(out int result) => result = 1;

            public void WithRef(ref int value) => value++;

            public void TakeDelegate(Func<int> factory) { }

            public void TakeExpression(System.Linq.Expressions.Expression<Func<int>> expression) { }

            public void TakeObject(string key, object value) => Observed.Record(key, value.GetType());

            public void TakeShape(IShape shape) => Observed.Record("shape", shape.Describe());

            public void TakeAnimal(Animal animal) => Observed.Record("animal", animal.Describe());

            public void TakeIds(IReadOnlyCollection<int> ids) => Observed.Record("ids", ids.Count);
        }
    }
}
