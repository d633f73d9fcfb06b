using System;
using System.IO;

namespace QueueLint.Tests
{
    /// <summary>Locates files of this repository from the test output folder.</summary>
    internal static class RepositoryPaths
    {
        private static readonly Lazy<string> s_root = new(FindRoot);

        /// <summary>The folder holding QueueLint.sln.</summary>
        public static string Root => s_root.Value;

        public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "QueueLint.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("QueueLint.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
