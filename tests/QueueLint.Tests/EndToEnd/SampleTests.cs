using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using QueueLint.Tests.Meta;

namespace QueueLint.Tests.EndToEnd
{
    /// <summary>
    /// The sample app as a user meets it: a real <c>dotnet build</c> shows every rule, and
    /// <c>dotnet format analyzers</c> applies every fix and leaves code that builds with no new diagnostic.
    /// Runs on a copy, so the sample in the repository keeps its pitfalls.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    [LongRunning]
    public sealed class SampleTests : IClassFixture<SampleTests.SampleCopy>
    {
        private readonly SampleCopy _copy;

        public SampleTests(SampleCopy copy) => _copy = copy;

        [Fact]
        public void Building_the_sample_shows_every_rule_and_no_other_warning()
        {
            var ids = _copy.Before.Select(d => d.Id).ToHashSet();
            foreach (var rule in RuleCatalogTests.Descriptors.Select(d => d.Id).Distinct())
            {
                Assert.True(ids.Contains(rule), rule + " does not fire anywhere in the sample:\n" + _copy.BuildOutput);
            }

            var foreign = _copy.Before.Where(d => !d.Id.StartsWith("QL", StringComparison.Ordinal)).ToList();
            Assert.True(foreign.Count == 0, "the sample has warnings of its own:\n" + string.Join("\n", foreign));
        }

        [Fact]
        public void Dotnet_format_applies_every_fix_and_the_result_builds()
        {
            var fixable = RuleCatalogTests.Fixers.SelectMany(f => f.FixableDiagnosticIds).Distinct().OrderBy(id => id).ToArray();
            var format = _copy.Repository.Run(new[] { "format", "analyzers", _copy.Project, "--severity", "info", "--diagnostics" }.Concat(fixable).ToArray());
            Assert.True(format.ExitCode == 0, format.ToString());

            var after = _copy.Repository.Build(_copy.Project, out var output, analyzersBuilt: true);
            Assert.DoesNotContain(after, d => d.Severity == "error");

            // Nothing new appears, and every fixable rule lost the diagnostics its fix applies to.
            foreach (var diagnostic in after)
            {
                Assert.True(_copy.Before.Any(d => d.Id == diagnostic.Id), "new diagnostic after the fixes: " + diagnostic + "\n" + output);
            }

            foreach (var id in fixable)
            {
                var before = _copy.Before.Count(d => d.Id == id);
                var left = after.Count(d => d.Id == id);
                Assert.True(left < before, $"{id}: {before} before the fixes, {left} after\n{output}");
            }
        }

        /// <summary>
        /// The sample, copied once into the end-to-end tests' shared copy (whose analyzers are built once for the run)
        /// at the same relative place, and built once before any fix.
        /// </summary>
        public sealed class SampleCopy : IDisposable
        {
            private static readonly string Folder = Path.Combine("samples", "QueueLint.Sample");

            public SampleCopy()
            {
                Repository = SharedAnalyzerCopy.Repository;
                Repository.CopyIn(Folder);
                Project = Path.Combine(Folder, "QueueLint.Sample.csproj");
                Before = Repository.Build(Project, out var output, analyzersBuilt: true);
                BuildOutput = output;
            }

            public RepositoryCopy Repository { get; }

            public string Project { get; }

            /// <summary>What the build prints before any fix (suggestions are not printed by a build).</summary>
            public List<RepositoryCopy.Finding> Before { get; }

            public string BuildOutput { get; }

            public void Dispose() => TemporaryDirectory.TryDelete(Path.Combine(Repository.Root, "samples"));
        }
    }
}
