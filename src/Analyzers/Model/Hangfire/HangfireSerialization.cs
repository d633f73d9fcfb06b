using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using QueueLint.Model.Serialization;

namespace QueueLint.Model.Hangfire
{
    /// <summary>What the compilation tells about Hangfire's JSON settings for job arguments.</summary>
    internal static class HangfireSerialization
    {
        private static readonly ConditionalWeakTable<Compilation, PayloadSerializer> s_serializers = new();

        /// <summary>
        /// Whether the compilation calls <c>UseRecommendedSerializerSettings</c> or sets <c>TypeNameHandling</c>:
        /// then the concrete type travels with an argument.
        /// </summary>
        public static bool TypeNamesConfigured(Compilation compilation, CancellationToken cancellationToken)
            => SerializerSettings.Has(compilation, SerializerSetting.HangfireTypeNames, cancellationToken);

        /// <summary>
        /// Hangfire's serializer as the application configures it: <c>UseRecommendedSerializerSettings</c> or
        /// <c>TypeNameHandling</c> make type names travel, <c>ReferenceLoopHandling</c> or <c>PreserveReferencesHandling</c>
        /// decide what a loop does, a <c>ContractResolver</c> decides which members are written.
        /// </summary>
        public static PayloadSerializer Serializer(Compilation compilation, CancellationToken cancellationToken)
        {
            if (s_serializers.TryGetValue(compilation, out var known))
            {
                return known;
            }

            var serializer = PayloadSerializer.Hangfire(
                TypeNamesConfigured(compilation, cancellationToken),
                SerializerSettings.Has(compilation, SerializerSetting.HangfireReferenceLoops, cancellationToken),
                SerializerSettings.Has(compilation, SerializerSetting.ContractResolver, cancellationToken));
            return s_serializers.GetValue(compilation, _ => serializer);
        }
    }
}
