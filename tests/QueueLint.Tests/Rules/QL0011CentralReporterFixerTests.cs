using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using QueueLint.CodeFixes.Rules;
using QueueLint.Rules;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.ReportJobFailuresAnalyzer, QueueLint.CodeFixes.Rules.ReportJobFailuresFixer>;

namespace QueueLint.Tests.Rules
{
    /// <summary>
    /// QL0011's central fix: one reporter class (or handler) and one registration per framework, whatever the number
    /// of findings; the fixed state has no QL0011 left, and it compiles against the real packages.
    /// </summary>
    public class QL0011CentralReporterFixerTests
    {
        private const string QuartzListener = """
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            using Quartz;

            namespace Shop;

            public sealed class JobFailureListener : IJobListener
            {
                private readonly ILogger<JobFailureListener> _logger;

                public JobFailureListener(ILogger<JobFailureListener> logger) => _logger = logger;

                public string Name => "JobFailureListener";

                public Task JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => Task.CompletedTask;

                public Task JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => Task.CompletedTask;

                public Task JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
                {
                    if (jobException is not null)
                    {
                        _logger.LogError(jobException, "Job {JobKey} failed", context.JobDetail.Key);
                    }

                    return Task.CompletedTask;
                }
            }

            """;

        private const string CoravelCode = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Coravel;
            using Coravel.Invocable;

            namespace Shop;

            public class RefreshCatalogue : IInvocable
            {
                public Task {|QL0011:Invoke|}() => new HttpClient().GetAsync("https://catalogue");
            }

            public static class Setup
            {
                public static void Run(IServiceProvider services)
                {
                    services.UseScheduler(scheduler => scheduler.Schedule<RefreshCatalogue>().Hourly());
                    services.ConfigureQueue();
                }
            }
            """;

        private const string CoravelFixed = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Coravel;
            using Coravel.Invocable;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Logging;

            namespace Shop;

            public class RefreshCatalogue : IInvocable
            {
                public Task Invoke() => new HttpClient().GetAsync("https://catalogue");
            }

            public static class Setup
            {
                public static void Run(IServiceProvider services)
                {
                    services.UseScheduler(scheduler => scheduler.Schedule<RefreshCatalogue>().Hourly()).OnError(ex => services.GetRequiredService<ILoggerFactory>().CreateLogger("Coravel").LogError(ex, "A Coravel job failed"));
                    services.ConfigureQueue().OnError(ex => services.GetRequiredService<ILoggerFactory>().CreateLogger("Coravel").LogError(ex, "A Coravel job failed"));
                }
            }
            """;

        private const string QuartzJobs = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Quartz;

            namespace Shop.Jobs;

            public class SyncJob : IJob
            {
                public async Task {|QL0011:Execute|}(IJobExecutionContext context) => await new HttpClient().GetAsync("https://sync");
            }
            """;

        private const string MoreQuartzJobs = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Quartz;

            namespace Shop.Jobs;

            public class PurgeJob : IJob
            {
                public Task {|QL0011:Execute|}(IJobExecutionContext context) => new HttpClient().DeleteAsync("https://purge");
            }

            public class ExportJob : IJob
            {
                public async Task {|QL0011:Execute|}(IJobExecutionContext context) => await new HttpClient().GetAsync("https://export");
            }
            """;

        private const string QuartzStartup = """
            using Microsoft.Extensions.DependencyInjection;
            using Quartz;
            using Shop.Jobs;

            namespace Shop;

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddQuartz(q =>
                    {
                        q.AddJob<SyncJob>(j => j.WithIdentity("sync"));
                    });
                }
            }
            """;

        private const string QuartzStartupFixed = """
            using Microsoft.Extensions.DependencyInjection;
            using Quartz;
            using Quartz.Impl.Matchers;
            using Shop.Jobs;

            namespace Shop;

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddQuartz(q =>
                    {
                        q.AddJob<SyncJob>(j => j.WithIdentity("sync"));
                        q.AddJobListener<JobFailureListener>(EverythingMatcher<JobKey>.AllJobs());
                    });
                }
            }
            """;

        [Fact]
        public Task Quartz_3_gets_one_job_listener_registered_in_AddQuartz_for_every_job_of_every_file()
        {
            var test = CentralFix("Quartz");
            test.TestState.Sources.Add(QuartzJobs);
            test.TestState.Sources.Add(MoreQuartzJobs);
            test.TestState.Sources.Add(QuartzStartup);
            test.FixedState.Sources.Add(Unmarked(QuartzJobs));
            test.FixedState.Sources.Add(Unmarked(MoreQuartzJobs));
            test.FixedState.Sources.Add(QuartzStartupFixed);
            test.FixedState.Sources.Add(("/0/JobFailureListener.cs", QuartzListener));
            return test.RunAsync();
        }

