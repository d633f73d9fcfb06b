using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.HangfireCannotInvokeAnalyzer, QueueLint.CodeFixes.Rules.HangfireCannotInvokeFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0007HangfireCannotInvokeTests
    {
        [Fact]
        public Task Every_rejected_shape_is_reported_with_its_reason()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Linq.Expressions;
                using Hangfire;

                public class Jobs
                {
                    internal void Reindex(int id) { }
                    public void Count(out int total) => total = 0;
                    public void Bump(ref int counter) => counter++;
                    public void Read(in int value) { }
                    public void Call(Action callback) => callback();
                    public void Filter(Expression<Func<int, bool>> predicate) { }
                    internal void Both(Action callback) { }
                    public void Fine(int id, string name) { }
                    public void Generic<T>(T value) { }

                    public void Self() => BackgroundJob.Enqueue(() => {|#0:Helper|}());
                    private void Helper() { }
                }

                public class Caller
                {
                    public void Run(int total, int counter)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#1:Reindex|}(1));
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#2:Count|}(out total));
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#3:Bump|}(ref counter));
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#4:Call|}(null!));
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#5:Filter|}(null!));
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#6:Both|}(null!));
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#7:Read|}(counter));
                        BackgroundJob.Enqueue<Jobs>(x => x.Fine(1, "a"));
                        BackgroundJob.Enqueue<Jobs>(x => x.Generic(42));
                    }
                }
                """,
                Verify.Diagnostic("QL0007").WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithMessage("Hangfire cannot invoke 'Jobs.Helper': it is not public"),
                Verify.Diagnostic("QL0007").WithLocation(1).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithMessage("Hangfire cannot invoke 'Jobs.Reindex': it is not public"),
                Verify.Diagnostic("QL0007").WithLocation(2).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithMessage("Hangfire cannot invoke 'Jobs.Count': parameter 'total' is an out parameter"),
                Verify.Diagnostic("QL0007").WithLocation(3).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithMessage("Hangfire cannot invoke 'Jobs.Bump': parameter 'counter' is passed by reference"),
                Verify.Diagnostic("QL0007").WithLocation(4).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithMessage("Hangfire cannot invoke 'Jobs.Call': parameter 'callback' is a delegate"),
                Verify.Diagnostic("QL0007").WithLocation(5).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithMessage("Hangfire cannot invoke 'Jobs.Filter': parameter 'predicate' is an expression"),
                Verify.Diagnostic("QL0007").WithLocation(6).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithMessage("Hangfire cannot invoke 'Jobs.Both': it is not public, and parameter 'callback' is a delegate"),
                Verify.Diagnostic("QL0007").WithLocation(7).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithMessage("Hangfire cannot invoke 'Jobs.Read': parameter 'value' is passed by reference"));

        private const string Shapes = """
            using System.Collections.Generic;
            using Hangfire;

            public interface IShape { double Area(); }
            public class Circle : IShape { public double Radius { get; set; } public double Area() => Radius * Radius * 3.14; }
            public abstract class Animal { public string Name { get; set; } = ""; }
            public class Dog : Animal { }

            public class Jobs
            {
                public void Draw(IShape shape) { }
                public void Feed(Animal animal) { }
                public void Store(object value) { }
                public void Loose(dynamic value) { }
                public void Many(IReadOnlyList<IShape> shapes, IEnumerable<int> ids, IDictionary<string, int> map) { }
                public void Concrete(Circle circle, Dog dog, string text) { }
                public void Cancellable(IJobCancellationToken token) { }
            }
            """;

        [Fact]
        public Task Parameters_Hangfire_json_cannot_give_back_are_reported_under_default_settings()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", Shapes));
            test.TestState.Sources.Add(("/0/Sites.cs", """
                using System.Collections.Generic;
                using Hangfire;

                public class Sites
                {
                    public void Run()
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#0:Draw|}(new Circle { Radius = 2 }));
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#1:Feed|}(new Dog()));
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#2:Store|}(5));
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#3:Loose|}(5));
                        BackgroundJob.Enqueue<Jobs>(x => x.Many(new List<IShape>(), new[] { 1 }, new Dictionary<string, int>()));
                        BackgroundJob.Enqueue<Jobs>(x => x.Concrete(new Circle(), new Dog(), "a"));
                        BackgroundJob.Enqueue<Jobs>(x => x.Cancellable(JobCancellationToken.Null));
                    }
                }
                """));
            test.ExpectedDiagnostics.Add(Error(0, "Hangfire cannot invoke 'Jobs.Draw': parameter 'shape' is the interface 'IShape': under the default serializer settings the job fails to deserialize it (Could not create an instance of type 'IShape') and is retried; pass a concrete type, or call UseRecommendedSerializerSettings()"));
            test.ExpectedDiagnostics.Add(Error(1, "Hangfire cannot invoke 'Jobs.Feed': parameter 'animal' is the abstract class 'Animal': under the default serializer settings the job fails to deserialize it (Could not create an instance of type 'Animal') and is retried; pass a concrete type, or call UseRecommendedSerializerSettings()"));
            test.ExpectedDiagnostics.Add(Error(2, "Hangfire cannot invoke 'Jobs.Store': parameter 'value' is object: Hangfire's JSON gives a number back as Int64 and an object as a JObject, not as the type that was passed"));
            test.ExpectedDiagnostics.Add(Error(3, "Hangfire cannot invoke 'Jobs.Loose': parameter 'value' is dynamic: Hangfire's JSON gives a number back as Int64 and an object as a JObject, not as the type that was passed"));
            return test.RunAsync();
        }

        [Fact]
        public Task With_type_names_configured_only_object_parameters_are_reported()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", Shapes));
            test.TestState.Sources.Add(("/0/Startup.cs", """
                using Hangfire;

                public static class Startup
                {
                    public static void Configure() => GlobalConfiguration.Configuration.UseRecommendedSerializerSettings();
                }
                """));
            test.TestState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;

                public class Sites
                {
                    public void Run()
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.Draw(new Circle { Radius = 2 }));
                        BackgroundJob.Enqueue<Jobs>(x => x.Feed(new Dog()));
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#0:Store|}(5));
                    }
                }
                """));
            test.ExpectedDiagnostics.Add(Error(0, "Hangfire cannot invoke 'Jobs.Store': parameter 'value' is object: Hangfire's JSON gives a number back as Int64, not as the type that was passed"));
            return test.RunAsync();
        }

        [Fact]
        public Task TypeNameHandling_set_anywhere_counts_as_configured()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", Shapes));
            test.TestState.Sources.Add(("/0/Startup.cs", """
                using Hangfire;
                using Newtonsoft.Json;

                public static class Startup
                {
                    public static void Configure() => GlobalConfiguration.Configuration.UseSerializerSettings(new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto });
                }
                """));
            test.TestState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;

                public class Sites
                {
                    public void Run() => BackgroundJob.Enqueue<Jobs>(x => x.Draw(new Circle { Radius = 2 }));
                }
                """));
            return test.RunAsync();
        }

        private static DiagnosticResult Error(int location, string message)
            => Verify.Diagnostic("QL0007").WithLocation(location).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithMessage(message);

        [Fact]
        public async Task Non_public_methods_become_public_once_for_all_their_sites()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                public class Jobs
                {
                    internal void Reindex(int id) { }

                    [System.Obsolete("kept for old callers")]
                    protected internal void Archive() { }

                    static void Purge() { }

                    void Ping() { }
                }
                """));
            test.TestState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;

                public class Sites
                {
                    public void Run(IBackgroundJobClient client)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#0:Reindex|}(1));
                        client.Enqueue<Jobs>(x => x.{|#1:Reindex|}(2));
                #pragma warning disable CS0618
                        BackgroundJob.Enqueue<Jobs>(x => x.{|#2:Archive|}());
                #pragma warning restore CS0618
                    }
                }
                """));
            test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0007").WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0007").WithLocation(1).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0007").WithLocation(2).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                public class Jobs
                {
                    public void Reindex(int id) { }

                    [System.Obsolete("kept for old callers")]
                    public void Archive() { }

                    static void Purge() { }

                    void Ping() { }
                }
                """));
            test.FixedState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;

                public class Sites
                {
                    public void Run(IBackgroundJobClient client)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.Reindex(1));
                        client.Enqueue<Jobs>(x => x.Reindex(2));
                #pragma warning disable CS0618
                        BackgroundJob.Enqueue<Jobs>(x => x.Archive());
                #pragma warning restore CS0618
                    }
                }
                """));
            test.NumberOfIncrementalIterations = 2;
            test.NumberOfFixAllIterations = 1;
            await test.RunAsync();
        }

        [Fact]
        public Task Private_methods_without_modifiers_and_static_ones_get_public_first()
            => Verify.VerifyCodeFixAsync("""
                using Hangfire;

                public class Jobs
                {
                    static void Purge() { }

                    void Ping() { }

                    public void Run()
                    {
                        BackgroundJob.Enqueue(() => {|QL0007:Purge|}());
                        BackgroundJob.Enqueue<Jobs>(x => x.{|QL0007:Ping|}());
                    }
                }
                """, """
                using Hangfire;

                public class Jobs
                {
                    public static void Purge() { }

                    public void Ping() { }

                    public void Run()
                    {
                        BackgroundJob.Enqueue(() => Purge());
                        BackgroundJob.Enqueue<Jobs>(x => x.Ping());
                    }
                }
                """);

        [Fact]
        public Task No_fix_when_other_problems_remain_or_for_overrides()
        {
            const string Source = """
                using System;
                using Hangfire;

                public abstract class Base
                {
                    protected abstract void Work();
                }

                public class Jobs : Base
                {
                    internal void Both(Action callback) { }
                    protected override void Work() { }

                    public void Run()
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.{|QL0007:Both|}(null!));
                        BackgroundJob.Enqueue(() => {|QL0007:Work|}());
                    }
                }
                """;
            return Verify.VerifyCodeFixAsync(Source, Source);
        }
    }
}
