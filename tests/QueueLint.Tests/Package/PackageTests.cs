using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace QueueLint.Tests.Package
{
    /// <summary>
    /// The QueueLint package as a consumer gets it: packed from the repository, restored from a local feed
    /// into a project outside the repository, and run by a real <c>dotnet build</c>.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    [LongRunning]
    public sealed class PackageTests : IClassFixture<PackageFixture>
    {
        private readonly PackageFixture _fixture;

        public PackageTests(PackageFixture fixture) => _fixture = fixture;

        [Fact]
        public void Package_ShipsAnalyzersAndBuildFilesOnly()
        {
            using var archive = ZipFile.OpenRead(_fixture.PackagePath);
            var entries = archive.Entries.Select(e => e.FullName).ToList();
            var listing = string.Join(Environment.NewLine, entries);

            Assert.True(entries.Contains("analyzers/dotnet/cs/QueueLint.Analyzers.dll"), listing);
            Assert.True(entries.Contains("analyzers/dotnet/cs/QueueLint.CodeFixes.dll"), listing);
            Assert.True(entries.Contains("build/QueueLint.props"), listing);
            Assert.True(entries.Contains("buildTransitive/QueueLint.props"), listing);
            Assert.True(entries.Contains("configuration/default.globalconfig"), listing);
            Assert.False(entries.Any(e => e.StartsWith("lib/", StringComparison.OrdinalIgnoreCase)), listing);

            var nuspecEntry = Assert.Single(archive.Entries, e => e.FullName == "QueueLint.nuspec");
            using var nuspecStream = nuspecEntry.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            Assert.Equal(_fixture.PackageVersion, Child(metadata, "version")?.Value);
            Assert.Equal("true", Child(metadata, "developmentDependency")?.Value);
            var dependencies = Child(metadata, "dependencies");
            Assert.True(dependencies is null || !dependencies.Descendants().Any(e => e.Name.LocalName == "dependency"), metadata.ToString());

            // The props are shipped with the version written in, not the template's placeholder.
            var props = ReadEntry(archive, "build/QueueLint.props");
            Assert.Contains($"<QueueLintVersion>{_fixture.PackageVersion}</QueueLintVersion>", props);
        }

        [Fact]
        public void Consumer_GetsQL0001AtTheEntityArgument()
        {
            var consumer = _fixture.Consumer;
            consumer.SetEditorConfig(null);

            var result = consumer.Build();

            Assert.True(result.ExitCode == 0, result.Output);
            AssertContains($"Program.cs({consumer.EntityArgumentLocation}): warning QL0001", result.Output);
        }

        [Fact]
        public void Consumer_EditorConfigSeverityNone_SilencesQL0001()
        {
            var consumer = _fixture.Consumer;
            consumer.SetEditorConfig("dotnet_diagnostic.QL0001.severity = none");

            var result = consumer.Build();

            Assert.True(result.ExitCode == 0, result.Output);
            Assert.False(result.Output.Contains("QL0001", StringComparison.Ordinal), result.Output);
        }

        [Fact]
        public void Consumer_EditorConfigSeverityError_FailsTheBuild()
        {
            var consumer = _fixture.Consumer;
            consumer.SetEditorConfig("dotnet_diagnostic.QL0001.severity = error");

            var result = consumer.Build();

            Assert.True(result.ExitCode != 0, result.Output);
            AssertContains($"Program.cs({consumer.EntityArgumentLocation}): error QL0001", result.Output);
        }

        [Fact]
        public void Consumer_CategorySeverityRaisesTheWholeCategory()
        {
            var consumer = _fixture.Consumer;
            consumer.SetEditorConfig("dotnet_analyzer_diagnostic.category-QueueLint.Payload.severity = error");

            var result = consumer.Build();

            Assert.True(result.ExitCode != 0, result.Output);
            AssertContains($"Program.cs({consumer.EntityArgumentLocation}): error QL0001", result.Output);
        }

        [Fact]
        public void Consumer_StrictPresetMakesErrors_NonePresetSilences_EditorConfigWins()
        {
            var consumer = _fixture.Consumer;
            consumer.SetEditorConfig(null);

            var strict = consumer.Build("-p:QueueLintPreset=strict");
            Assert.True(strict.ExitCode != 0, strict.Output);
            AssertContains($"Program.cs({consumer.EntityArgumentLocation}): error QL0001", strict.Output);

            // The strict preset also turns on QL0009's strict arguments: an object argument is reported.
            AssertContains($"Program.cs({consumer.EntityArgumentLocation}): error QL0009: Job 'Jobs.Run' carries 'order': it is not a simple value", strict.Output);

            var none = consumer.Build("-p:QueueLintPreset=none");
            Assert.True(none.ExitCode == 0, none.Output);
            Assert.False(none.Output.Contains("QL0001", StringComparison.Ordinal), none.Output);

            // The project's own settings win over the preset: a severity, and a rule option the preset sets.
            consumer.SetEditorConfig("dotnet_diagnostic.QL0001.severity = warning\nQL0009.strict_arguments = false");
            var overridden = consumer.Build("-p:QueueLintPreset=strict");
            Assert.True(overridden.ExitCode == 0, overridden.Output);
            AssertContains($"Program.cs({consumer.EntityArgumentLocation}): warning QL0001", overridden.Output);
            Assert.False(overridden.Output.Contains("QL0009", StringComparison.Ordinal), overridden.Output);
            consumer.SetEditorConfig(null);
        }

        [Fact]
        public void Consumer_QueueLintOptionsDeclareEntities()
        {
            var consumer = _fixture.Consumer;
            consumer.SetEditorConfig(null);
            var plain = consumer.Build();
            Assert.False(plain.Output.Contains($"Program.cs({consumer.CouponArgumentLocation})", StringComparison.Ordinal), plain.Output);

            consumer.SetEditorConfig("queuelint.entity_types = Consumer.Coupon");
            var configured = consumer.Build();
            Assert.True(configured.ExitCode == 0, configured.Output);
            AssertContains($"Program.cs({consumer.CouponArgumentLocation}): warning QL0001: Job 'Jobs.Apply' carries the entity 'Coupon'", configured.Output);
            consumer.SetEditorConfig(null);
        }

        [Fact]
        public void Consumer_JobContractFileIsPickedUpWhenItExists()
        {
            var consumer = _fixture.Consumer;
            consumer.SetEditorConfig(null);
            var contract = Path.Combine(consumer.Directory, "QueueLint.Jobs.txt");
            try
            {
                File.WriteAllText(contract, "Consumer.Jobs.Apply(Consumer.Coupon)\nConsumer.Jobs.Run(Consumer.Order)\nConsumer.RetiredJobs.Run(int)\n");
                var withContract = consumer.Build();
                Assert.True(withContract.ExitCode == 0, withContract.Output);
                AssertContains("QueueLint.Jobs.txt(3,1): warning QL0060: Job method 'Consumer.RetiredJobs.Run(int)' is listed in QueueLint.Jobs.txt but its type no longer exists", withContract.Output);
                Assert.Single(withContract.Output.Split('\n').Where(l => l.Contains("warning QL0060", StringComparison.Ordinal)).Distinct());
            }
            finally
            {
                File.Delete(contract);
            }

            var without = consumer.Build();
            Assert.True(without.ExitCode == 0, without.Output);
            Assert.False(without.Output.Contains("QL0060", StringComparison.Ordinal), without.Output);
        }

        [Fact]
        public void Consumer_WritesSarif()
        {
            var consumer = _fixture.Consumer;
            consumer.SetEditorConfig(null);
            var sarif = Path.Combine(consumer.Directory, "queuelint.sarif");

            var result = consumer.Build("-p:ErrorLog=" + sarif);

            Assert.True(result.ExitCode == 0, result.Output);
            var log = File.ReadAllText(sarif);
            AssertContains("\"QL0001\"", log);
            AssertContains(Descriptors.HelpLink("QL0001"), log);
        }

        [Fact]
        public void Consumer_PresetSelectsAShippedGlobalConfig()
        {
            var consumer = _fixture.Consumer;

            var selected = consumer.Evaluate();
            Assert.Equal(_fixture.PackageVersion, selected.Version);
            Assert.Equal("default", selected.Preset);
            Assert.Contains(selected.GlobalConfigs, path => path.Replace('\\', '/').EndsWith("/configuration/default.globalconfig", StringComparison.Ordinal));

            var strict = consumer.Evaluate("-p:QueueLintPreset=strict");
            Assert.Contains(strict.GlobalConfigs, path => path.Replace('\\', '/').EndsWith("/configuration/strict.globalconfig", StringComparison.Ordinal));
            Assert.DoesNotContain(strict.GlobalConfigs, path => path.Replace('\\', '/').EndsWith("/configuration/default.globalconfig", StringComparison.Ordinal));

            // An unknown name fails before the compiler runs, naming the presets that exist.
            var unknown = consumer.Build("-p:QueueLintPreset=no-such-preset");
            Assert.True(unknown.ExitCode != 0, unknown.Output);
            AssertContains("QueueLintPreset 'no-such-preset' is not a preset of QueueLint", unknown.Output);
            foreach (var preset in new[] { "default", "recommended", "strict", "none" })
            {
                AssertContains(preset, unknown.Output);
            }
        }

        private static XElement? Child(XElement parent, string localName) =>
            parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

        private static string ReadEntry(ZipArchive archive, string name)
        {
            using var reader = new StreamReader(archive.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        private static void AssertContains(string expected, string output) =>
            Assert.True(output.Contains(expected, StringComparison.Ordinal), $"Expected \"{expected}\" in:{Environment.NewLine}{output}");
    }
}
