using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Jobs;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.Model
{
    /// <summary>Job code as the model computes it: entry points, what they call, how deep, and central reporters.</summary>
    public class JobCodeTests
    {
        private static Compilation Compile(ImmutableArray<MetadataReference> references, params string[] sources)
        {
            var compilation = CSharpCompilation.Create(
                "Snippet",
                sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp12), path: "File" + i + ".cs")),
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => e.ToString())));
            return compilation;
        }

        private static JobCode JobCodeOf(Compilation compilation, string? editorConfig = null)
            => JobModel.Get(compilation).GetJobCode(Options(editorConfig), CancellationToken.None);

        private static AnalyzerOptions Options(string? globalConfig)
            => new(ImmutableArray<AdditionalText>.Empty, new ConfigOptions(globalConfig));

        private static string[] Names(JobCode jobCode)
            => jobCode.GetMethods(CancellationToken.None).Select(m => m.Method.ContainingType.Name + "." + m.Method.Name + "@" + m.Depth).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();

        /// <summary>
        /// The job-code methods of each file, in source order, as the search from all entry points down finds them, once
        /// checked that after an edit elsewhere (a new compilation reusing the trees) the search from each file's methods
        /// up finds the same; with each method's entry point and kind when <paramref name="withEntries"/>.
        /// </summary>
        private static string[] JobCodeByFileBothWays(Compilation compilation, bool withEntries)
        {
            var options = Options(null);
            var whole = JobModel.Get(compilation).GetJobCode(options, CancellationToken.None);
            var expected = compilation.SyntaxTrees.Select(t => Describe(whole.GetMethodsIn(t, CancellationToken.None))).ToArray();

            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Typed { }", new CSharpParseOptions(LanguageVersion.CSharp12), path: "Edited.cs"));
            var jobCode = JobModel.Get(edited).GetJobCode(options, CancellationToken.None);
            Assert.True(JobModel.Get(edited).AnswersByReach);
            var actual = edited.SyntaxTrees.Take(expected.Length).Select(t => Describe(jobCode.GetMethodsIn(t, CancellationToken.None))).ToArray();
            Assert.Equal(expected, actual);
            return expected;

            string Describe(ImmutableArray<JobCodeMethod> methods)
                => string.Join(" ", methods.Select(m => withEntries
                    ? $"{m.Method.ContainingType.Name}.{m.Method.Name}@{m.Depth}<{m.EntryPoint.ContainingType.Name}.{m.EntryPoint.Name},{m.EntryKind}>"
                    : $"{m.Method.ContainingType.Name}.{m.Method.Name}@{m.Depth}"));
        }

        [Fact]
        public void Reach_follows_calls_into_services_base_templates_and_overrides_to_a_bounded_depth()
        {
            var compilation = Compile(SnippetReferences.Frameworks, """
                using System.Threading.Tasks;
                using Quartz;

                public interface IReportService { Task BuildAsync(int id); }

                public class ReportService : IReportService
                {
                    public Task BuildAsync(int id) => Render(id);
                    private Task Render(int id) => Store(id);
                    private Task Store(int id) => Deeper(id);
                    private Task Deeper(int id) => Task.CompletedTask;
                    public Task NeverCalled() => Task.CompletedTask;
                }

                public abstract class BaseJob : IJob
                {
                    public async Task Execute(IJobExecutionContext context) => await ExecuteJobAsync(context);
                    protected abstract Task ExecuteJobAsync(IJobExecutionContext context);
                }

                public class ReportJob : BaseJob
                {
                    private readonly IReportService _reports;
                    public ReportJob(IReportService reports) => _reports = reports;
                    protected override Task ExecuteJobAsync(IJobExecutionContext context) => _reports.BuildAsync(1);
                }

                public class Unrelated
                {
                    public Task Run(IReportService reports) => reports.BuildAsync(2);
                }
                """);

            Assert.Equal(
                new[] { "BaseJob.Execute@0", "ReportJob.ExecuteJobAsync@1", "ReportService.BuildAsync@2", "ReportService.Render@3" },
                Names(JobCodeOf(compilation)));
            var render = JobCodeOf(compilation).GetMethods(CancellationToken.None).Single(m => m.Method.Name == "Render");
            Assert.Equal("Execute", render.EntryPoint.Name);
            Assert.Equal(JobEntryPointKind.QuartzJob, render.EntryKind);
        }

        [Fact]
        public void Reach_follows_method_groups_handed_on_lambdas_local_functions_and_source_extension_methods()
        {
            var compilation = Compile(SnippetReferences.Frameworks, """
                using System;
                using System.Threading.Tasks;
                using Quartz;

                public static class Extensions { public static Task Archive(this string name) => Task.CompletedTask; }

                public class Job : IJob
                {
                    public event EventHandler? Done;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        await Task.Run(Work);
                        Func<Task> later = () => FromLambda();
                        await later();
                        await Local();
                        await "report".Archive();
                        Done += OnDone;
                        Func<Task> stored = Stored;
                        async Task Local() => await FromLocal();
                    }

                    private Task Work() => Task.CompletedTask;
                    private Task FromLambda() => Task.CompletedTask;
                    private Task FromLocal() => Task.CompletedTask;
                    private Task Stored() => Task.CompletedTask;
                    private void OnDone(object? sender, EventArgs e) { }
                }
                """);

            // A handler subscribed, or a method group kept for later, runs when something else calls it: not job code.
            Assert.Equal(
                new[] { "Extensions.Archive@1", "Job.Execute@0", "Job.FromLambda@1", "Job.FromLocal@1", "Job.Work@1" },
                Names(JobCodeOf(compilation)));
        }

        [Fact]
        public void Hangfire_targets_in_other_files_and_their_implementations_are_entry_points()
        {
            var compilation = Compile(
                SnippetReferences.Frameworks,
                """
                public interface IMailer { void Send(int id); }
                public class Mailer : IMailer
                {
                    public void Send(int id) => Log(id);
                    private void Log(int id) { }
                }
                public class Cleanup { public void Run() { } public void NotAJob() { } }
                """,
                """
                using Hangfire;
                public class Web
                {
                    public void Post(IBackgroundJobClient client)
                    {
                        client.Enqueue<IMailer>(x => x.Send(1));
                        RecurringJob.AddOrUpdate<Cleanup>("cleanup", x => x.Run(), Cron.Daily());
                    }
                }
                """);

            var jobCode = JobCodeOf(compilation);
            Assert.Equal(new[] { "Cleanup.Run@0", "Mailer.Log@1", "Mailer.Send@0" }, Names(jobCode));
            Assert.All(jobCode.GetMethods(CancellationToken.None), m => Assert.Equal(JobEntryPointKind.HangfireJob, m.EntryKind));
            Assert.Equal(3, jobCode.GetMethodsIn(compilation.SyntaxTrees.First(), CancellationToken.None).Length);
        }

        [Fact]
        public void After_an_edit_a_file_is_answered_from_its_methods_up_with_the_same_job_code()
        {
            // Two jobs reach Shared.Write at the same depth: the first declared (by file order, then position) is its
            // entry point, whichever search finds it. A private helper, a static one called by its simple name, a
            // service behind its interface and a call on an unrelated type with the same name are all in play.
            var compilation = Compile(
                SnippetReferences.Frameworks,
                """
                using System.Threading.Tasks;
                using Quartz;
                public class LateJob : IJob
                {
                    private readonly Shared _shared = new();
                    public Task Execute(IJobExecutionContext context) { _shared.Write(); return Task.CompletedTask; }
                }
                """,
                """
                using Hangfire;
                public interface IMailer { void Send(int id); }
                public class Mailer : IMailer
                {
                    private readonly Shared _shared = new();
                    public void Send(int id) { Log(id); Format(id); _shared.Write(); }
                    private void Log(int id) { }
                    private static void Format(int id) { }
                }
                public class Shared
                {
                    public void Write() => Add(1);
                    public void Add(int value) { }
                }
                public class Unrelated
                {
                    private readonly System.Collections.Generic.List<int> _items = new();
                    public void Add(int value) => _items.Add(value);
                    public void Log(int id) { }
                }
                public class Web
                {
                    public void Post(IBackgroundJobClient client) => client.Enqueue<IMailer>(x => x.Send(1));
                }
                """);
            var expected = JobCodeByFileBothWays(compilation, withEntries: true);
            Assert.Equal("LateJob.Execute@0<LateJob.Execute,QuartzJob>", expected[0]);
            Assert.Equal(
                "Mailer.Send@0<Mailer.Send,HangfireJob> Mailer.Log@1<Mailer.Send,HangfireJob> Mailer.Format@1<Mailer.Send,HangfireJob> "
                + "Shared.Write@1<LateJob.Execute,QuartzJob> Shared.Add@2<LateJob.Execute,QuartzJob>",
                expected[1]);
        }

        [Fact]
        public void A_generic_dispatcher_reaches_the_handler_of_what_the_job_sends_in_both_searches()
        {
            // Dispatcher.Send<T> resolves ICommandHandler<T>: ChargeJob sends a Charge, so it reaches ChargeProcessor;
            // AuditJob's Audit goes through a generic forwarder and a logging decorator that hand their type argument on,
            // and reaches AuditProcessor. Logged<T> wraps a handler of the command it is reached for. RefundProcessor,
            // whose Refund only a controller sends, is not job code.
            var compilation = Compile(
                SnippetReferences.Frameworks,
                """
                using System;
                using System.Threading.Tasks;
                using Quartz;
                public interface ICommand { }
                public record Charge(int Id) : ICommand;
                public record Refund(int Id) : ICommand;
                public record Audit(int Id) : ICommand;
                public interface ICommandHandler<in T> where T : ICommand { Task Handle(T command); }
                public interface IDispatcher { Task Send<T>(T command) where T : ICommand; }
                public class Dispatcher : IDispatcher
                {
                    private readonly IServiceProvider _services;
                    public Dispatcher(IServiceProvider services) => _services = services;
                    public Task Send<T>(T command) where T : ICommand => Resolve<T>().Handle(command);
                    private ICommandHandler<T> Resolve<T>() where T : ICommand => (ICommandHandler<T>)_services.GetService(typeof(ICommandHandler<T>))!;
                }
                public class LoggingDispatcher : IDispatcher
                {
                    private readonly IDispatcher _inner;
                    public LoggingDispatcher(IDispatcher inner) => _inner = inner;
                    public Task Send<T>(T command) where T : ICommand => _inner.Send(command);
                }
                public class ChargeJob : IJob
                {
                    private readonly IDispatcher _dispatcher;
                    public ChargeJob(IDispatcher dispatcher) => _dispatcher = dispatcher;
                    public Task Execute(IJobExecutionContext context) => _dispatcher.Send(new Charge(1));
                }
                """,
                """
                using System.Threading.Tasks;
                public class ChargeProcessor : ICommandHandler<Charge> { public Task Handle(Charge command) => Task.CompletedTask; }
                public class RefundProcessor : ICommandHandler<Refund> { public Task Handle(Refund command) => Task.CompletedTask; }
                public class AuditProcessor : ICommandHandler<Audit> { public Task Handle(Audit command) => Task.CompletedTask; }
                public class Logged<T> : ICommandHandler<T> where T : ICommand
                {
                    private readonly ICommandHandler<T> _inner;
                    public Logged(ICommandHandler<T> inner) => _inner = inner;
                    public Task Handle(T command) => _inner.Handle(command);
                }
                public class RefundController
                {
                    private readonly IDispatcher _dispatcher;
                    public RefundController(IDispatcher dispatcher) => _dispatcher = dispatcher;
                    public Task Post() => _dispatcher.Send(new Refund(1));
                }
                """,
                """
                using System.Threading.Tasks;
                using Quartz;
                public class Forwarder
                {
                    private readonly IDispatcher _dispatcher;
                    public Forwarder(IDispatcher dispatcher) => _dispatcher = dispatcher;
                    public Task Forward<T>(T command) where T : ICommand => _dispatcher.Send(command);
                }
                public class AuditJob : IJob
                {
                    private readonly Forwarder _forwarder;
                    public AuditJob(Forwarder forwarder) => _forwarder = forwarder;
                    public Task Execute(IJobExecutionContext context) => _forwarder.Forward(new Audit(1));
                }
                """);
            var expected = JobCodeByFileBothWays(compilation, withEntries: true);
            Assert.Equal(
                "Dispatcher.Send@1<ChargeJob.Execute,QuartzJob> Dispatcher.Resolve@2<ChargeJob.Execute,QuartzJob> "
                + "LoggingDispatcher.Send@1<ChargeJob.Execute,QuartzJob> ChargeJob.Execute@0<ChargeJob.Execute,QuartzJob>",
                expected[0]);
            Assert.Equal(
                "ChargeProcessor.Handle@2<ChargeJob.Execute,QuartzJob> AuditProcessor.Handle@3<AuditJob.Execute,QuartzJob> Logged.Handle@2<ChargeJob.Execute,QuartzJob>",
                expected[1]);
            Assert.Equal("Forwarder.Forward@1<AuditJob.Execute,QuartzJob> AuditJob.Execute@0<AuditJob.Execute,QuartzJob>", expected[2]);
        }

        [Fact]
        public void Decorators_that_wrap_one_another_leave_the_nearest_entry_point_in_both_searches()
        {
            // Three decorators of ICommandHandler<T> wrap one another, so chains of them reach every handler at every depth;
            // the dispatcher reaches ChargeProcessor two calls from ChargeJob, and AuditProcessor three calls from AuditJob
            // (through a forwarder). The search from a handler up goes one call deeper at a time: each finds the nearest
            // entry point the search from the jobs down gives it, and RefundProcessor, which no job sends to, none.
            var compilation = Compile(
                SnippetReferences.Frameworks,
                """
                using System;
                using System.Threading.Tasks;
                using Quartz;
                public interface ICommand { }
                public record Charge(int Id) : ICommand;
                public record Refund(int Id) : ICommand;
                public record Audit(int Id) : ICommand;
                public interface ICommandHandler<in T> where T : ICommand { Task Handle(T command); }
                public class Dispatcher
                {
                    private readonly IServiceProvider _services;
                    public Dispatcher(IServiceProvider services) => _services = services;
                    public Task Send<T>(T command) where T : ICommand => ((ICommandHandler<T>)_services.GetService(typeof(ICommandHandler<T>))!).Handle(command);
                }
                public class ChargeJob : IJob
                {
                    private readonly Dispatcher _dispatcher;
                    public ChargeJob(Dispatcher dispatcher) => _dispatcher = dispatcher;
                    public Task Execute(IJobExecutionContext context) => _dispatcher.Send(new Charge(1));
                }
                public class Forwarder
                {
                    private readonly Dispatcher _dispatcher;
                    public Forwarder(Dispatcher dispatcher) => _dispatcher = dispatcher;
                    public Task Forward<T>(T command) where T : ICommand => _dispatcher.Send(command);
                }
                public class AuditJob : IJob
                {
                    private readonly Forwarder _forwarder;
                    public AuditJob(Forwarder forwarder) => _forwarder = forwarder;
                    public Task Execute(IJobExecutionContext context) => _forwarder.Forward(new Audit(1));
                }
                """,
                """
                using System.Threading.Tasks;
                public class ChargeProcessor : ICommandHandler<Charge> { public Task Handle(Charge command) => Task.CompletedTask; }
                public class RefundProcessor : ICommandHandler<Refund> { public Task Handle(Refund command) => Task.CompletedTask; }
                public class AuditProcessor : ICommandHandler<Audit> { public Task Handle(Audit command) => Task.CompletedTask; }
                public class Logged<T> : ICommandHandler<T> where T : ICommand
                {
                    private readonly ICommandHandler<T> _inner;
                    public Logged(ICommandHandler<T> inner) => _inner = inner;
                    public Task Handle(T command) => _inner.Handle(command);
                }
                public class Retried<T> : ICommandHandler<T> where T : ICommand
                {
                    private readonly ICommandHandler<T> _inner;
                    public Retried(ICommandHandler<T> inner) => _inner = inner;
                    public Task Handle(T command) => _inner.Handle(command);
                }
                public class Locked<T> : ICommandHandler<T> where T : ICommand
                {
                    private readonly ICommandHandler<T> _inner;
                    public Locked(ICommandHandler<T> inner) => _inner = inner;
                    public Task Handle(T command) => _inner.Handle(command);
                }
                public class RefundController
                {
                    private readonly Dispatcher _dispatcher;
                    public RefundController(Dispatcher dispatcher) => _dispatcher = dispatcher;
                    public Task Post() => _dispatcher.Send(new Refund(1));
                }
                """);
            var expected = JobCodeByFileBothWays(compilation, withEntries: true);
            Assert.Equal(
                "Dispatcher.Send@1<ChargeJob.Execute,QuartzJob> ChargeJob.Execute@0<ChargeJob.Execute,QuartzJob> "
                + "Forwarder.Forward@1<AuditJob.Execute,QuartzJob> AuditJob.Execute@0<AuditJob.Execute,QuartzJob>",
                expected[0]);
            Assert.Equal(
                "ChargeProcessor.Handle@2<ChargeJob.Execute,QuartzJob> AuditProcessor.Handle@3<AuditJob.Execute,QuartzJob> "
                + "Logged.Handle@2<ChargeJob.Execute,QuartzJob> Retried.Handle@2<ChargeJob.Execute,QuartzJob> Locked.Handle@2<ChargeJob.Execute,QuartzJob>",
                expected[1]);
        }

        [Fact]
        public void A_dispatcher_reached_with_an_unknown_type_argument_reaches_every_handler()
        {
            // SendJob<T> sends its class's type parameter, and is an entry point: which command it carries is not known.
            var compilation = Compile(
                SnippetReferences.Frameworks,
                """
                using System;
                using System.Threading.Tasks;
                using Quartz;
                public interface ICommand { }
                public record Charge : ICommand;
                public record Refund : ICommand;
                public interface ICommandHandler<in T> where T : ICommand { Task Handle(T command); }
                public class Dispatcher
                {
                    private readonly IServiceProvider _services;
                    public Dispatcher(IServiceProvider services) => _services = services;
                    public Task Send<T>(T command) where T : ICommand => ((ICommandHandler<T>)_services.GetService(typeof(ICommandHandler<T>))!).Handle(command);
                }
                public class ChargeProcessor : ICommandHandler<Charge> { public Task Handle(Charge command) => Task.CompletedTask; }
                public class RefundProcessor : ICommandHandler<Refund> { public Task Handle(Refund command) => Task.CompletedTask; }
                public class SendJob<T> : IJob where T : ICommand, new()
                {
                    private readonly Dispatcher _dispatcher;
                    public SendJob(Dispatcher dispatcher) => _dispatcher = dispatcher;
                    public Task Execute(IJobExecutionContext context) => _dispatcher.Send(new T());
                }
                """);
            Assert.Equal(
                new[] { "Dispatcher.Send@1 ChargeProcessor.Handle@2 RefundProcessor.Handle@2 SendJob.Execute@0" },
                JobCodeByFileBothWays(compilation, withEntries: false));
        }

        [Fact]
        public void After_an_edit_hangfire_jobs_named_by_a_type_parameter_an_alias_or_a_field_are_entry_points()
        {
            var compilation = Compile(
                SnippetReferences.Frameworks,
                """
                using Hangfire;
                using M = App.Mailer2;
                namespace App
                {
                    public class Web
                    {
                        public void Schedule<TJob>(IBackgroundJobClient client) where TJob : IMailer => client.Enqueue<TJob>(x => x.Send(2));
                        public void Post(IBackgroundJobClient client) => client.Enqueue<M>(x => x.Notify(1));
                        private readonly Pinger _pinger = new();
                        public void Later(IBackgroundJobClient client) => client.Schedule(() => _pinger.Ping(), System.TimeSpan.FromMinutes(1));
                    }
                }
                """,
                """
                namespace App
                {
                    public interface IMailer { void Send(int id); }
                    public class Mailer : IMailer { public void Send(int id) { } }
                    public class Mailer2 { public void Notify(int id) { } }
                    public class Other { public void Send(int id) { } public void Notify(int id) { } public void Ping() { } }
                    public class Pinger { public void Ping() { } }
                }
                """);
            var options = Options(null);
            var whole = JobModel.Get(compilation).GetJobCode(options, CancellationToken.None);
            Assert.Equal("Mailer.Send@0 Mailer2.Notify@0 Pinger.Ping@0", Describe(whole.GetMethodsIn(compilation.SyntaxTrees.ElementAt(1), CancellationToken.None)));

            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Typed { }", new CSharpParseOptions(LanguageVersion.CSharp12), path: "File2.cs"));
            var jobCode = JobModel.Get(edited).GetJobCode(options, CancellationToken.None);
            Assert.True(JobModel.Get(edited).AnswersByReach);
            Assert.Equal("Mailer.Send@0 Mailer2.Notify@0 Pinger.Ping@0", Describe(jobCode.GetMethodsIn(edited.SyntaxTrees.ElementAt(1), CancellationToken.None)));

            static string Describe(ImmutableArray<JobCodeMethod> methods)
                => string.Join(" ", methods.Select(m => $"{m.Method.ContainingType.Name}.{m.Method.Name}@{m.Depth}"));
        }

        [Fact]
        public void After_an_edit_calls_through_fields_and_properties_reach_what_a_build_reaches()
        {
            // Receivers named by fields and properties (inherited, chained, through an alias, of a type parameter, of a
            // nested type, of a list, hidden by a private base member or a local) decide which same-named methods a job
            // reaches, in a build and in an edit.
            var compilation = Compile(
                SnippetReferences.Frameworks,
                """
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Quartz;
                using W = Writer;
                public abstract class JobBase
                {
                    protected readonly Store Store = new();
                    private readonly Unrelated _hidden = new();
                }
                public class ChainJob : JobBase, IJob
                {
                    private readonly Holder _holder = new();
                    private Outer.Inner Nested { get; } = new();
                    private readonly W _aliased = new();
                    private readonly Keeper<Store2> _keeper = new();
                    public Task Execute(IJobExecutionContext context)
                    {
                        Store.Save();
                        _holder.Current.Flush();
                        _aliased.Close();
                        _keeper.Keep();
                        _holder.Items.Add(1);
                        Nested.Send();
                        var _hidden = new Unrelated2();
                        _hidden.Log();
                        return Task.CompletedTask;
                    }
                }
                public class Holder
                {
                    public Writer Current { get; } = new();
                    public List<int> Items { get; } = new();
                }
                public class Keeper<TStore> where TStore : Store2, new()
                {
                    private readonly TStore _store = new();
                    public void Keep() => _store.Hold();
                }
                """,
                """
                public class Store { public void Save() { } }
                public class Writer { public void Flush() { } public void Close() { } }
                public class Store2 { public void Hold() { } }
                public class Outer { public class Inner { public void Send() { } } }
                public class Unrelated
                {
                    public void Save() { }
                    public void Flush() { }
                    public void Add(int value) { }
                    public void Send() { }
                    public void Log() { }
                    public void Close() { }
                    public void Hold() { }
                }
                public class Unrelated2 { public void Log() { } }
                """);
            var expected = JobCodeByFileBothWays(compilation, withEntries: false);
            Assert.Equal("ChainJob.Execute@0 Keeper.Keep@1", expected[0]);
            Assert.Equal("Store.Save@1 Writer.Flush@1 Writer.Close@1 Store2.Hold@2 Inner.Send@1 Unrelated2.Log@1", expected[1]);
        }

        [Fact]
        public void Every_declared_entry_point_kind_is_job_code()
        {
            const string Source = """
                using System.Threading;
                using System.Threading.Tasks;
                using Coravel.Invocable;
                using MassTransit;
                using Microsoft.Extensions.Hosting;

                public record OrderPlaced(int OrderId);
                public class Consumer : IConsumer<OrderPlaced> { public Task Consume(ConsumeContext<OrderPlaced> context) => Task.CompletedTask; }
                public class Worker : BackgroundService { protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask; }
                public class Invocable : IInvocable { public Task Invoke() => Task.CompletedTask; }
                namespace App
                {
                    public interface IMyJob { Task RunAsync(); }
                    public class Custom : IMyJob { public Task RunAsync() => Task.CompletedTask; }
                }
                """;

            // Job code is computed once per compilation, with the options of the first rule to ask.
            Assert.Equal(new[] { "Consumer.Consume@0", "Invocable.Invoke@0", "Worker.ExecuteAsync@0" }, Names(JobCodeOf(Compile(SnippetReferences.Frameworks, Source))));
            Assert.Equal(
                new[] { "Consumer.Consume@0", "Custom.RunAsync@0", "Invocable.Invoke@0", "Worker.ExecuteAsync@0" },
                Names(JobCodeOf(Compile(SnippetReferences.Frameworks, Source), "queuelint.job_interfaces = App.IMyJob")));
        }

        [Fact]
        public void Quartz_4_entry_points_are_job_code()
        {
            var compilation = Compile(SnippetReferences.FrameworksWithQuartz4, """
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;
                public class Sync : IJob
                {
                    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => Work();
                    private ValueTask Work() => default;
                }
                """);

            Assert.Equal(new[] { "Sync.Execute@0", "Sync.Work@1" }, Names(JobCodeOf(compilation)));
        }

        [Fact]
        public void Without_a_job_framework_there_is_no_job_code()
        {
            var compilation = Compile(SnippetReferences.NetOnly, "public class C { public void Run() { } }");
            Assert.Same(JobCode.Empty, JobCodeOf(compilation));
        }

        [Fact]
        public void Central_reporters_are_found_per_framework()
        {
            var compilation = Compile(SnippetReferences.Frameworks, """
                using System;
                using System.Threading.Tasks;
                using Hangfire;
                using Hangfire.Server;
                using MassTransit;
                using Quartz;

                public record OrderPlaced(int OrderId);
                public record OrderShipped(int OrderId);
                public class Placed : IConsumer<OrderPlaced> { public Task Consume(ConsumeContext<OrderPlaced> context) => Task.CompletedTask; }
                public class Shipped : IConsumer<OrderShipped> { public Task Consume(ConsumeContext<OrderShipped> context) => Task.CompletedTask; }
                public class PlacedFaults : IConsumer<Fault<OrderPlaced>> { public Task Consume(ConsumeContext<Fault<OrderPlaced>> context) => Task.CompletedTask; }

                public class ReportFailures : IServerFilter
                {
                    public void OnPerforming(PerformingContext context) { }
                    public void OnPerformed(PerformedContext context) { }
                }

                public class Jobs { public void Run() { } }
                public class Sync : IJob { public Task Execute(IJobExecutionContext context) => Task.CompletedTask; }

                public static class Setup
                {
                    public static void Configure()
                    {
                        GlobalJobFilters.Filters.Add(new ReportFailures());
                        BackgroundJob.Enqueue<Jobs>(x => x.Run());
                    }
                }
                """);

            var model = JobModel.Get(compilation);
            var jobCode = JobCodeOf(compilation);
            var reporters = model.GetFailureReporters(Options(null), CancellationToken.None);
            bool Reported(string type) => reporters.Reports(jobCode.GetMethods(CancellationToken.None).Single(m => m.Method.ContainingType.Name == type), QueueLint.Options.QueueLintOptions.Empty);
            Assert.True(Reported("Jobs"));
            Assert.True(Reported("Placed"));
            Assert.False(Reported("Shipped"));
            Assert.False(Reported("Sync"));
        }
    }
}
