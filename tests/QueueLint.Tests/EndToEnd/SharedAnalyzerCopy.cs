using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using QueueLint.Tests.Package;

namespace QueueLint.Tests.EndToEnd
{
    /// <summary>
    /// One copy of the repository's build files and analyzer projects, built once per test run and shared by the
    /// end-to-end tests that write small apps referencing the analyzers from source (as the sample does). Each app
    /// lives in a folder of its own in the copy and is built without building the analyzers again: they compile once
    /// for the whole run instead of twice per test.
    /// </summary>
    internal static class SharedAnalyzerCopy
    {
        private static readonly Lazy<RepositoryCopy> s_copy = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The copy, its analyzers built; what a test adds to it, it removes.</summary>
        public static RepositoryCopy Repository => s_copy.Value;

        /// <summary>A new, empty folder for an app, directly under the copy's root (so <c>..\src\…</c> reaches the analyzers).</summary>
        public static AppFolder CreateApp(string name) => new(s_copy.Value, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        private static RepositoryCopy Create()
        {
            var copy = new RepositoryCopy("e2e");
            var result = copy.Run("build", Path.Combine("src", "CodeFixes", "QueueLint.CodeFixes.csproj"), "-tl:off", "-p:TreatWarningsAsErrors=false");
            if (result.ExitCode != 0)
            {
                copy.Dispose();
                throw new InvalidOperationException("The shared analyzer build failed:\n" + result);
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => copy.Dispose();
            return copy;
        }
    }

    /// <summary>An app's folder in <see cref="SharedAnalyzerCopy"/>; deleted on dispose.</summary>
    internal sealed class AppFolder : IDisposable
    {
        private readonly RepositoryCopy _copy;

        public AppFolder(RepositoryCopy copy, string folder)
        {
            _copy = copy;
            Folder = folder;
            Directory.CreateDirectory(FullPath);
        }

        /// <summary>The folder's name under the copy's root.</summary>
        public string Folder { get; }

        public string FullPath => Path.Combine(_copy.Root, Folder);

        public void Write(params (string Name, string Text)[] files) => _copy.Write(Folder, files);

        /// <summary>Builds a project of this folder from scratch (the analyzers as already built) and reads its diagnostics.</summary>
        public List<RepositoryCopy.Finding> Build(string projectFile, out string output)
            => _copy.Build(Path.Combine(Folder, projectFile), out output, analyzersBuilt: true);

        /// <summary><c>dotnet format analyzers</c> on a project of this folder, restored by an earlier <see cref="Build"/>.</summary>
        public DotNetResult Format(string projectFile, params string[] arguments)
            => _copy.Run(new[] { "format", "analyzers", Path.Combine(Folder, projectFile), "--no-restore" }.Concat(arguments).ToArray());

        public void Dispose() => TemporaryDirectory.TryDelete(FullPath);
    }
}
