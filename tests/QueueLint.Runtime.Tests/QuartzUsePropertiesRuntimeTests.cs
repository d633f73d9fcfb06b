using System;
using System.IO;
using System.Threading.Tasks;
using Quartz;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0009: what Quartz 3's persistent job store does with a JobDataMap value that is not a string when it is
    /// configured with <c>useProperties = true</c> (<c>quartz.jobStore.useProperties</c>). Shown on a real AdoJobStore over
    /// SQLite (<see cref="QuartzSqliteHarness"/>).
    /// <list type="bullet">
    /// <item>Refused when the job detail is stored (<c>ScheduleJob</c>, <c>AddJob</c>): a <see cref="JobPersistenceException"/>
    /// "Couldn't store job: JobDataMap values must be strings when the 'useProperties' property is set. …", wrapping the
    /// delegate's <see cref="IOException"/>; nothing is stored. A trigger's JobDataMap is refused the same way.</item>
    /// <item>Every typed overload (<c>UsingJobData</c> with an int, long, float, double, bool, Guid or char, <c>Put</c>, the
    /// indexer) keeps the value as it is: nothing is turned into a string but <c>PutAsString</c>.</item>
    /// <item>String values are stored, come back as strings and reach the job; without useProperties the same int is
    /// stored.</item>
    /// </list>
    /// </summary>
    public sealed class QuartzUsePropertiesRuntimeTests
    {
        private const string Refusal = "JobDataMap values must be strings when the 'useProperties' property is set.";

        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

        private static TaskCompletionSource<JobDataMap> s_ran = NewRun();

        // Each typed overload puts the value in the map as it is (boxed int, long, …); useProperties then refuses it.
        [Theory]
        [InlineData("UsingJobData(string, int)", typeof(int))]
        [InlineData("UsingJobData(string, long)", typeof(long))]
        [InlineData("UsingJobData(string, float)", typeof(float))]
        [InlineData("UsingJobData(string, double)", typeof(double))]
        [InlineData("UsingJobData(string, bool)", typeof(bool))]
        [InlineData("UsingJobData(string, Guid)", typeof(Guid))]
        [InlineData("UsingJobData(string, char)", typeof(char))]
        [InlineData("JobDataMap.Put(string, int)", typeof(int))]
        [InlineData("JobDataMap[key] = int", typeof(int))]
        [InlineData("JobDataMap[key] = object", typeof(Uri))]
        [InlineData("SetJobData(map with an int)", typeof(int))]
        [InlineData("UsingJobData(map with an int)", typeof(int))]
        public async Task A_value_that_is_not_a_string_is_refused_when_the_job_is_scheduled(string how, Type stored)
        {
            await using var quartz = await QuartzSqliteHarness.CreateAsync(useProperties: true);
            var job = JobWithCount(how);
            Assert.IsType(stored, job.JobDataMap["count"]);

            var error = await Assert.ThrowsAsync<JobPersistenceException>(() => quartz.Scheduler.ScheduleJob(job, RunNow()));

            Assert.Equal("Couldn't store job: " + Refusal + "  Key of offending value: count", error.Message);
            Assert.IsType<IOException>(error.InnerException);
            Assert.False(await quartz.Scheduler.CheckExists(job.Key));
        }

        // Adding a durable job stores its detail too: the same refusal, before any trigger.
        [Fact]
        public async Task A_value_that_is_not_a_string_is_refused_when_a_durable_job_is_added()
        {
            await using var quartz = await QuartzSqliteHarness.CreateAsync(useProperties: true);
            var job = JobBuilder.Create<RecordingJob>().StoreDurably().UsingJobData("count", 5).Build();

            var error = await Assert.ThrowsAsync<JobPersistenceException>(() => quartz.Scheduler.AddJob(job, replace: false));

            Assert.Equal("Couldn't store job: " + Refusal + "  Key of offending value: count", error.Message);
            Assert.False(await quartz.Scheduler.CheckExists(job.Key));
        }

        // A trigger's JobDataMap goes through the same conversion: refused, and the job stored before it is rolled back.
        [Fact]
        public async Task A_trigger_value_that_is_not_a_string_is_refused_and_nothing_is_stored()
        {
            await using var quartz = await QuartzSqliteHarness.CreateAsync(useProperties: true);
            var job = JobBuilder.Create<RecordingJob>().UsingJobData("count", "5").Build();
            var trigger = TriggerBuilder.Create().StartNow().UsingJobData("attempt", 1).Build();

            var error = await Assert.ThrowsAsync<JobPersistenceException>(() => quartz.Scheduler.ScheduleJob(job, trigger));

            Assert.Contains(Refusal + "  Key of offending value: attempt", error.Message);
            Assert.StartsWith("Couldn't store trigger '" + trigger.Key + "' for '" + job.Key + "' job: ", error.Message);
            Assert.False(await quartz.Scheduler.CheckExists(job.Key));
        }

        // Strings (and PutAsString, and a null, stored as an empty string) are stored as properties; the job gets strings.
        [Fact]
        public async Task String_values_are_stored_and_the_job_reads_them_back()
        {
            s_ran = NewRun();
            await using var quartz = await QuartzSqliteHarness.CreateAsync(useProperties: true);
            var job = JobBuilder.Create<RecordingJob>().UsingJobData("count", "5").UsingJobData("note", (string?)null).Build();
            job.JobDataMap.PutAsString("attempts", 3);
            Assert.IsType<string>(job.JobDataMap["attempts"]);

            await quartz.Scheduler.ScheduleJob(job, RunNow());

            var stored = (await quartz.Scheduler.GetJobDetail(job.Key))!.JobDataMap;
            Assert.Equal("5", Assert.IsType<string>(stored["count"]));
            Assert.Equal("3", Assert.IsType<string>(stored["attempts"]));
            Assert.Equal(string.Empty, stored["note"]);

            await quartz.Scheduler.Start();
            var seen = await s_ran.Task.WaitAsync(s_timeout);
            Assert.Equal("5", Assert.IsType<string>(seen["count"]));
            Assert.Equal(5, seen.GetIntValueFromString("count"));
            Assert.Equal("3", Assert.IsType<string>(seen["attempts"]));
        }

        // The refusal is useProperties': the same store without it keeps the int, and the job gets an int.
        [Fact]
        public async Task Without_use_properties_the_same_int_is_stored()
        {
            s_ran = NewRun();
            await using var quartz = await QuartzSqliteHarness.CreateAsync(useProperties: false);
            var job = JobBuilder.Create<RecordingJob>().UsingJobData("count", 5).Build();

            await quartz.Scheduler.ScheduleJob(job, RunNow());
            await quartz.Scheduler.Start();

            var seen = await s_ran.Task.WaitAsync(s_timeout);
            Assert.Equal(5, Assert.IsType<int>(seen["count"]));
        }

        private static IJobDetail JobWithCount(string how)
        {
            var builder = JobBuilder.Create<RecordingJob>();
            switch (how)
            {
                case "UsingJobData(string, int)": return builder.UsingJobData("count", 5).Build();
                case "UsingJobData(string, long)": return builder.UsingJobData("count", 5L).Build();
                case "UsingJobData(string, float)": return builder.UsingJobData("count", 5f).Build();
                case "UsingJobData(string, double)": return builder.UsingJobData("count", 5d).Build();
                case "UsingJobData(string, bool)": return builder.UsingJobData("count", true).Build();
                case "UsingJobData(string, Guid)": return builder.UsingJobData("count", Guid.NewGuid()).Build();
                case "UsingJobData(string, char)": return builder.UsingJobData("count", '5').Build();
                case "SetJobData(map with an int)": return builder.SetJobData(new JobDataMap { ["count"] = 5 }).Build();
                case "UsingJobData(map with an int)": return builder.UsingJobData(new JobDataMap { ["count"] = 5 }).Build();
            }

            var job = builder.Build();
            switch (how)
            {
                case "JobDataMap.Put(string, int)":
#pragma warning disable CS0618 // Put is obsolete in favour of the indexer; it is still what much code calls.
                    job.JobDataMap.Put("count", 5);
#pragma warning restore CS0618
                    break;
                case "JobDataMap[key] = int":
                    job.JobDataMap["count"] = 5;
                    break;
                case "JobDataMap[key] = object":
                    job.JobDataMap["count"] = new Uri("https://example.invalid/orders/5");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(how), how, null);
            }

            return job;
        }

        private static ITrigger RunNow() => TriggerBuilder.Create().StartNow().Build();

        private static TaskCompletionSource<JobDataMap> NewRun() => new(TaskCreationOptions.RunContinuationsAsynchronously);

        public sealed class RecordingJob : IJob
        {
            public Task Execute(IJobExecutionContext context)
            {
                s_ran.TrySetResult(context.JobDetail.JobDataMap);
                return Task.CompletedTask;
            }
        }
    }
}
