using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QueueLint.Tests.Meta
{
    /// <summary>
    /// Every rule is whole: a page, a release entry, a README row and a help link that resolves; every fixer is
    /// exported, shared, has a stable equivalence key and Fix All. These fail when a rule lands half-done.
    /// </summary>
    public class RuleCatalogTests
    {
        private static readonly Assembly s_analyzers = typeof(QueueLint.Rules.PassEntityIdAnalyzer).Assembly;
        private static readonly Assembly s_codeFixes = typeof(QueueLint.CodeFixes.Rules.PassEntityIdFixer).Assembly;

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = s_analyzers.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        public static ImmutableArray<CodeFixProvider> Fixers { get; } = s_codeFixes.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = Analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .ToImmutableArray();

        public static TheoryData<string> RuleIds()
        {
            var data = new TheoryData<string>();
            foreach (var id in Descriptors.Select(d => d.Id).Distinct().OrderBy(id => id))
            {
                data.Add(id);
            }

            return data;
        }

        [Fact]
        public void Every_id_constant_is_used_and_ids_are_well_formed()
        {
            var constants = typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (string)f.GetRawConstantValue()!)
                .ToArray();
            Assert.Equal(constants.Length, constants.Distinct().Count());
            Assert.All(constants, id => Assert.Matches("^QL[0-9]{4}$", id));
            Assert.Equal(constants.OrderBy(x => x), Descriptors.Select(d => d.Id).Distinct().OrderBy(x => x));
        }

        [Fact]
        public void Every_analyzer_is_a_csharp_analyzer()
        {
            Assert.NotEmpty(Analyzers);
            foreach (var analyzer in Analyzers)
            {
                var attribute = analyzer.GetType().GetCustomAttribute<DiagnosticAnalyzerAttribute>();
                Assert.True(attribute is not null, analyzer.GetType().Name + " has no [DiagnosticAnalyzer]");
                Assert.Contains(LanguageNames.CSharp, attribute!.Languages);
            }
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Descriptors_sharing_an_id_agree_and_link_to_their_page(string id)
        {
            var descriptors = Descriptors.Where(d => d.Id == id).ToArray();
            var first = descriptors[0];
            foreach (var descriptor in descriptors)
            {
                Assert.Equal(first.Title.ToString(), descriptor.Title.ToString());
                Assert.Equal(first.Category, descriptor.Category);
                Assert.Equal(first.DefaultSeverity, descriptor.DefaultSeverity);
                Assert.Equal(QueueLint.Descriptors.RepositoryUrl + "/blob/main/rules/" + id + ".md", descriptor.HelpLinkUri);
                Assert.StartsWith("QueueLint.", descriptor.Category, StringComparison.Ordinal);
                Assert.False(descriptor.Title.ToString().EndsWith(".", StringComparison.Ordinal));
                Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
            }
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Every_rule_has_a_page_with_the_standard_sections(string id)
        {
            var path = RepositoryPaths.Combine("rules", id + ".md");
            Assert.True(File.Exists(path), "missing " + path);
            var text = File.ReadAllText(path);
            var descriptor = Descriptors.First(d => d.Id == id);
            Assert.StartsWith("# " + id + ": " + descriptor.Title, text, StringComparison.Ordinal);
            foreach (var section in new[] { "## Cause", "## Why it matters", "## Examples", "## How to fix", "## Configuration", "## How to suppress" })
            {
                Assert.Contains(section, text, StringComparison.Ordinal);
            }

            Assert.Contains("| Category | " + descriptor.Category + " |", text, StringComparison.Ordinal);
            Assert.Contains("| Default severity | " + descriptor.DefaultSeverity + " |", text, StringComparison.Ordinal);
            var hasFixer = Fixers.Any(f => f.FixableDiagnosticIds.Contains(id));
            Assert.Matches(new Regex(@"^\| Code fix \| " + (hasFixer ? "Yes" : "No"), RegexOptions.Multiline), text);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Every_rule_has_a_release_entry(string id)
        {
            var descriptor = Descriptors.First(d => d.Id == id);
            var entries = ReleaseEntries();
            Assert.True(entries.TryGetValue(id, out var entry), id + " is missing from AnalyzerReleases.*.md");
            Assert.Equal(descriptor.Category, entry.Category);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), entry.Severity);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Every_rule_has_a_readme_row(string id)
        {
            var descriptor = Descriptors.First(d => d.Id == id);
            var readme = File.ReadAllText(RepositoryPaths.Combine("README.md"));
            var hasFixer = Fixers.Any(f => f.FixableDiagnosticIds.Contains(id));
            // A rule that reports unlikely cases as suggestions says so: "Warning / Info".
            var severity = descriptor.DefaultSeverity + (descriptor.CustomTags.Contains(QueueLint.Descriptors.SeverityByLikelihoodTag) ? " / Info" : string.Empty);
            var row = "| [" + id + "](rules/" + id + ".md) | " + descriptor.Category + " | " + severity + " | "
                + descriptor.Title + " | " + (hasFixer ? "Yes" : "No") + " |";
            Assert.Contains(row, readme, StringComparison.Ordinal);
        }

        [Fact]
        public void Every_fixer_is_exported_shared_and_fixes_known_ids_with_fix_all()
        {
            Assert.NotEmpty(Fixers);
            var ids = Descriptors.Select(d => d.Id).ToImmutableHashSet();
            foreach (var fixer in Fixers)
            {
                var type = fixer.GetType();
                var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
                Assert.True(export is not null, type.Name + " is not exported");
                Assert.Equal(type.Name, export!.Name);
                Assert.Contains(LanguageNames.CSharp, export.Languages);
                Assert.True(type.GetCustomAttribute<SharedAttribute>() is not null, type.Name + " is not [Shared]");
                Assert.NotEmpty(fixer.FixableDiagnosticIds);
                Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, ids));

                var fixAll = fixer.GetFixAllProvider();
                Assert.NotNull(fixAll);
                Assert.Contains(FixAllScope.Solution, fixAll!.GetSupportedFixAllScopes());

                // A stable equivalence key, named after the rule, is what Fix All and dotnet format group by.
                var key = type.GetField("EquivalenceKey", BindingFlags.Public | BindingFlags.Static);
                Assert.True(key is { IsLiteral: true }, type.Name + " has no EquivalenceKey constant");
                var value = (string)key!.GetRawConstantValue()!;
                Assert.Contains(fixer.FixableDiagnosticIds, id => value.StartsWith(id + ".", StringComparison.Ordinal));
            }
        }

        [Fact]
        public void Release_entries_name_only_known_rules()
        {
            var ids = Descriptors.Select(d => d.Id).ToImmutableHashSet();
            Assert.All(ReleaseEntries().Keys, id => Assert.Contains(id, ids));
        }

        private static Dictionary<string, (string Category, string Severity)> ReleaseEntries()
        {
            var entries = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
            {
                foreach (var line in File.ReadAllLines(RepositoryPaths.Combine("src", "Analyzers", file)))
                {
                    var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                    if (cells.Length >= 3 && Regex.IsMatch(cells[0], "^QL[0-9]{4}$"))
                    {
                        entries[cells[0]] = (cells[1], cells[2]);
                    }
                }
            }

            return entries;
        }
    }
}
