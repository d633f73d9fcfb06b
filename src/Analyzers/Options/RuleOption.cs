using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QueueLint.Options
{
    /// <summary>
    /// A rule's own <c>.editorconfig</c> key (<c>QLnnnn.snake_case</c>), declared next to the rule with its default,
    /// and parsed once per options instance.
    /// </summary>
    internal sealed class RuleOption<T>
    {
        private readonly Func<string, (bool Parsed, T Value)> _parse;
        private readonly ConditionalWeakTable<AnalyzerConfigOptions, Box> _cache = new();
        private readonly ConditionalWeakTable<AnalyzerConfigOptions, Box>.CreateValueCallback _create;

        public RuleOption(string key, T defaultValue, Func<string, (bool Parsed, T Value)> parse)
        {
            Key = key;
            Default = defaultValue;
            _parse = parse;
            _create = Read;
        }

        public string Key { get; }

        public T Default { get; }

        public T Get(AnalyzerConfigOptions options) => _cache.GetValue(options, _create).Value;

        private Box Read(AnalyzerConfigOptions options)
        {
            if (options.TryGetValue(Key, out var text) && !string.IsNullOrWhiteSpace(text))
            {
                var (parsed, value) = _parse(text.Trim());
                if (parsed)
                {
                    return new Box(value);
                }
            }

            return new Box(Default);
        }

        private sealed class Box
        {
            public Box(T value) => Value = value;

            public T Value { get; }
        }
    }

    internal static class RuleOption
    {
        /// <summary><c>true</c> or <c>false</c>; anything else keeps the default.</summary>
        public static RuleOption<bool> Boolean(string key, bool defaultValue)
            => new(key, defaultValue, text => (bool.TryParse(text, out var value), value));

        /// <summary>A comma-separated list; an empty or missing value keeps the default.</summary>
        public static RuleOption<ImmutableArray<string>> List(string key, ImmutableArray<string> defaultValue)
            => new(key, defaultValue, text =>
            {
                var builder = ImmutableArray.CreateBuilder<string>();
                foreach (var part in text.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    var item = part.Trim();
                    if (item.Length > 0)
                    {
                        builder.Add(item);
                    }
                }

                return (builder.Count > 0, builder.ToImmutable());
            });
    }
}
