using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using QueueLint.Model.Serialization;

namespace QueueLint.Model.Hangfire
{
    /// <summary>What the compilation tells about Hangfire's JSON settings for job arguments.</summary>
    internal static class HangfireSerialization
    {
        private static readonly ConditionalWeakTable<Compilation, PayloadSerializer> s_serializers = new ConditionalWeakTable<Compilation, PayloadSerializer>();

        /// <summary>
        /// Whether the compilation calls <c>UseRecommendedSerializerSettings</c> or sets <c>TypeNameHandling</c>:
        /// then the concrete type travels with an argument. Read once per compilation from the text, and only
        /// when a rule needs it.
        /// </summary>
        public static bool TypeNamesConfigured(Compilation compilation, CancellationToken cancellationToken)
            => Serializer(compilation, cancellationToken).WritesTypeNames;

        /// <summary>
        /// Hangfire's serializer as the application configures it, read once per compilation from the text:
        /// <c>UseRecommendedSerializerSettings</c> or <c>TypeNameHandling</c> make type names travel,
        /// <c>ReferenceLoopHandling</c> or <c>PreserveReferencesHandling</c> decide what a loop does, a
        /// <c>ContractResolver</c> decides which members are written.
        /// </summary>
        public static PayloadSerializer Serializer(Compilation compilation, CancellationToken cancellationToken)
        {
            if (s_serializers.TryGetValue(compilation, out var known))
            {
                return known;
            }

            bool typeNames = false, loops = false, contracts = false;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var text = tree.GetText(cancellationToken).ToString();
                typeNames |= Contains(text, "UseRecommendedSerializerSettings") || Contains(text, "TypeNameHandling");
                loops |= Contains(text, "ReferenceLoopHandling") || Contains(text, "PreserveReferencesHandling");
                contracts |= Contains(text, "ContractResolver");
            }

            return s_serializers.GetValue(compilation, _ => PayloadSerializer.Hangfire(typeNames, loops, contracts));
        }

        private static bool Contains(string text, string word) => text.IndexOf(word, StringComparison.Ordinal) >= 0;
    }
}
