using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.RecurringJobOverlapAnalyzer, QueueLint.CodeFixes.Rules.RecurringJobOverlapFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0031RecurringJobOverlapTests
    {
        private const string HangfireReason = "Hangfire starts it on schedule whether or not the last run has finished";
        private const string QuartzReason = "its trigger repeats, and Quartz fires it whether or not the last run has finished";

        private const string Daily = ", but it runs only daily or less often, so only a run longer than that overlaps";
        private const string Hourly = ", but it runs only every hour, so only a run longer than that overlaps";
        private const string Unread = ", but how often it runs cannot be read here";

        private static DiagnosticResult Hangfire(int location, string job, string likelihood)
            => Result(location, $"Recurring job '{job}' can overlap itself: {HangfireReason}{likelihood}; add [DisableConcurrentExecution]", likelihood);

        private static DiagnosticResult Quartz(int location, string job, string reason)
            => Result(location, $"Quartz job '{job}' can overlap itself: {reason}; add [DisallowConcurrentExecution]", reason);

        // A suggestion says why an overlap is unlikely ("…, but it runs only …"); a warning says why it is likely.
        private static DiagnosticResult Result(int location, string message, string reason)
            => Verify.Diagnostic("QL0031").WithLocation(location).WithMessage(message)
                .WithSeverity(reason.Contains(", but ", System.StringComparison.Ordinal) ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning);

        private static string Every(string interval) => ", and it runs " + interval;

        private static string Manual(string key)
            => $", and it is also triggered by hand ('{key}'), which makes an overlap likely even on one server";

        [Fact]
        public Task Hangfire_recurring_jobs_without_the_attribute()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using Hangfire;

                public interface IReportJobs
                {
                    void Build(int month);
                }

                public class Reports
                {
                    public void Nightly() { }
                    public void Hourly() { }

                    [DisableConcurrentExecution(timeoutInSeconds: 60)]
                    public void Locked() { }

                    public static void Purge() { }
                }

                [DisableConcurrentExecution(60)]
                public class LockedReports
                {
                    public void Run() { }
                }

                public class DerivedLockedReports : LockedReports
                {
                    public void More() { }
                }

                [AttributeUsage(AttributeTargets.Method)]
                public class SkipConcurrentRunsAttribute : Hangfire.Common.JobFilterAttribute { }

                public class Custom
                {
                    [SkipConcurrentRuns]
                    public void Run() { }
                }

                public interface ICleanup
                {
                    void Run();
                }

                public interface IExport
                {
                    void Run();
                }

                public class Export : IExport
                {
                    [DisableConcurrentExecution(60)]
                    public void Run() { }
                }

                [DisableConcurrentExecution(60)]
                public class Cleanup : ICleanup
                {
                    public void Run() { }
                }

                public class Setup
                {
                    private readonly ICleanup _cleanup = new Cleanup();
                    private readonly IExport _export = new Export();

                    public void Run(IRecurringJobManager manager, IBackgroundJobClient client)
                    {
                        RecurringJob.AddOrUpdate<Reports>("nightly", x => x.{|#0:Nightly|}(), Cron.Daily());
                        manager.AddOrUpdate<Reports>("hourly", x => x.{|#1:Hourly|}(), Cron.Hourly());
                        RecurringJob.AddOrUpdate("purge", () => Reports.{|#2:Purge|}(), Cron.Daily());
                        RecurringJob.AddOrUpdate<IReportJobs>("report", x => x.{|#3:Build|}(1), Cron.Monthly());
                        RecurringJob.TriggerJob("nightly");

                        // Hangfire reads the interface, not the class, when the job names the interface.
                        RecurringJob.AddOrUpdate<ICleanup>("cleanup-by-interface", x => x.{|#4:Run|}(), Cron.Daily());

                        // Not reported: locked on the method, the type or a base type; a custom lock-like filter;
                        // one-off jobs; methods that are not in this compilation.
                        RecurringJob.AddOrUpdate<Reports>("locked", x => x.Locked(), Cron.Daily());
                        RecurringJob.AddOrUpdate<LockedReports>("locked-type", x => x.Run(), Cron.Daily());
                        RecurringJob.AddOrUpdate<DerivedLockedReports>("locked-base", x => x.More(), Cron.Daily());
                        RecurringJob.AddOrUpdate<Custom>("custom", x => x.Run(), Cron.Daily());

                        // The instance's run-time type (which Hangfire stores) may be the locked class.
                        RecurringJob.AddOrUpdate("cleanup", () => _cleanup.Run(), Cron.Daily());
                        RecurringJob.AddOrUpdate("export", () => _export.Run(), Cron.Daily());
                        BackgroundJob.Enqueue<Reports>(x => x.Nightly());
                        client.Schedule<Reports>(x => x.Hourly(), TimeSpan.FromMinutes(5));
                        RecurringJob.AddOrUpdate<System.Text.StringBuilder>("clear", x => x.Clear(), Cron.Daily());

                        // Never fires by itself: kept to be started by hand.
                        RecurringJob.AddOrUpdate<Reports>("by-hand", x => x.Nightly(), Cron.Never);
                        manager.AddOrUpdate<Reports>("by-hand-2", x => x.Hourly(), Cron.Never());
                    }
                }
                """,
                Hangfire(0, "Reports.Nightly", Manual("nightly")),
                Hangfire(1, "Reports.Hourly", Hourly),
                Hangfire(2, "Reports.Purge", Daily),
                Hangfire(3, "IReportJobs.Build", Daily),
                Hangfire(4, "ICleanup.Run", Daily));

        [Fact]
        public Task A_Hangfire_job_that_puts_itself_off_while_busy_is_not_reported()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;
                using Hangfire;

                public class Scans
                {
                    public static bool Busy { get; set; }

                    // Checks for a run in progress and queues itself for later: the application's own lock.
                    public async Task ScanAll(bool force)
                    {
                        if (Busy)
                        {
                            BackgroundJob.Schedule(() => ScanAll(force), TimeSpan.FromHours(3));
                            return;
                        }

                        await Task.Delay(1);
                    }

                    public void Retry()
                    {
                        if (Busy)
                            return;

                        if (Busy)
                        {
                            BackgroundJob.Enqueue(() => Retry());
                            return;
                        }
                    }

                    // Still reported: queues itself again without returning (a chain, not a guard), queues itself
                    // from a lambda, or puts off another job.
                    public void Chain()
                    {
                        if (Busy)
                        {
                            BackgroundJob.Schedule(() => Chain(), TimeSpan.FromHours(1));
                        }
                    }

                    public void Later()
                    {
                        Action putOff = () =>
                        {
                            if (Busy)
                            {
                                BackgroundJob.Enqueue(() => Later());
                                return;
                            }
                        };
                        putOff();
                    }

                    public void Other()
                    {
                        if (Busy)
                        {
                            BackgroundJob.Enqueue(() => Chain());
                            return;
                        }
                    }
                }

                public class Setup
                {
                    public void Run()
                    {
                        RecurringJob.AddOrUpdate<Scans>("scan", x => x.ScanAll(false), Cron.Daily());
                        RecurringJob.AddOrUpdate<Scans>("retry", x => x.Retry(), Cron.Hourly());
                        RecurringJob.AddOrUpdate<Scans>("chain", x => x.{|#0:Chain|}(), Cron.Hourly());
                        RecurringJob.AddOrUpdate<Scans>("later", x => x.{|#1:Later|}(), Cron.Hourly());
                        RecurringJob.AddOrUpdate<Scans>("other", x => x.{|#2:Other|}(), Cron.Hourly());
                    }
                }
                """,
                Hangfire(0, "Scans.Chain", Hourly),
                Hangfire(1, "Scans.Later", Hourly),
                Hangfire(2, "Scans.Other", Hourly));

        [Fact]
        public Task Quartz3_scheduler_calls()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Quartz;

                public class SyncJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class OnceJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                [DisallowConcurrentExecution]
                public abstract class SerialJob : IJob
                {
                    public abstract Task Execute(IJobExecutionContext context);
                }

                public class InheritsSerial : SerialJob
                {
                    public override Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class Setup
                {
                    private static readonly JobKey CleanupKey = new JobKey("cleanup", "maintenance");

                    public async Task Run(IScheduler scheduler, ITrigger unknown)
                    {
                        var job = JobBuilder.Create<{|#0:SyncJob|}>().WithIdentity("sync").Build();
                        var trigger = TriggerBuilder.Create()
                            .WithSimpleSchedule(s => s.WithIntervalInMinutes(5).RepeatForever())
                            .Build();
                        await scheduler.ScheduleJob(job, trigger);

                        await scheduler.ScheduleJob(
                            JobBuilder.Create(typeof({|#1:OnceJob|})).WithIdentity(CleanupKey).Build(),
                            TriggerBuilder.Create().WithCronSchedule("0 0 * * * ?").Build());
                        await scheduler.TriggerJob(new JobKey("cleanup", "maintenance"));

                        // Not reported: a one-off trigger, an unknown trigger, an inherited attribute.
                        await scheduler.ScheduleJob(JobBuilder.Create<OnceJob>().Build(), TriggerBuilder.Create().StartNow().Build());
                        await scheduler.ScheduleJob(JobBuilder.Create<OnceJob>().Build(), unknown);
                        await scheduler.ScheduleJob(JobBuilder.Create<OnceJob>().Build(), TriggerBuilder.Create().WithSimpleSchedule(s => s.WithRepeatCount(0)).Build());
                        await scheduler.ScheduleJob(JobBuilder.Create<InheritsSerial>().Build(), TriggerBuilder.Create().WithCronSchedule("0 * * * * ?").Build());
                    }
                }
                """,
                Quartz(0, "SyncJob", QuartzReason + Every("every 5 minutes")),
                Quartz(1, "OnceJob", QuartzReason + Manual("maintenance.cleanup")));

        [Fact]
        public Task Quartz3_dependency_injection_registrations()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.DependencyInjection;
                using Quartz;

                public class SyncJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class ReportJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class OnceJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                [DisallowConcurrentExecution]
                public class SerialJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class Setup
                {
                    public void Configure(IServiceCollection services)
                    {
                        services.AddQuartz(q =>
                        {
                            var syncKey = new JobKey("sync", "maintenance");
                            q.AddJob<{|#0:SyncJob|}>(syncKey, j => j.WithDescription("sync"));
                            q.AddTrigger(t => t.ForJob(syncKey).WithSimpleSchedule(s => s.WithIntervalInMinutes(5).RepeatForever()));

                            q.ScheduleJob<{|#1:ReportJob|}>(t => t.WithCronSchedule("0 0 * * * ?"), j => j.WithIdentity("report"));

                            // Not reported: a one-off trigger, a serialized job.
                            q.ScheduleJob<OnceJob>(t => t.StartNow());
                            q.ScheduleJob<SerialJob>(t => t.WithCronSchedule("0 * * * * ?"));
                        });
                    }
                }
                """,
                Quartz(0, "SyncJob", QuartzReason + Every("every 5 minutes")),
                Quartz(1, "ReportJob", QuartzReason + Hourly));

        [Fact]
        public Task Quartz4_dependency_injection_registrations()
        {
            var test = new Verify.Test
            {
                References = SnippetReferences.FrameworksWithQuartz4,
                TestCode = """
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Microsoft.Extensions.DependencyInjection;
                    using Quartz;

                    public class SyncJob : IJob
                    {
                        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                    }

                    public class ReportJob : IJob
                    {
                        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                    }

                    public class ExportJob : IJob
                    {
                        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                    }

                    public class OnceJob : IJob
                    {
                        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                    }

                    [DisallowConcurrentExecution]
                    public class SerialJob : IJob
                    {
                        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                    }

                    public class Setup
                    {
                        public void Configure(IServiceCollection services)
                        {
                            var syncKey = new JobKey("sync");
                            services.AddQuartz(q =>
                            {
                                q.AddJob<{|#0:SyncJob|}>(j => j.WithIdentity(syncKey));
                                q.AddTrigger(t => t.ForJob(syncKey).WithCronSchedule("0 */5 * * * ?"));

                                q.ScheduleJob<{|#1:ReportJob|}>(t => t.WithSimpleSchedule(s => s.WithInterval(System.TimeSpan.FromHours(1)).RepeatForever()));

                                q.AddJob<{|#2:ExportJob|}>(j => j.WithIdentity("export-daily"));
                                q.AddJob<{|#3:ExportJob|}>(j => j.WithIdentity("export-weekly"));

                                // A one-off trigger, but the class also runs under another key (below).
                                q.AddJob<{|#5:OnceJob|}>(j => j.WithIdentity("once"));
                                q.AddTrigger(t => t.ForJob("once").StartNow());

                                // Not reported: a serialized job, a trigger for an unknown key.
                                q.ScheduleJob<SerialJob>(t => t.WithCronSchedule("0 * * * * ?"));
                                q.AddTrigger(t => t.ForJob("elsewhere").WithCronSchedule("0 * * * * ?"));
                            });
                        }

                        public async Task Run(IScheduler scheduler, CancellationToken token)
                        {
                            var trigger = TriggerBuilder.Create().WithCronSchedule("0 0 * * * ?").Build();
                            await scheduler.ScheduleJob<{|#4:OnceJob|}>(trigger, j => j.WithIdentity("hourly-once"), token);
                        }
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(Quartz(0, "SyncJob", QuartzReason + Every("every 5 minutes")));
            test.ExpectedDiagnostics.Add(Quartz(1, "ReportJob", QuartzReason + Hourly));
            test.ExpectedDiagnostics.Add(Quartz(2, "ExportJob", "it is registered under the keys 'DEFAULT.export-daily', 'DEFAULT.export-weekly'"));
            test.ExpectedDiagnostics.Add(Quartz(3, "ExportJob", "it is registered under the keys 'DEFAULT.export-daily', 'DEFAULT.export-weekly'"));
            test.ExpectedDiagnostics.Add(Quartz(4, "OnceJob", QuartzReason + ", and it is registered under the keys 'DEFAULT.hourly-once', 'DEFAULT.once'"));
            test.ExpectedDiagnostics.Add(Quartz(5, "OnceJob", "it is registered under the keys 'DEFAULT.hourly-once', 'DEFAULT.once'"));
            return test.RunAsync();
        }

        private const string LikelihoodSource = """
            using Hangfire;
            using Microsoft.Extensions.Configuration;

            public class Feeds
            {
                public void Poll() { }
                public void Every5() { }
                public void Stepped() { }
                public void TwiceAnHour() { }
                public void EveryTwoHours() { }
                public void FromConfig() { }
                public void Daily() { }
                public void Shared() { }
            }

            public class Setup
            {
                private const string Often = "*/10 * * * *";

                public void Run(IRecurringJobManager manager, IConfiguration configuration)
                {
                    RecurringJob.AddOrUpdate<Feeds>("poll", x => x.{|#0:Poll|}(), Cron.Minutely());
            #pragma warning disable CS0618
                    RecurringJob.AddOrUpdate<Feeds>("every-5", x => x.{|#1:Every5|}(), Cron.MinuteInterval(5));
            #pragma warning restore CS0618
                    RecurringJob.AddOrUpdate<Feeds>("stepped", x => x.{|#2:Stepped|}(), Often);
                    manager.AddOrUpdate<Feeds>("twice", x => x.{|#3:TwiceAnHour|}(), "0,30 * * * *");
                    RecurringJob.AddOrUpdate<Feeds>("two-hours", x => x.{|#4:EveryTwoHours|}(), "0 */2 * * *");
                    RecurringJob.AddOrUpdate<Feeds>("config", x => x.{|#5:FromConfig|}(), configuration["Schedules:Feeds"]);
                    RecurringJob.AddOrUpdate<Feeds>("daily", x => x.{|#6:Daily|}(), "0 3 * * *");
                    manager.Trigger("daily");
                    RecurringJob.AddOrUpdate<Feeds>("shared-a", x => x.{|#7:Shared|}(), Cron.Daily());
                    RecurringJob.AddOrUpdate<Feeds>("shared-b", x => x.{|#8:Shared|}(), Cron.Weekly());
                }
            }
            """;

        [Fact]
        public Task Hangfire_severity_follows_how_likely_an_overlap_is()
            => Verify.VerifyAnalyzerAsync(
                LikelihoodSource,
                Hangfire(0, "Feeds.Poll", Every("every minute")),
                Hangfire(1, "Feeds.Every5", Every("every 5 minutes")),
                Hangfire(2, "Feeds.Stepped", Every("every 10 minutes")),
                Hangfire(3, "Feeds.TwiceAnHour", Every("every 30 minutes")),
                Hangfire(4, "Feeds.EveryTwoHours", ", but it runs only every 2 hours, so only a run longer than that overlaps"),
                Hangfire(5, "Feeds.FromConfig", Unread),
                Hangfire(6, "Feeds.Daily", Manual("daily")),
                Hangfire(7, "Feeds.Shared", ", and it is scheduled under 'shared-a' and 'shared-b'"),
                Hangfire(8, "Feeds.Shared", ", and it is scheduled under 'shared-a' and 'shared-b'"));

        [Fact]
        public Task Quartz_severity_follows_how_likely_an_overlap_is()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.Configuration;
                using Microsoft.Extensions.DependencyInjection;
                using Quartz;

                public class PollJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class SecondsJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class NightlyJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class ConfiguredJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class ManualJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class Setup
                {
                    public void Configure(IServiceCollection services, IConfiguration configuration)
                    {
                        services.AddQuartz(q =>
                        {
                            q.ScheduleJob<{|#0:PollJob|}>(t => t.WithCronSchedule("0 0/5 * * * ?"));
                            q.ScheduleJob<{|#1:SecondsJob|}>(t => t.WithSimpleSchedule(s => s.WithIntervalInSeconds(30).RepeatForever()));
                            q.ScheduleJob<{|#2:NightlyJob|}>(t => t.WithCronSchedule("0 0 3 * * ?"));
                            q.ScheduleJob<{|#3:ConfiguredJob|}>(t => t.WithCronSchedule(configuration["Schedules:Configured"]!));

                            var manual = new JobKey("manual");
                            q.AddJob<{|#4:ManualJob|}>(j => j.WithIdentity(manual));
                            q.AddTrigger(t => t.ForJob(manual).WithSchedule(CronScheduleBuilder.DailyAtHourAndMinute(3, 0)));
                        });
                    }

                    public Task RunNow(IScheduler scheduler) => scheduler.TriggerJob(new JobKey("manual"));
                }
                """,
                Quartz(0, "PollJob", QuartzReason + Every("every 5 minutes")),
                Quartz(1, "SecondsJob", QuartzReason + Every("every 30 seconds")),
                Quartz(2, "NightlyJob", QuartzReason + Daily),
                Quartz(3, "ConfiguredJob", QuartzReason + Unread),
                Quartz(4, "ManualJob", QuartzReason + Manual("DEFAULT.manual")));

        [Theory]
        [InlineData("warning", DiagnosticSeverity.Warning, DiagnosticSeverity.Warning)]
        [InlineData("suggestion", DiagnosticSeverity.Info, DiagnosticSeverity.Info)]
        public async Task A_severity_key_sets_likely_and_unlikely_overlaps_alike(string configured, DiagnosticSeverity likely, DiagnosticSeverity unlikely)
        {
            var test = new Verify.Test { TestCode = LikelihoodSource };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.QL0031.severity = " + configured + "\n"));
            AddLikelihoodResults(test, likely, unlikely);
            await test.RunAsync();
        }

        [Fact]
        public async Task The_recommended_preset_raises_unlikely_overlaps_to_warnings()
        {
            var test = new Verify.Test { TestCode = LikelihoodSource };
            var preset = System.IO.File.ReadAllText(RepositoryPaths.Combine("src", "Package", "configuration", "recommended.globalconfig"));
            test.TestState.AnalyzerConfigFiles.Add(("/recommended.globalconfig", preset));
            AddLikelihoodResults(test, DiagnosticSeverity.Warning, DiagnosticSeverity.Warning);
            await test.RunAsync();
        }

        private static void AddLikelihoodResults(Verify.Test test, DiagnosticSeverity likely, DiagnosticSeverity unlikely)
        {
            foreach (var result in new[]
            {
                Hangfire(0, "Feeds.Poll", Every("every minute")),
                Hangfire(1, "Feeds.Every5", Every("every 5 minutes")),
                Hangfire(2, "Feeds.Stepped", Every("every 10 minutes")),
                Hangfire(3, "Feeds.TwiceAnHour", Every("every 30 minutes")),
                Hangfire(4, "Feeds.EveryTwoHours", ", but it runs only every 2 hours, so only a run longer than that overlaps"),
                Hangfire(5, "Feeds.FromConfig", Unread),
                Hangfire(6, "Feeds.Daily", Manual("daily")),
                Hangfire(7, "Feeds.Shared", ", and it is scheduled under 'shared-a' and 'shared-b'"),
                Hangfire(8, "Feeds.Shared", ", and it is scheduled under 'shared-a' and 'shared-b'"),
            })
            {
                test.ExpectedDiagnostics.Add(result.WithSeverity(result.Severity == DiagnosticSeverity.Info ? unlikely : likely));
            }
        }

        [Fact]
        public Task Quartz_schedules_built_in_helpers_are_read_at_their_calls()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;
                using Quartz;

                public class CleanupJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class ReportJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class ExportJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class PollJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class NightlyJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class SyncJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                [DisallowConcurrentExecution]
                public class SerialJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public static class QuartzSetup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        services.AddQuartz(q =>
                        {
                            AddJob<{|#0:CleanupJob|}>(q, "cleanup", "maintenance", "0 */5 * * * ?");
                            AddJob<{|#1:ReportJob|}>(q, "report", "maintenance", "0 0 3 * * ?");
                            AddHourly<{|#2:ExportJob|}>(q, "export");
                            AddJob<SerialJob>(q, "serial", "maintenance", "0 * * * * ?");
                        });
                    }

                    // The job type and the schedule come from the call.
                    private static void AddJob<T>(IServiceCollectionQuartzConfigurator q, string name, string group, string cron)
                        where T : IJob
                    {
                        var key = new JobKey(name, group);
                        q.AddJob<T>(j => j.WithIdentity(key));
                        q.AddTrigger(t => t.ForJob(key).WithCronSchedule(cron));
                    }

                    // A helper of the helper: read two calls deep.
                    private static void AddHourly<T>(IServiceCollectionQuartzConfigurator q, string name)
                        where T : IJob
                        => AddJob<T>(q, name, "hourly", "0 0 * * * ?");
                }

                public class SchedulerService : BackgroundService
                {
                    private readonly ISchedulerFactory _factory;

                    private readonly List<(Type Type, ITrigger Trigger)> _jobs = new()
                    {
                        (typeof({|#3:PollJob|}), TriggerBuilder.Create().WithSimpleSchedule(x => x.WithIntervalInMinutes(5).RepeatForever()).Build()),
                        (typeof({|#4:NightlyJob|}), TriggerBuilder.Create().WithCronSchedule("0 0 2 * * ?").Build()),
                        (typeof(SerialJob), TriggerBuilder.Create().WithCronSchedule("0 * * * * ?").Build()),
                    };

                    public SchedulerService(ISchedulerFactory factory)
                    {
                        _factory = factory;
                        _jobs.Add((typeof({|#5:SyncJob|}), TriggerBuilder.Create().WithCronSchedule("0 0/10 * * * ?").Build()));
                    }

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        var scheduler = await _factory.GetScheduler(stoppingToken);
                        foreach (var (type, trigger) in _jobs)
                        {
                            await scheduler.ScheduleJob(JobBuilder.Create(type).Build(), trigger, stoppingToken);
                        }
                    }
                }
                """,
                Quartz(0, "CleanupJob", QuartzReason + Every("every 5 minutes")),
                Quartz(1, "ReportJob", QuartzReason + Daily),
                Quartz(2, "ExportJob", QuartzReason + Hourly),
                Quartz(3, "PollJob", QuartzReason + Every("every 5 minutes")),
                Quartz(4, "NightlyJob", QuartzReason + Daily),
                Quartz(5, "SyncJob", QuartzReason + Every("every 10 minutes")));

        [Fact]
        public Task Hangfire_schedules_built_in_helpers_are_read_at_their_calls()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Linq.Expressions;
                using System.Threading.Tasks;
                using Hangfire;

                public class Feeds
                {
                    public Task Sync() => Task.CompletedTask;
                    public Task Archive() => Task.CompletedTask;
                    public Task Pull() => Task.CompletedTask;

                    [DisableConcurrentExecution(60)]
                    public Task Locked() => Task.CompletedTask;
                }

                public class HangfireSetup
                {
                    public void Register()
                    {
                        Schedule<Feeds>("sync", x => x.{|#0:Sync|}(), "*/5 * * * *");
                        Schedule<Feeds>("archive", x => x.{|#1:Archive|}(), Cron.Daily());
                        Schedule<Feeds>("locked", x => x.Locked(), Cron.Minutely());
                        Schedule<Feeds>("never", x => x.Archive(), Cron.Never());
                        Pull("* * * * *");
                    }

                    // The job is named here, the schedule at the call: one finding, with the call's schedule.
                    private static void Pull(string cron) => RecurringJob.AddOrUpdate<Feeds>("pull", x => x.{|#2:Pull|}(), cron);

                    private static void Schedule<T>(string id, Expression<Func<T, Task>> job, string cron)
                        => RecurringJob.AddOrUpdate(id, job, cron);
                }
                """,
                Hangfire(0, "Feeds.Sync", Every("every 5 minutes")),
                Hangfire(1, "Feeds.Archive", Daily),
                Hangfire(2, "Feeds.Pull", Every("every minute")));

        [Fact]
        public async Task The_fix_adds_the_attribute_once_per_declaration()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                using System.Threading.Tasks;
                using Quartz;

                namespace Shop
                {
                    public class Reports
                    {
                        /// <summary>Every night.</summary>
                        public void Nightly() { }

                        [System.Obsolete("old")]
                        public void Hourly() { }
                    }

                    public class SyncJob : IJob
                    {
                        public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Setup.cs", """
                using System.Threading.Tasks;
                using Hangfire;
                using Quartz;

                namespace Shop
                {
                    public class Setup
                    {
                        public async Task Run(IScheduler scheduler)
                        {
                            RecurringJob.AddOrUpdate<Reports>("nightly", x => x.{|#0:Nightly|}(), Cron.Daily());
                            RecurringJob.AddOrUpdate<Reports>("nightly-2", x => x.{|#1:Nightly|}(), Cron.Daily());
                #pragma warning disable CS0618
                            RecurringJob.AddOrUpdate<Reports>("hourly", x => x.{|#2:Hourly|}(), Cron.Hourly());
                #pragma warning restore CS0618
                            await scheduler.ScheduleJob(JobBuilder.Create<{|#3:SyncJob|}>().Build(), TriggerBuilder.Create().WithCronSchedule("0 * * * * ?").Build());
                        }
                    }
                }
                """));
            test.TestState.ExpectedDiagnostics.Add(Hangfire(0, "Reports.Nightly", ", and it is scheduled under 'nightly' and 'nightly-2'"));
            test.TestState.ExpectedDiagnostics.Add(Hangfire(1, "Reports.Nightly", ", and it is scheduled under 'nightly' and 'nightly-2'"));
            test.TestState.ExpectedDiagnostics.Add(Hangfire(2, "Reports.Hourly", Hourly));
            test.TestState.ExpectedDiagnostics.Add(Quartz(3, "SyncJob", QuartzReason + Every("every minute")));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                using System.Threading.Tasks;
                using Hangfire;
                using Quartz;

                namespace Shop
                {
                    public class Reports
                    {
                        /// <summary>Every night.</summary>
                        [DisableConcurrentExecution(timeoutInSeconds: 60)]
                        public void Nightly() { }

                        [DisableConcurrentExecution(timeoutInSeconds: 60)]
                        [System.Obsolete("old")]
                        public void Hourly() { }
                    }

                    [DisallowConcurrentExecution]
                    public class SyncJob : IJob
                    {
                        public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Setup.cs", """
                using System.Threading.Tasks;
                using Hangfire;
                using Quartz;

                namespace Shop
                {
                    public class Setup
                    {
                        public async Task Run(IScheduler scheduler)
                        {
                            RecurringJob.AddOrUpdate<Reports>("nightly", x => x.Nightly(), Cron.Daily());
                            RecurringJob.AddOrUpdate<Reports>("nightly-2", x => x.Nightly(), Cron.Daily());
                #pragma warning disable CS0618
                            RecurringJob.AddOrUpdate<Reports>("hourly", x => x.Hourly(), Cron.Hourly());
                #pragma warning restore CS0618
                            await scheduler.ScheduleJob(JobBuilder.Create<SyncJob>().Build(), TriggerBuilder.Create().WithCronSchedule("0 * * * * ?").Build());
                        }
                    }
                }
                """));
            test.NumberOfIncrementalIterations = 3;
            test.NumberOfFixAllIterations = 1;

            // Reported at compilation end, as builds and dotnet format see it.
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
            await test.RunAsync();
        }
    }
}
