using System;
using System.Collections.Specialized;
using System.Threading;
using System.Threading.Tasks;
using Quartz;
using Quartz.Impl;

namespace QueueLint.Tests.Behaviour
{
    /// <summary>
    /// What QL0031's page claims about Quartz, shown on the real scheduler with its RAM job store: a repeating
    /// trigger starts a job again while it still runs, and [DisallowConcurrentExecution] (here inherited from a base
    /// class) holds the next run back until the last one ends.
    /// </summary>
    public class QuartzOverlapBehaviourTests
    {
        [Fact]
        public async Task A_repeating_trigger_overlaps_runs_unless_the_class_disallows_it()
        {
            Assert.True(await MaxConcurrentRunsAsync<SlowJob>() >= 2);
            Assert.Equal(1, await MaxConcurrentRunsAsync<InheritsSerialJob>());
        }

        private static async Task<int> MaxConcurrentRunsAsync<TJob>()
            where TJob : IJob
        {
            Runs<TJob>.Reset();
            var properties = new NameValueCollection
            {
                ["quartz.scheduler.instanceName"] = "overlap-" + typeof(TJob).Name + "-" + Guid.NewGuid().ToString("N"),
                ["quartz.threadPool.threadCount"] = "4",
            };
            var scheduler = await new StdSchedulerFactory(properties).GetScheduler();
            await scheduler.ScheduleJob(
                JobBuilder.Create<TJob>().WithIdentity("job").Build(),
                TriggerBuilder.Create().StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMilliseconds(100)).RepeatForever()).Build());
            await scheduler.Start();
            await Task.Delay(TimeSpan.FromMilliseconds(1200));
            await scheduler.Shutdown(waitForJobsToComplete: true);
            return Runs<TJob>.Max;
        }

        internal static class Runs<TJob>
        {
            private static int s_current;
            private static int s_max;

            public static int Max => Volatile.Read(ref s_max);

            public static void Reset()
            {
                s_current = 0;
                s_max = 0;
            }

            public static async Task RunAsync()
            {
                var now = Interlocked.Increment(ref s_current);
                int seen;
                while (now > (seen = Volatile.Read(ref s_max)) && Interlocked.CompareExchange(ref s_max, now, seen) != seen)
                {
                }

                await Task.Delay(400);
                Interlocked.Decrement(ref s_current);
            }
        }

        public sealed class SlowJob : IJob
        {
            public Task Execute(IJobExecutionContext context) => Runs<SlowJob>.RunAsync();
        }

        [DisallowConcurrentExecution]
        public abstract class SerialJob : IJob
        {
            public abstract Task Execute(IJobExecutionContext context);
        }

        public sealed class InheritsSerialJob : SerialJob
        {
            public override Task Execute(IJobExecutionContext context) => Runs<InheritsSerialJob>.RunAsync();
        }
    }
}
