using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace QueueLint.Tests.Meta
{
    /// <summary>
    /// The severity presets shipped in the package (src/Package/configuration/*.globalconfig) are generated from
    /// the descriptors. This test fails when a rule is added or a severity changes without regenerating them;
    /// run it with QUEUELINT_UPDATE_PRESETS=1 to rewrite the files.
    /// </summary>
    public class PresetTests
    {
        /// <summary>
        /// Each preset: its description and its entries. Presets set whole categories where they can, because an
        /// entry for a rule id beats a category entry wherever it comes from: a preset that named every rule would
        /// stop users from tuning by category.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, (string Description, Func<IReadOnlyList<DiagnosticDescriptor>, IEnumerable<string>> Entries)> Presets =
            new Dictionary<string, (string, Func<IReadOnlyList<DiagnosticDescriptor>, IEnumerable<string>>)>(StringComparer.Ordinal)
            {
                ["default"] = ("every rule at the severity it is declared with", _ => Array.Empty<string>()),
                ["recommended"] = ("every rule on; suggestions raised to warnings so that builds show them", rules => rules
                    .Where(d => d.DefaultSeverity == DiagnosticSeverity.Info || d.CustomTags.Contains(QueueLint.Descriptors.SeverityByLikelihoodTag))
                    .SelectMany(d => new[] { "# " + d.Id + ": " + d.Title, "dotnet_diagnostic." + d.Id + ".severity = warning" })),
                ["strict"] = ("every rule is an error, and every job argument that is not a simple value is reported", rules => CategoryEntries(rules, "error")
                    .Concat(new[] { "# QL0009: pass ids and simple values only", QueueLint.Rules.PayloadDoesNotSurviveAnalyzer.StrictArguments.Key + " = true" })),
                ["none"] = ("every rule off; enable the ones you want with dotnet_diagnostic.QLnnnn.severity", rules => CategoryEntries(rules, "none")),
            };

        private static string ConfigurationDirectory => RepositoryPaths.Combine("src", "Package", "configuration");

        [Fact]
        public void Presets_match_the_descriptors()
        {
            var update = Environment.GetEnvironmentVariable("QUEUELINT_UPDATE_PRESETS") == "1";
            var stale = new List<string>();
            foreach (var (name, preset) in Presets)
            {
                var path = Path.Combine(ConfigurationDirectory, name + ".globalconfig");
                var expected = Generate(name, preset.Description, preset.Entries);
                var actual = File.Exists(path) ? File.ReadAllText(path) : null;
                if (actual == expected)
                {
                    continue;
                }

                if (update)
                {
                    File.WriteAllText(path, expected);
                }
                else
                {
                    stale.Add(path);
                }
            }

            Assert.True(stale.Count == 0, "Presets out of date (run the tests with QUEUELINT_UPDATE_PRESETS=1): " + string.Join(", ", stale));
        }

        [Fact]
        public void Only_generated_presets_are_shipped()
        {
            var shipped = Directory.GetFiles(ConfigurationDirectory, "*.globalconfig").Select(Path.GetFileNameWithoutExtension).OrderBy(n => n);
            Assert.Equal(Presets.Keys.OrderBy(n => n), shipped);
        }

        private static string Generate(string name, string description, Func<IReadOnlyList<DiagnosticDescriptor>, IEnumerable<string>> entries)
        {
            var rules = RuleCatalogTests.Descriptors.GroupBy(d => d.Id).Select(g => g.First()).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
            var text = new StringBuilder();
            text.Append("is_global = true\n");
            text.Append("# QueueLint preset '").Append(name).Append("': ").Append(description).Append(".\n");
            text.Append("# Generated from the rule descriptors by tests/QueueLint.Tests/Meta/PresetTests.cs; do not edit.\n");
            text.Append("# Selected by <QueueLintPreset>").Append(name).Append("</QueueLintPreset>. global_level -1 puts the preset\n");
            text.Append("# below the project's own .globalconfig (level 100) and any .editorconfig, so their settings win.\n");
            text.Append("global_level = -1\n");
            var body = entries(rules).ToList();
            if (body.Count > 0)
            {
                text.Append('\n');
                foreach (var line in body)
                {
                    text.Append(line).Append('\n');
                }
            }

            return text.ToString();
        }

        private static IEnumerable<string> CategoryEntries(IReadOnlyList<DiagnosticDescriptor> rules, string severity)
            => rules.Select(d => d.Category).Distinct().OrderBy(c => c, StringComparer.Ordinal)
                .Select(category => "dotnet_analyzer_diagnostic.category-" + category + ".severity = " + severity);
    }
}