        [Fact]
        public Task Quartz_4_gets_the_listener_signatures_of_Quartz_4()
        {
            // Quartz 4's listener members have default bodies (its Name too): only the one that reports is written.
            var test = CentralFix("Quartz");
            test.References = SnippetReferences.FrameworksWithQuartz4;
            const string job = """
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;

                namespace Shop.Jobs
                {
                    public class SyncJob : IJob
                    {
                        public async ValueTask {|QL0011:Execute|}(IJobExecutionContext context, CancellationToken cancellationToken)
                            => await new HttpClient().GetAsync("https://sync", cancellationToken);
                    }
                }
                """;
            const string startup = """
                using Microsoft.Extensions.DependencyInjection;
                using Quartz;

                namespace Shop
                {
                    public static class Startup
                    {
                        public static void Configure(IServiceCollection services) => services.AddQuartz(q => q.AddJob<Jobs.SyncJob>(j => j.WithIdentity("sync")));
                    }
                }
                """;
            test.TestState.Sources.Add(job);
            test.TestState.Sources.Add(startup);
            test.FixedState.Sources.Add(Unmarked(job));
            test.FixedState.Sources.Add("""
                using Microsoft.Extensions.DependencyInjection;
                using Quartz;

                namespace Shop
                {
                    public static class Startup
                    {
                        public static void Configure(IServiceCollection services) => services.AddQuartz(q =>
                        {
                            q.AddJob<Jobs.SyncJob>(j => j.WithIdentity("sync"));
                            q.AddJobListener<JobFailureListener>(new[] { Matchers.AllJobs() });
                        });
                    }
                }
                """);
            test.FixedState.Sources.Add(("/0/JobFailureListener.cs", """
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Logging;
                using Quartz;

                namespace Shop
                {
                    public sealed class JobFailureListener : IJobListener
                    {
                        private readonly ILogger<JobFailureListener> _logger;

                        public JobFailureListener(ILogger<JobFailureListener> logger) => _logger = logger;

                        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
                        {
                            if (jobException is not null)
                            {
                                _logger.LogError(jobException, "Job {JobKey} failed", context.JobDetail.Key);
                            }

                            return default;
                        }
                    }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task MassTransit_gets_one_consume_observer_added_in_AddMassTransit()
        {
            var test = CentralFix("MassTransit");
            const string consumers = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using MassTransit;

                namespace Shop.Messaging;

                public record OrderPlaced(int OrderId);

                public record OrderShipped(int OrderId);

                public class Placed : IConsumer<OrderPlaced>
                {
                    public Task {|QL0011:Consume|}(ConsumeContext<OrderPlaced> context) => new HttpClient().GetAsync("https://placed");
                }

                public class Shipped : IConsumer<OrderShipped>
                {
                    public Task {|QL0011:Consume|}(ConsumeContext<OrderShipped> context) => new HttpClient().GetAsync("https://shipped");
                }
                """;
            const string startup = """
                using MassTransit;
                using Microsoft.Extensions.DependencyInjection;
                using Shop.Messaging;

                namespace Shop;

                public static class Startup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        services.AddMassTransit(bus =>
                        {
                            bus.AddConsumer<Placed>();
                            bus.AddConsumer<Shipped>();
                            bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                        });
                    }
                }
                """;
            test.TestState.Sources.Add(consumers);
            test.TestState.Sources.Add(startup);
            test.FixedState.Sources.Add(Unmarked(consumers));
            test.FixedState.Sources.Add(startup.Replace(
                "bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));",
                "bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));\n            bus.AddConsumeObserver<ConsumeFailureObserver>();"));
            test.FixedState.Sources.Add(("/0/ConsumeFailureObserver.cs", """
                using System;
                using System.Threading.Tasks;
                using MassTransit;
                using Microsoft.Extensions.Logging;

                namespace Shop;

                public sealed class ConsumeFailureObserver : IConsumeObserver
                {
                    private readonly ILogger<ConsumeFailureObserver> _logger;

                    public ConsumeFailureObserver(ILogger<ConsumeFailureObserver> logger) => _logger = logger;

                    public Task PreConsume<T>(ConsumeContext<T> context)
                        where T : class => Task.CompletedTask;

                    public Task PostConsume<T>(ConsumeContext<T> context)
                        where T : class => Task.CompletedTask;

                    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
                        where T : class
                    {
                        _logger.LogError(exception, "Consumer of {MessageType} failed for message {MessageId}", typeof(T).Name, context.MessageId);
                        return Task.CompletedTask;
                    }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task Hangfire_gets_a_FailedState_filter_added_in_AddHangfire_with_a_logger_from_its_provider()
        {
            var test = CentralFix("Hangfire");
            test.References = SnippetReferences.FrameworksWithHangfireNetCore;
            const string jobs = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Hangfire;

                namespace Shop.Jobs;

                public class Mailer
                {
                    public Task {|QL0011:Send|}(int orderId) => new HttpClient().GetAsync("https://mail/" + orderId);
                }

                public class Checkout
                {
                    public void Post() => BackgroundJob.Enqueue<Mailer>(x => x.Send(1));
                }
                """;
            const string startup = """
                using Hangfire;
                using Microsoft.Extensions.DependencyInjection;

                namespace Shop;

                public static class Startup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        services.AddHangfire(config => config.UseSimpleAssemblyNameTypeSerializer());
                    }
                }
                """;
            test.TestState.Sources.Add(jobs);
            test.TestState.Sources.Add(startup);
            test.FixedState.Sources.Add(Unmarked(jobs));
            test.FixedState.Sources.Add("""
                using Hangfire;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Logging;

                namespace Shop;

                public static class Startup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        services.AddHangfire((provider, config) =>
                        {
                            config.UseSimpleAssemblyNameTypeSerializer();
                            config.UseFilter(new ReportFailedJobsFilter(provider.GetRequiredService<ILogger<ReportFailedJobsFilter>>()));
                        });
                    }
                }
                """);
            test.FixedState.Sources.Add(("/0/ReportFailedJobsFilter.cs", """
                using Hangfire.States;
                using Hangfire.Storage;
                using Microsoft.Extensions.Logging;

                namespace Shop;

                public sealed class ReportFailedJobsFilter : IApplyStateFilter
                {
                    private readonly ILogger<ReportFailedJobsFilter> _logger;

                    public ReportFailedJobsFilter(ILogger<ReportFailedJobsFilter> logger) => _logger = logger;

                    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
                    {
                        if (context.NewState is FailedState failed)
                        {
                            _logger.LogError(failed.Exception, "Job {JobId} failed", context.BackgroundJob.Id);
                        }
                    }

                    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
                    {
                    }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task Hangfire_global_configuration_gets_a_global_filter_that_calls_the_report_method()
        {
            var test = CentralFix("Hangfire");
            test.EditorConfig = "queuelint.report_method = Shop.JobFailures.Report";
            const string jobs = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Hangfire;

                namespace Shop
                {
                    public static class JobFailures
                    {
                        public static void Report(Exception exception, string message) { }
                    }

                    public class Mailer
                    {
                        public Task {|QL0011:Send|}(int orderId) => new HttpClient().GetAsync("https://mail/" + orderId);
                    }

                    public static class Setup
                    {
                        public static void Run()
                        {
                            GlobalConfiguration.Configuration.UseSimpleAssemblyNameTypeSerializer();
                            BackgroundJob.Enqueue<Mailer>(x => x.Send(1));
                        }
                    }
                }
                """;
            test.TestState.Sources.Add(jobs);
            test.FixedState.Sources.Add(Unmarked(jobs).Replace(
                "GlobalConfiguration.Configuration.UseSimpleAssemblyNameTypeSerializer();",
                "GlobalConfiguration.Configuration.UseSimpleAssemblyNameTypeSerializer();\n            GlobalJobFilters.Filters.Add(new ReportFailedJobsFilter());"));
            test.FixedState.Sources.Add(("/0/ReportFailedJobsFilter.cs", """
                using Hangfire.States;
                using Hangfire.Storage;

                namespace Shop
                {
                    public sealed class ReportFailedJobsFilter : IApplyStateFilter
                    {
                        public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
                        {
                            if (context.NewState is FailedState failed)
                            {
                                JobFailures.Report(failed.Exception, "A Hangfire job failed");
                            }
                        }

                        public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
                        {
                        }
                    }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_all_reports_every_framework_that_has_a_registration_centrally()
        {
            // One fix adds the reporter of its finding's framework; Fix All, and dotnet format, which applies it, add the
            // reporter of every framework whose registration is found.
            var test = CentralFix("Quartz");
            test.TestState.Sources.Add(QuartzJobs);
            test.TestState.Sources.Add(QuartzStartup);
            test.TestState.Sources.Add(CoravelCode);
            test.FixedState.Sources.Add(Unmarked(QuartzJobs));
            test.FixedState.Sources.Add(QuartzStartupFixed);
            test.FixedState.Sources.Add(CoravelCode);
            test.FixedState.Sources.Add(("/0/JobFailureListener.cs", QuartzListener));
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.BatchFixedState.Sources.Add(Unmarked(QuartzJobs));
            test.BatchFixedState.Sources.Add(QuartzStartupFixed);
            test.BatchFixedState.Sources.Add(CoravelFixed);
            test.BatchFixedState.Sources.Add(("/0/JobFailureListener.cs", QuartzListener));

            // Fix All in the Quartz jobs' document sees only their findings: the project and the solution see both.
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
            return test.RunAsync();
        }

        [Fact]
        public Task Coravel_gets_an_OnError_handler_on_the_scheduler_and_on_the_queue()
        {
            var test = CentralFix("Coravel");
            const string code = CoravelCode;
            test.TestState.Sources.Add(code);
            test.FixedState.Sources.Add(CoravelFixed);
            return test.RunAsync();
        }

        [Fact]
        public Task A_class_of_that_name_already_there_gives_the_new_one_a_numbered_name()
        {
            var test = CentralFix("Quartz");
            const string existing = """
                namespace Shop.Reports;

                public class JobFailureListener
                {
                }
                """;
            test.TestState.Sources.Add(QuartzJobs);
            test.TestState.Sources.Add(QuartzStartup);
            test.TestState.Sources.Add(existing);
            test.FixedState.Sources.Add(Unmarked(QuartzJobs));
            test.FixedState.Sources.Add(QuartzStartupFixed.Replace("JobFailureListener", "JobFailureListener2"));
            test.FixedState.Sources.Add(existing);
            test.FixedState.Sources.Add(("/0/JobFailureListener2.cs", """
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Logging;
                using Quartz;

                namespace Shop;

                public sealed class JobFailureListener2 : IJobListener
                {
                    private readonly ILogger<JobFailureListener2> _logger;

                    public JobFailureListener2(ILogger<JobFailureListener2> logger) => _logger = logger;

                    public string Name => "JobFailureListener2";

                    public Task JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => Task.CompletedTask;

                    public Task JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => Task.CompletedTask;

                    public Task JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
                    {
                        if (jobException is not null)
                        {
                            _logger.LogError(jobException, "Job {JobKey} failed", context.JobDetail.Key);
                        }

                        return Task.CompletedTask;
                    }
                }

                """));
            return test.RunAsync();
        }

        [Fact]
        public async Task The_central_fix_comes_first_where_a_registration_site_exists()
        {
            var keys = await OfferedKeysAsync(SnippetReferences.Frameworks, QuartzJobs, QuartzStartup);
            Assert.Equal(new[] { "QL0011.Central.Quartz", ReportJobFailuresFixer.EquivalenceKey }, keys);
        }

        [Fact]
        public async Task It_is_not_offered_where_nothing_registers_the_framework()
        {
            // No AddQuartz anywhere: only the try/report wrapper.
            var keys = await OfferedKeysAsync(SnippetReferences.Frameworks, QuartzJobs.Replace("public class SyncJob", "public class SyncJob(Microsoft.Extensions.Logging.ILogger<SyncJob> logger)"));
            Assert.Equal(new[] { ReportJobFailuresFixer.EquivalenceKey }, keys);
        }

        private static Verify.Test CentralFix(string framework)
            => new()
            {
                CodeActionEquivalenceKey = "QL0011.Central." + framework,
                CodeActionVerifier = (action, verifier) => verifier.Equal(action.EquivalenceKey, "QL0011.Central." + framework),
            };

        private static string Unmarked(string code)
            => System.Text.RegularExpressions.Regex.Replace(code, @"\{\|QL0011:(\w+)\|\}", "$1");

        /// <summary>The equivalence keys of the fixes offered for the first QL0011, in order.</summary>
        private static async Task<string?[]> OfferedKeysAsync(ImmutableArray<MetadataReference> references, params string[] sources)
        {
            using var workspace = new AdhocWorkspace();
            var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "App", "App", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.CSharp12),
                metadataReferences: references));
            var documents = new List<Document>();
            for (var i = 0; i < sources.Length; i++)
            {
                var document = workspace.AddDocument(project.Id, "Test" + i + ".cs", SourceText.From(Unmarked(sources[i])));
                documents.Add(document);
            }

            var compilation = (await workspace.CurrentSolution.GetProject(project.Id)!.GetCompilationAsync())!;
            var diagnostic = (await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ReportJobFailuresAnalyzer())).GetAnalyzerDiagnosticsAsync())
                .First(d => d.Id == "QL0011");
            var inDocument = workspace.CurrentSolution.GetDocument(diagnostic.Location.SourceTree)!;
            var actions = new List<CodeAction>();
            await new ReportJobFailuresFixer().RegisterCodeFixesAsync(new CodeFixContext(inDocument, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            return actions.Select(a => a.EquivalenceKey).ToArray();
        }
    }
}
