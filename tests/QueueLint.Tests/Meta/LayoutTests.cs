using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace QueueLint.Tests.Meta
{
    /// <summary>
    /// The layout docs/architecture.md describes: rules read model words, never a framework's name, and the model's
    /// files live in the folder of their concern.
    /// </summary>
    public class LayoutTests
    {
        // The model's entry points, the only files directly under Model/ (docs/architecture.md, "The model, by concern").
        private static readonly string[] s_modelRoot = { "JobFramework.cs", "JobModel.cs", "KnownSymbols.cs", "Reporting.cs", "SourceTypes.cs" };

        private static readonly string[] s_modelFolders = { "Data", "Enqueue", "Failures", "Hangfire", "Jobs", "Retries", "Scheduling", "Serialization", "Syntax" };

        [Fact]
        public void No_rule_names_a_framework()
        {
            var offenders = Directory.GetFiles(RepositoryPaths.Combine("src", "Analyzers", "Rules"), "*.cs", SearchOption.AllDirectories)
                .Where(path => Regex.IsMatch(File.ReadAllText(path), @"\bJobFramework\b"))
                .Select(Path.GetFileName)
                .ToArray();

            Assert.True(offenders.Length == 0, "Rules read what an adapter says a framework does (EnqueueTraits and the like), not JobFramework: " + string.Join(", ", offenders));
        }

        [Fact]
        public void Model_files_live_in_the_folder_of_their_concern()
        {
            var model = RepositoryPaths.Combine("src", "Analyzers", "Model");
            var loose = Directory.GetFiles(model, "*.cs").Select(Path.GetFileName).Except(s_modelRoot, StringComparer.Ordinal).ToArray();
            var folders = Directory.GetDirectories(model).Select(Path.GetFileName).Where(name => name is not ("bin" or "obj")).ToArray();

            Assert.True(loose.Length == 0, "Put these in the folder of their concern (docs/architecture.md): " + string.Join(", ", loose));
            Assert.Equal(s_modelFolders, folders.OrderBy(name => name, StringComparer.Ordinal).ToArray());
        }

        [Fact]
        public void Model_namespaces_follow_folders()
        {
            var model = RepositoryPaths.Combine("src", "Analyzers", "Model");
            foreach (var path in Directory.GetFiles(model, "*.cs", SearchOption.AllDirectories))
            {
                var folder = Path.GetRelativePath(model, Path.GetDirectoryName(path)!);
                var expected = folder == "." ? "QueueLint.Model" : "QueueLint.Model." + folder.Replace(Path.DirectorySeparatorChar, '.');
                var declared = Regex.Match(File.ReadAllText(path), @"^namespace ([\w.]+)", RegexOptions.Multiline).Groups[1].Value;
                Assert.True(declared == expected, $"{Path.GetRelativePath(model, path)} declares namespace {declared}, expected {expected}");
            }
        }
    }
}
