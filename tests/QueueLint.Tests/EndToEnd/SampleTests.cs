using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using QueueLint.Tests.Meta;
using QueueLint.Tests.Package;

namespace QueueLint.Tests.EndToEnd
{
    /// <summary>
    /// The sample app as a user meets it: a real <c>dotnet build</c> shows every rule, and
    /// <c>dotnet format analyzers</c> applies every fix and leaves code that builds with no new diagnostic.
    /// Runs on a copy, so the sample in the repository keeps its pitfalls.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    public sealed class SampleTests : IClassFixture<SampleTests.SampleCopy>
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
        private static readonly Regex s_diagnostic = new(@"^(?<file>[^(\s][^(]*)\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error) (?<id>[A-Z]+\d+):", RegexOptions.Multiline | RegexOptions.Compiled);

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
            var format = DotNetCli.Run(_copy.Root, Timeout, new[] { "format", "analyzers", _copy.Project, "--severity", "info", "--diagnostics" }.Concat(fixable));
            Assert.True(format.ExitCode == 0, format.ToString());

            var after = Build(_copy.Root, _copy.Project, out var output);
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

        private static List<Finding> Build(string root, string project, out string output)
        {
            var result = DotNetCli.Run(root, Timeout, new[] { "build", project, "-tl:off", "-p:TreatWarningsAsErrors=false", "--no-incremental" });
            output = result.Output;
            Assert.True(result.ExitCode == 0, result.ToString());
            return s_diagnostic.Matches(result.Output)
                .Select(m => new Finding(Path.GetFileName(m.Groups["file"].Value), int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["column"].Value), m.Groups["severity"].Value, m.Groups["id"].Value))
                .Distinct()
                .ToList();
        }

        public sealed record Finding(string File, int Line, int Column, string Severity, string Id);

        /// <summary>The sample and what it builds from, copied once and built once before any fix.</summary>
        public sealed class SampleCopy : IDisposable
        {
            public SampleCopy()
            {
                Root = Path.Combine(Path.GetTempPath(), "queuelint-sample-" + Guid.NewGuid().ToString("N").Substring(0, 8));
                foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "NuGet.config", "global.json", "BannedSymbols.txt" })
                {
                    Copy(RepositoryPaths.Combine(file), Path.Combine(Root, file));
                }

                foreach (var folder in new[] { Path.Combine("src", "Analyzers"), Path.Combine("src", "CodeFixes"), Path.Combine("src", "Directory.Build.props"), Path.Combine("samples", "QueueLint.Sample") })
                {
                    var source = RepositoryPaths.Combine(folder);
                    if (File.Exists(source))
                    {
                        Copy(source, Path.Combine(Root, folder));
                        continue;
                    }

                    foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
                    {
                        var relative = Path.GetRelativePath(source, file);
                        var parts = relative.Split(Path.DirectorySeparatorChar);
                        if (parts.Contains("bin") || parts.Contains("obj"))
                        {
                            continue;
                        }

                        Copy(file, Path.Combine(Root, folder, relative));
                    }
                }

                Project = Path.Combine("samples", "QueueLint.Sample", "QueueLint.Sample.csproj");
                Before = Build(Root, Project, out var output);
                BuildOutput = output;
            }

            public string Root { get; }

            public string Project { get; }

            public List<Finding> Before { get; }

            public string BuildOutput { get; }

            public void Dispose()
            {
                try
                {
                    Directory.Delete(Root, recursive: true);
                }
                catch (IOException)
                {
                    // A temporary copy: a leftover is not worth failing the run for.
                }
            }

            private static void Copy(string source, string destination)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(source, destination);
            }
        }
    }
}
