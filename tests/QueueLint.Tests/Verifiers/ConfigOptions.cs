using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QueueLint.Tests.Verifiers
{
    /// <summary>
    /// <c>key = value</c> lines served as the options of every file and as the global options, as one
    /// <c>.editorconfig</c> section for all files (and a global config) would set them, for tests that analyze a
    /// compilation directly.
    /// </summary>
    internal sealed class ConfigOptions : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        /// <param name="config">Lines of <c>key = value</c>, or null for none.</param>
        public ConfigOptions(string? config) => _options = new Options(config);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> _values;

            public Options(string? config)
            {
                var builder = ImmutableDictionary.CreateBuilder<string, string>();
                foreach (var line in (config ?? "").Split('\n', System.StringSplitOptions.RemoveEmptyEntries))
                {
                    var parts = line.Split('=', 2);
                    builder[parts[0].Trim()] = parts[1].Trim();
                }

                _values = builder.ToImmutable();
            }

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}
