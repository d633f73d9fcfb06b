using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace QueueLint.Model.Syntax
{
    /// <summary>Whether a file's text contains any of a few words, without copying the whole text.</summary>
    internal sealed class TextFilter
    {
        private const int ChunkSize = 16 * 1024;

        [ThreadStatic]
        private static char[]? t_buffer;

        private readonly string[] _words;
        private readonly int _overlap;

        // This filter alone, for MayContain.
        private readonly TextFilter[] _self;

        public TextFilter(IEnumerable<string> words)
        {
            var distinct = new HashSet<string>(words, StringComparer.Ordinal);
            _words = new string[distinct.Count];
            distinct.CopyTo(_words);
            foreach (var word in _words)
            {
                _overlap = Math.Max(_overlap, word.Length - 1);
            }

            _self = new[] { this };
        }

        public bool MayContain(SourceText text) => MayContainEach(text, _self, wanted: 1) != 0;

        /// <summary>
        /// Which of <paramref name="filters"/> may match the text, as bits by index, among the <paramref name="wanted"/>
        /// ones: each chunk of the text is copied once for all of them.
        /// </summary>
        public static int MayContainEach(SourceText text, IReadOnlyList<TextFilter> filters, int wanted)
        {
            var overlap = 0;
            for (var i = 0; i < filters.Count; i++)
            {
                if ((wanted & (1 << i)) != 0)
                {
                    overlap = Math.Max(overlap, filters[i]._overlap);
                }
            }

            var buffer = t_buffer ??= new char[ChunkSize];
            var length = text.Length;
            var found = 0;
            for (var start = 0; start < length && found != wanted; start += ChunkSize - overlap)
            {
                var count = Math.Min(ChunkSize, length - start);
                text.CopyTo(start, buffer, 0, count);
                var chunk = new ReadOnlySpan<char>(buffer, 0, count);
                for (var i = 0; i < filters.Count; i++)
                {
                    var bit = 1 << i;
                    if ((wanted & ~found & bit) != 0 && filters[i].Contains(chunk))
                    {
                        found |= bit;
                    }
                }

                if (start + count >= length)
                {
                    break;
                }
            }

            return found;
        }

        private bool Contains(ReadOnlySpan<char> chunk)
        {
            foreach (var word in _words)
            {
                if (chunk.IndexOf(word.AsSpan(), StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
