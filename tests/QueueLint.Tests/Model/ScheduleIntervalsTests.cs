using System;
using QueueLint.Model.Scheduling;

namespace QueueLint.Tests.Model
{
    /// <summary>How often a cron expression fires, as QL0031 reads it: the shortest gap between two firings.</summary>
    public class ScheduleIntervalsTests
    {
        [Theory]
        [InlineData("* * * * *", false, 60)]
        [InlineData("*/5 * * * *", false, 300)]
        [InlineData("0,30 * * * *", false, 1800)]
        [InlineData("50,10 * * * *", false, 1200)]
        [InlineData("0 * * * *", false, 3600)]
        [InlineData("0 */2 * * *", false, 7200)]
        [InlineData("0 9-17 * * MON-FRI", false, 3600)]
        [InlineData("0 9,17 * * *", false, 28800)]
        [InlineData("0 3 * * *", false, 86400)]
        [InlineData("*/30 * * * * *", false, 30)]
        [InlineData("@hourly", false, 3600)]
        [InlineData("@daily", false, 86400)]
        [InlineData("0 0/5 * * * ?", true, 300)]
        [InlineData("0 */5 * * * ?", true, 300)]
        [InlineData("0 0 * * * ?", true, 3600)]
        [InlineData("0 0 3 ? * MON *", true, 86400)]
        [InlineData("0/15 * * * * ?", true, 15)]
        [InlineData("0 15 10 L * ?", true, 86400)]
        public void Reads_the_shortest_gap(string cron, bool quartz, int seconds)
            => Assert.Equal(TimeSpan.FromSeconds(seconds), ScheduleIntervals.FromCron(cron, quartz));

        [Theory]
        [InlineData("", false)]
        [InlineData("* * *", false)]
        [InlineData("*/0 * * * *", false)]
        [InlineData("5-2 * * * *", false)]
        [InlineData("60 * * * *", false)]
        [InlineData("x * * * *", false)]
        [InlineData("0 0 25 * * ?", true)]
        [InlineData("0 0 * * *", true)]
        [InlineData("@reboot", false)]
        [InlineData("-1 * * * *", false)]
        [InlineData("1-/2 * * * *", false)]
        public void Gives_up_on_what_it_cannot_read(string cron, bool quartz)
            => Assert.Null(ScheduleIntervals.FromCron(cron, quartz));

        [Theory]
        [InlineData(30, "every 30 seconds")]
        [InlineData(60, "every minute")]
        [InlineData(300, "every 5 minutes")]
        [InlineData(3600, "every hour")]
        [InlineData(7200, "every 2 hours")]
        [InlineData(86400, "daily or less often")]
        public void Describes_the_interval(int seconds, string text)
            => Assert.Equal(text, ScheduleIntervals.Describe(TimeSpan.FromSeconds(seconds)));
    }
}
