using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QueueLint.Model;
using QueueLint.Model.Data;
using QueueLint.Model.Jobs;
using QueueLint.Options;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.Model
{
    /// <summary>The job model read directly: entry points of every framework, entities, and bail-out.</summary>
    public class JobModelTests
    {
        private static Compilation Compile(string source, ImmutableArray<MetadataReference> references)
        {
            var compilation = CSharpCompilation.Create(
                "Snippet",
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12)) },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => e.ToString())));
            return compilation;
        }

        private static JobEntryPointKind KindOf(Compilation compilation, string typeName, string methodName, QueueLintOptions? options = null)
        {
            var type = compilation.GetTypeByMetadataName(typeName)!;
            var method = type.GetMembers().OfType<IMethodSymbol>().Single(m => m.Name == methodName || m.Name.EndsWith("." + methodName, System.StringComparison.Ordinal));
            var kind = JobModel.Get(compilation).GetEntryPointKind(method, options ?? QueueLintOptions.Empty);

            // The name filter that passes over most members before this question never leaves out a framework's entry point.
            Assert.True(kind is JobEntryPointKind.None or JobEntryPointKind.UserJobInterface || JobEntryPoints.MayBeFrameworkEntryPoint(method, JobModel.Get(compilation).Symbols));
            return kind;
        }

        private const string EntryPoints = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Coravel.Invocable;
            using MassTransit;
            using Microsoft.Extensions.Hosting;

            public record OrderPlaced(int OrderId);

            public class Consumer : IConsumer<OrderPlaced>
            {
                public Task Consume(ConsumeContext<OrderPlaced> context) => Task.CompletedTask;
                public Task Helper() => Task.CompletedTask;
            }

            public class ExplicitConsumer : IConsumer<OrderPlaced>
            {
                Task IConsumer<OrderPlaced>.Consume(ConsumeContext<OrderPlaced> context) => Task.CompletedTask;
            }

            public class Worker : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
            }

            public class DerivedWorker : Worker
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => base.ExecuteAsync(stoppingToken);
            }

            public class Invocable : IInvocable
            {
                public Task Invoke() => Task.CompletedTask;
            }

            namespace App
            {
                public interface IJob2
                {
                    Task RunAsync();
                }

                public class Custom : IJob2
                {
                    public Task RunAsync() => Task.CompletedTask;
                    public Task Other() => Task.CompletedTask;
                }
            }
            """;

        [Fact]
        public void Entry_points_of_masstransit_hosting_coravel_and_configured_interfaces()
        {
            var compilation = Compile(EntryPoints, SnippetReferences.Frameworks);
            Assert.Equal(JobEntryPointKind.MassTransitConsumer, KindOf(compilation, "Consumer", "Consume"));
            Assert.Equal(JobEntryPointKind.None, KindOf(compilation, "Consumer", "Helper"));
            Assert.Equal(JobEntryPointKind.MassTransitConsumer, KindOf(compilation, "ExplicitConsumer", "Consume"));
            Assert.Equal(JobEntryPointKind.HostedService, KindOf(compilation, "Worker", "ExecuteAsync"));
            Assert.Equal(JobEntryPointKind.HostedService, KindOf(compilation, "DerivedWorker", "ExecuteAsync"));
            Assert.Equal(JobEntryPointKind.CoravelInvocable, KindOf(compilation, "Invocable", "Invoke"));
            Assert.Equal(JobEntryPointKind.None, KindOf(compilation, "App.Custom", "RunAsync"));

            var options = ParseOptions("queuelint.job_interfaces = App.IJob2");
            Assert.Equal(JobEntryPointKind.UserJobInterface, KindOf(compilation, "App.Custom", "RunAsync", options));
            Assert.Equal(JobEntryPointKind.None, KindOf(compilation, "App.Custom", "Other", options));
        }

        [Fact]
        public void Quartz3_entry_point()
        {
            var compilation = Compile("""
                using System.Threading.Tasks;
                using Quartz;

                public class Cleanup : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }
                """, SnippetReferences.Frameworks);
            Assert.Equal(JobEntryPointKind.QuartzJob, KindOf(compilation, "Cleanup", "Execute"));
        }

        [Fact]
        public void Quartz4_entry_point()
        {
            var compilation = Compile("""
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                public class Cleanup : IJob
                {
                    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => default;
                }
                """, SnippetReferences.FrameworksWithQuartz4);
            Assert.Equal(JobEntryPointKind.QuartzJob, KindOf(compilation, "Cleanup", "Execute"));
        }

        [Fact]
        public void Entities_come_from_db_sets_and_configurations_of_this_and_referenced_assemblies()
        {
            var data = Compile(Rules.Snippets.ShopModel, SnippetReferences.Frameworks);
            var app = Compile(
                """
                using Microsoft.EntityFrameworkCore;
                using Microsoft.EntityFrameworkCore.Metadata.Builders;

                public class Parcel { public int Id { get; set; } }
                public class ParcelConfiguration : IEntityTypeConfiguration<Parcel>
                {
                    public void Configure(EntityTypeBuilder<Parcel> builder) { }
                }
                """,
                SnippetReferences.Frameworks.Add(data.ToMetadataReference()));

            var names = JobModel.Get(app).Entities.DeclaredEntities.Select(t => t.Name).OrderBy(n => n).ToArray();
            Assert.Equal(new[] { "Customer", "Invoice", "Order", "Parcel" }, names);
        }

        [Fact]
        public void An_edit_finds_the_entities_a_build_finds_binding_only_contexts_and_configurations()
        {
            var library = Compile(
                """
                using Microsoft.EntityFrameworkCore;
                using Microsoft.EntityFrameworkCore.Metadata.Builders;

                namespace Lib
                {
                    public class Audit { public int Id { get; set; } }
                    public abstract class AuditedContext<TUser> : DbContext where TUser : class
                    {
                        public DbSet<Audit> Audits => Set<Audit>();
                        public DbSet<TUser> Users => Set<TUser>();
                    }
                    public abstract class Configuration<T> : IEntityTypeConfiguration<T> where T : class
                    {
                        public void Configure(EntityTypeBuilder<T> builder) { }
                    }
                }
                """,
                SnippetReferences.Frameworks);
            var references = SnippetReferences.Frameworks.Add(library.ToMetadataReference());
            var options = new CSharpParseOptions(LanguageVersion.CSharp12);
            var sources = new[]
            {
                """
                using Microsoft.EntityFrameworkCore;
                namespace App
                {
                    public class User { public int Id { get; set; } }
                    public class Order { public int Id { get; set; } }
                    public class AppContext : Lib.AuditedContext<User> { public DbSet<Order>? Orders { get; set; } }
                    public class ReportsContext : Base { }
                }
                """,
                """
                using Ctx = Microsoft.EntityFrameworkCore.DbContext;
                namespace App
                {
                    public class Line { public int Id { get; set; } }
                    public class Parcel { public int Id { get; set; } }
                    public abstract class Base : Ctx { public Microsoft.EntityFrameworkCore.DbSet<Line> Lines => Set<Line>(); }
                    public class ParcelConfiguration : Lib.Configuration<Parcel> { }
                    public class Plain { public int Id { get; set; } }
                }
                """,
            };
            var build = CSharpCompilation.Create("Snippet", sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, path: $"File{i}.cs")), references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(build.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var buildModel = JobModel.Get(build);
            Assert.False(buildModel.IsEdit);

            // A keystroke: a new compilation that keeps both trees.
            var edit = build.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Typed { }", options, path: "File2.cs"));
            var editModel = JobModel.Get(edit);
            Assert.True(editModel.IsEdit);
            Assert.True(editModel.AnswersByReach);

            string[] Names(JobModel model) => model.Entities.DeclaredEntities.Select(t => t.ToDisplayString()).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
            var expected = new[] { "App.Line", "App.Order", "App.Parcel", "App.User", "Lib.Audit" };
            Assert.Equal(expected, Names(buildModel));
            Assert.Equal(expected, Names(editModel));
        }

        [Fact]
        public void Keys_follow_entity_framework_conventions()
        {
            var compilation = Compile("""
                using System.ComponentModel.DataAnnotations;

                public class ById { public int Id { get; set; } public int ByIdId { get; set; } }
                public class ByTypeId { public long ByTypeIdId { get; set; } }
                public class ByAttribute { public int Id { get; set; } [Key] public string Code { get; set; } = ""; }
                public class Composite { [Key] public int A { get; set; } [Key] public int B { get; set; } }
                public class Base { public System.Guid Id { get; set; } }
                public class Derived : Base { }
                public class NoKey { public string Name { get; set; } = ""; }
                """, SnippetReferences.Frameworks);
            var keyAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.KeyAttribute");
            string? Key(string type) => EntityKeys.FindKey(compilation.GetTypeByMetadataName(type)!, keyAttribute)?.Name;

            Assert.Equal("Id", Key("ById"));
            Assert.Equal("ByTypeIdId", Key("ByTypeId"));
            Assert.Equal("Code", Key("ByAttribute"));
            Assert.Null(Key("Composite"));
            Assert.Equal("Id", Key("Derived"));
            Assert.Null(Key("NoKey"));
        }

        [Fact]
        public void An_edit_finds_the_consumed_message_types_of_each_file_a_build_finds()
        {
            var options = new CSharpParseOptions(LanguageVersion.CSharp12);
            var sources = new[]
            {
                """
                using System.Threading.Tasks;
                using MassTransit;
                using Msg = App.Aliased;
                namespace App
                {
                    public class DirectConsumer : IConsumer<Direct> { public Task Consume(ConsumeContext<Direct> context) => Task.CompletedTask; }
                    public class AliasConsumer : IConsumer<Msg> { public Task Consume(ConsumeContext<Msg> context) => Task.CompletedTask; }
                    public abstract class ConsumerBase<T> : IConsumer<T> where T : class { public Task Consume(ConsumeContext<T> context) => Task.CompletedTask; }
                    public class GenericConsumer : ConsumerBase<ThroughBase> { }
                    public class DerivedConsumer : ConsumerBase<Derived> { }
                }
                """,
                "namespace App { public record Direct(int Id); }",
                "namespace App { public record Aliased(int Id); }",
                "namespace App { public record ThroughBase(int Id); public record Unconsumed(int Id); }",
                "namespace App { public abstract record MessageBase(int Id); }",
                "namespace App { public record Derived(int Id) : MessageBase(Id); }",
                "namespace App { public class Plain { public int Id { get; set; } } }",
            };
            var count = sources.Length;
            var build = CSharpCompilation.Create("Snippet", sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, path: $"File{i}.cs")), SnippetReferences.Frameworks, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(build.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.False(JobModel.Get(build).IsEdit);
            var buildModel = JobModel.Get(build);
            var inBuild = build.SyntaxTrees.Select(t => string.Join(" ", buildModel.GetConsumedMessageTypesDeclaredIn(t).Select(x => x.Name).OrderBy(n => n, System.StringComparer.Ordinal))).ToArray();
            Assert.Equal(new[] { string.Empty, "Direct", "Aliased", "ThroughBase", "Derived", "Derived", string.Empty }, inBuild);

            // Each file asked alone in an edit of its own, as the IDE asks for the edited document.
            var inEdit = new string[count];
            for (var i = 0; i < count; i++)
            {
                var edit = build.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Typed { }", options, path: $"Edit{i}.cs"));
                var editModel = JobModel.Get(edit);
                Assert.True(editModel.AnswersByReach);
                inEdit[i] = string.Join(" ", editModel.GetConsumedMessageTypesDeclaredIn(edit.SyntaxTrees.ElementAt(i)).Select(x => x.Name).OrderBy(n => n, System.StringComparer.Ordinal));
            }

            Assert.Equal(inBuild, inEdit);
        }

        [Fact]
        public void Model_is_inactive_without_a_job_framework()
        {
            var compilation = Compile("public class Plain { }", SnippetReferences.NetOnly);
            var model = JobModel.Get(compilation);
            Assert.False(model.IsActive(QueueLintOptions.Empty));
            Assert.True(model.IsActive(ParseOptions("queuelint.enqueue_methods = App.Jobs.Enqueue")));
            Assert.Same(model, JobModel.Get(compilation));
        }

        private static QueueLintOptions ParseOptions(string line) => QueueLintOptions.Get(new ConfigOptions(line).GlobalOptions);
    }
}
