using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using QueueLint.Tests.Package;

namespace QueueLint.Tests.EndToEnd
{
    /// <summary>
    /// A temporary copy of what a project needs to build with QueueLint from source: the repository's build files and
    /// the analyzer projects (and any other folders asked for), where end-to-end tests write their apps and run
    /// <c>dotnet build</c> and <c>dotnet format</c> without touching the repository.
    /// </summary>
    public sealed class RepositoryCopy : IDisposable
    {
        public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

        private static readonly Regex s_diagnostic = new(@"^(?<file>[^(\s][^(]*)\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error|info) (?<id>[A-Z]+\d+):", RegexOptions.Multiline | RegexOptions.Compiled);

        public RepositoryCopy(string name, params string[] folders)
        {
            Root = Path.Combine(Path.GetTempPath(), "queuelint-" + name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var copied = new[] { "Directory.Build.props", "Directory.Packages.props", "NuGet.config", "global.json", "BannedSymbols.txt" }
                .Concat(new[] { Path.Combine("src", "Analyzers"), Path.Combine("src", "CodeFixes"), Path.Combine("src", "Directory.Build.props") })
                .Concat(folders);
            foreach (var entry in copied)
            {
                CopyIn(entry);
            }
        }

        /// <summary>Copies a file or folder of the repository (without build outputs) to the same place in the copy.</summary>
        public void CopyIn(string entry)
        {
            var source = RepositoryPaths.Combine(entry);
            if (File.Exists(source))
            {
                Copy(source, Path.Combine(Root, entry));
                return;
            }

            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(source, file);
                var parts = relative.Split(Path.DirectorySeparatorChar);
                if (!parts.Contains("bin") && !parts.Contains("obj"))
                {
                    Copy(file, Path.Combine(Root, entry, relative));
                }
            }
        }

        public string Root { get; }

        /// <summary>Writes <paramref name="files"/> (name, text) into <paramref name="folder"/> under the copy.</summary>
        public void Write(string folder, params (string Name, string Text)[] files)
        {
            var directory = Path.Combine(Root, folder);
            Directory.CreateDirectory(directory);
            foreach (var (name, text) in files)
            {
                File.WriteAllText(Path.Combine(directory, name), text);
            }
        }

        internal DotNetResult Run(params string[] arguments) => DotNetCli.Run(Root, Timeout, arguments);

        /// <summary>
        /// Builds <paramref name="project"/> from scratch, which must succeed, and reads the diagnostics it prints. With
        /// <paramref name="analyzersBuilt"/>, the analyzer projects it references are taken as they were last built in
        /// this copy (their sources do not change in a test): only the project itself is restored and compiled again.
        /// </summary>
        public List<Finding> Build(string project, out string output, bool analyzersBuilt = false)
        {
            var arguments = new List<string> { "build", project, "-tl:off", "-p:TreatWarningsAsErrors=false", "--no-incremental" };
            if (analyzersBuilt)
            {
                arguments.Add("--no-dependencies");
                arguments.Add("-p:RestoreRecursive=false");
            }

            var result = Run(arguments.ToArray());
            output = result.Output;
            Assert.True(result.ExitCode == 0, result.ToString());
            return s_diagnostic.Matches(result.Output)
                .Select(m => new Finding(Path.GetFileName(m.Groups["file"].Value), int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["column"].Value), m.Groups["severity"].Value, m.Groups["id"].Value))
                .Distinct()
                .ToList();
        }

        public void Dispose() => TemporaryDirectory.TryDelete(Root);

        private static void Copy(string source, string destination)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
        }

        public sealed record Finding(string File, int Line, int Column, string Severity, string Id);
    }
}
