using System;
using System.Globalization;

namespace QueueLint.Model.Scheduling
{
    /// <summary>
    /// How often a schedule fires, read from a cron expression written as a constant: the shortest gap between two
    /// firings. Only the seconds, minutes and hours fields are read: the day and month fields can only make firings
    /// rarer, so a schedule fixed to one second, minute and hour fires at most once a day.
    /// </summary>
    internal static class ScheduleIntervals
    {
        /// <summary>The interval of a schedule that never fires by itself (Hangfire's <c>Cron.Never</c>).</summary>
        public static readonly TimeSpan Never = TimeSpan.MaxValue;

        /// <summary>A schedule that repeats more often than this makes an overlap likely.</summary>
        public static readonly TimeSpan Frequent = TimeSpan.FromHours(1);

        /// <summary>
        /// The shortest gap between firings of <paramref name="expression"/>; null when it cannot be read.
        /// <paramref name="secondsFirst"/>: Quartz's format, where the first field is always the seconds; otherwise
        /// five fields are minutes first and six are seconds first (Hangfire, Cronos).
        /// </summary>
        public static TimeSpan? FromCron(string expression, bool secondsFirst)
        {
            var text = expression.Trim();
            if (text.Length > 0 && text[0] == '@')
            {
                return text.ToLowerInvariant() switch
                {
                    "@every_second" => TimeSpan.FromSeconds(1),
                    "@every_minute" => TimeSpan.FromMinutes(1),
                    "@hourly" => TimeSpan.FromHours(1),
                    "@daily" or "@midnight" or "@weekly" or "@monthly" or "@yearly" or "@annually" => TimeSpan.FromDays(1),
                    _ => null,
                };
            }

            var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            bool hasSeconds;
            if (secondsFirst)
            {
                if (fields.Length is not (6 or 7))
                {
                    return null;
                }

                hasSeconds = true;
            }
            else if (fields.Length is 5 or 6)
            {
                hasSeconds = fields.Length == 6;
            }
            else
            {
                return null;
            }

            var first = 0;
            if (hasSeconds)
            {
                var seconds = ShortestGap(fields[0], 60);
                if (seconds is not { } secondGap)
                {
                    return null;
                }

                if (secondGap > 0)
                {
                    return TimeSpan.FromSeconds(secondGap);
                }

                first = 1;
            }

            var minutes = ShortestGap(fields[first], 60);
            var hours = ShortestGap(fields[first + 1], 24);
            if (minutes is not { } minuteGap || hours is not { } hourGap)
            {
                return null;
            }

            return minuteGap > 0 ? TimeSpan.FromMinutes(minuteGap)
                : hourGap > 0 ? TimeSpan.FromHours(hourGap)
                : TimeSpan.FromDays(1);
        }

        /// <summary>The shorter of two intervals, either of which may be unknown.</summary>
        public static TimeSpan? Shorter(TimeSpan? a, TimeSpan? b)
            => a is null ? b : b is null ? a : (a.Value < b.Value ? a : b);

        /// <summary>How a message says how often a schedule fires: <c>every 5 minutes</c>, <c>every hour</c>, <c>daily or less often</c>.</summary>
        public static string Describe(TimeSpan interval)
        {
            if (interval >= TimeSpan.FromDays(1))
            {
                return "daily or less often";
            }

            return interval.TotalHours >= 1 ? Every((int)interval.TotalHours, "hour")
                : interval.TotalMinutes >= 1 ? Every((int)interval.TotalMinutes, "minute")
                : Every(Math.Max(1, (int)interval.TotalSeconds), "second");
        }

        private static string Every(int count, string unit)
            => count == 1 ? "every " + unit : "every " + count.ToString(CultureInfo.InvariantCulture) + " " + unit + "s";

        /// <summary>
        /// The shortest gap between two values of a cron field over <paramref name="range"/> values (0 when it holds one
        /// value), counting the wrap to the next hour or day; null for what the field cannot be read as (names, <c>L</c>).
        /// </summary>
        private static int? ShortestGap(string field, int range)
        {
            var values = new bool[range];
            foreach (var part in field.Split(','))
            {
                if (!Mark(part, values))
                {
                    return null;
                }
            }

            int? firstValue = null;
            var previous = -1;
            var gap = int.MaxValue;
            for (var i = 0; i < range; i++)
            {
                if (!values[i])
                {
                    continue;
                }

                if (previous >= 0)
                {
                    gap = Math.Min(gap, i - previous);
                }

                firstValue ??= i;
                previous = i;
            }

            if (firstValue is not { } lowest)
            {
                return null;
            }

            return previous == lowest ? 0 : Math.Min(gap, lowest + range - previous);
        }

        /// <summary>Marks the values of one item of a field: <c>*</c>, <c>?</c>, <c>n</c>, <c>a-b</c>, each with an optional <c>/step</c>.</summary>
        private static bool Mark(string part, bool[] values)
        {
            var step = 1;
            var slash = part.IndexOf('/');
            var body = part;
            if (slash >= 0)
            {
                if (!int.TryParse(part.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out step) || step <= 0)
                {
                    return false;
                }

                body = part.Substring(0, slash);
            }

            int low;
            int high;
            if (body is "*" or "?")
            {
                low = 0;
                high = values.Length - 1;
            }
            else
            {
                var dash = body.IndexOf('-');
                if (dash < 0)
                {
                    if (!int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out low) || low >= values.Length)
                    {
                        return false;
                    }

                    // "a/n" runs from a to the end of the range.
                    high = slash >= 0 ? values.Length - 1 : low;
                }
                else if (!int.TryParse(body.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out low)
                    || !int.TryParse(body.Substring(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out high)
                    || low > high || high >= values.Length)
                {
                    return false;
                }
            }

            for (var i = low; i <= high; i += step)
            {
                values[i] = true;
            }

            return true;
        }
    }
}
