using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace QueueLint.Model.Serialization
{
    /// <summary>What the compilation tells about how Quartz's persistent job store keeps job data.</summary>
    internal static class QuartzJobStore
    {
        private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> s_usesProperties = new ConditionalWeakTable<Compilation, StrongBox<bool>>();

        /// <summary>
        /// Whether the store is configured to keep job data as string properties: <c>UseProperties = true</c> (the
        /// persistent-store options of <c>UsePersistentStore</c>) or <c>"quartz.jobStore.useProperties"</c> set to
        /// <c>"true"</c>. Read once per compilation from the text, and only when a rule needs it.
        /// </summary>
        public static bool UsesProperties(Compilation compilation, CancellationToken cancellationToken)
        {
            if (s_usesProperties.TryGetValue(compilation, out var known))
            {
                return known.Value;
            }

            var found = false;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var text = tree.GetText(cancellationToken).ToString();
                if (IsFollowedByTrue(text, "UseProperties", "=") || IsFollowedByTrue(text, "quartz.jobStore.useProperties\"", null))
                {
                    found = true;
                    break;
                }
            }

            return s_usesProperties.GetValue(compilation, _ => new StrongBox<bool>(found)).Value;
        }

        /// <summary>
        /// Whether <paramref name="word"/> occurs followed by <c>true</c> (or <c>"true"</c>): directly after
        /// <paramref name="assignment"/> when one is given, else within the next few characters (<c>] = "true"</c>,
        /// <c>, "true" }</c>).
        /// </summary>
        private static bool IsFollowedByTrue(string text, string word, string? assignment)
        {
            for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
            {
                var i = at + word.Length;
                if (assignment is not null)
                {
                    i = SkipSpaces(text, i);
                    if (string.CompareOrdinal(text, i, assignment, 0, assignment.Length) != 0 || (i + 1 < text.Length && text[i + 1] == '='))
                    {
                        continue;
                    }

                    i = SkipSpaces(text, i + assignment.Length);
                    if (string.CompareOrdinal(text, i, "true", 0, 4) == 0)
                    {
                        return true;
                    }

                    continue;
                }

                var window = text.Substring(i, Math.Min(16, text.Length - i));
                if (window.IndexOf("\"true\"", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static int SkipSpaces(string text, int i)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            return i;
        }
    }
}
