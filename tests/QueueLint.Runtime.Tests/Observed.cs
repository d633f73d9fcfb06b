using System.Collections.Concurrent;

namespace QueueLint.Runtime.Tests
{
    /// <summary>What job methods saw when the server ran them (instances differ, so it is kept statically).</summary>
    internal static class Observed
    {
        private static readonly ConcurrentDictionary<string, object?> s_values = new();

        public static void Record(string key, object? value) => s_values[key] = value;

        public static object? Get(string key)
        {
            Assert.True(s_values.TryGetValue(key, out var value), "the job did not record '" + key + "'");
            return value;
        }

        public static bool TryGet(string key, out object? value) => s_values.TryGetValue(key, out value);

        public static void Clear() => s_values.Clear();
    }
}
