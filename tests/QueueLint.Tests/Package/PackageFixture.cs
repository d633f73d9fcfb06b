using System;
using System.IO;
using System.Linq;

namespace QueueLint.Tests.Package
{
    /// <summary>
    /// Packs QueueLint once for all the tests that share it, with a version no earlier run used: NuGet never
    /// re-extracts a version already in its global packages folder, so a reused version could test a stale
    /// package.
    /// </summary>
    public sealed class PackageFixture : IDisposable
    {
        private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

        private readonly Lazy<ConsumerProject> _consumer;

        public PackageFixture()
        {
            RepositoryRoot = RepositoryPaths.Root;
            var unique = DateTime.UtcNow.ToString("yyyyMMddHHmmss") + ".g" + Guid.NewGuid().ToString("N").Substring(0, 8);
            PackageVersion = "0.0.0-e2e." + unique;
            WorkDirectory = Path.Combine(Path.GetTempPath(), "queuelint-e2e-" + unique);
            FeedDirectory = Path.Combine(WorkDirectory, "feed");
            Directory.CreateDirectory(FeedDirectory);

            // Build outputs go to the work directory too, so that packing neither reads nor overwrites the
            // repository's own bin/ and obj/ folders.
            DotNetCli.RunChecked(RepositoryRoot, PackTimeout, new[]
            {
                "pack", Path.Combine(RepositoryRoot, "src", "Package", "QueueLint.Package.csproj"),
                "-c", "Release",
                "-o", FeedDirectory,
                "-p:Version=" + PackageVersion,
                "--artifacts-path", Path.Combine(WorkDirectory, "artifacts"),
                "-tl:off",
            });

            PackagePath = Path.Combine(FeedDirectory, $"QueueLint.{PackageVersion}.nupkg");
            if (!File.Exists(PackagePath))
            {
                throw new InvalidOperationException($"dotnet pack succeeded but did not create {PackagePath}.");
            }

            _consumer = new Lazy<ConsumerProject>(() => ConsumerProject.Create(Path.Combine(WorkDirectory, "consumer"), FeedDirectory, PackageVersion));
        }

        public string RepositoryRoot { get; }

        public string PackageVersion { get; }

        public string WorkDirectory { get; }

        /// <summary>The folder <c>dotnet pack</c> wrote to, used as the consumer's local package source.</summary>
        public string FeedDirectory { get; }

        public string PackagePath { get; }

        /// <summary>A restored consumer project, created by the first test that asks for it.</summary>
        internal ConsumerProject Consumer => _consumer.Value;

        public void Dispose()
        {
            // The unique version would otherwise stay in the global packages folder after every run.
            if (_consumer.IsValueCreated && _consumer.Value.GlobalPackagesFolder is { } packages)
            {
                var packageFolder = Path.Combine(packages, "queuelint");
                TemporaryDirectory.TryDelete(Path.Combine(packageFolder, PackageVersion.ToLowerInvariant()));
                if (Directory.Exists(packageFolder) && !Directory.EnumerateFileSystemEntries(packageFolder).Any())
                {
                    TemporaryDirectory.TryDelete(packageFolder);
                }
            }

            TemporaryDirectory.TryDelete(WorkDirectory);
        }
    }
}
