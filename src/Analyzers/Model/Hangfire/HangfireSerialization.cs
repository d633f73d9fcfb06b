using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace QueueLint.Model.Hangfire
{
    /// <summary>What the compilation tells about Hangfire's JSON settings for job arguments.</summary>
    internal static class HangfireSerialization
    {
        private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> s_typeNamesConfigured = new ConditionalWeakTable<Compilation, StrongBox<bool>>();

        /// <summary>
        /// Whether the compilation calls <c>UseRecommendedSerializerSettings</c> or sets <c>TypeNameHandling</c>:
        /// then the concrete type travels with an argument. Read once per compilation from the text, and only
        /// when a rule needs it.
        /// </summary>
        public static bool TypeNamesConfigured(Compilation compilation, CancellationToken cancellationToken)
        {
            if (s_typeNamesConfigured.TryGetValue(compilation, out var known))
            {
                return known.Value;
            }

            var found = false;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var text = tree.GetText(cancellationToken).ToString();
                if (text.IndexOf("UseRecommendedSerializerSettings", StringComparison.Ordinal) >= 0
                    || text.IndexOf("TypeNameHandling", StringComparison.Ordinal) >= 0)
                {
                    found = true;
                    break;
                }
            }

            return s_typeNamesConfigured.GetValue(compilation, _ => new StrongBox<bool>(found)).Value;
        }
    }
}
