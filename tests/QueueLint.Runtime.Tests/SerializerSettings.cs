using System.Reflection;
using Hangfire;
using Hangfire.Common;
using Newtonsoft.Json;

namespace QueueLint.Runtime.Tests
{
    /// <summary>Hangfire keeps serializer settings globally; tests that change them put the defaults back.</summary>
    internal static class SerializerSettings
    {
        public static void UseRecommended() => GlobalConfiguration.Configuration.UseRecommendedSerializerSettings();

        public static void Use(JsonSerializerSettings settings) => GlobalConfiguration.Configuration.UseSerializerSettings(settings);

        /// <summary>Back to no user settings, as in an application that configures none.</summary>
        public static void Reset()
        {
            var set = typeof(SerializationHelper).GetMethod("SetUserSerializerSettings", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
            Assert.NotNull(set);
            set!.Invoke(null, new object?[] { null });
        }
    }
}
