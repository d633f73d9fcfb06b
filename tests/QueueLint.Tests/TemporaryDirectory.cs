using System;
using System.IO;

namespace QueueLint.Tests
{
    /// <summary>Cleans up the folders tests write under the temporary directory.</summary>
    internal static class TemporaryDirectory
    {
        /// <summary>Deletes <paramref name="directory"/> and everything in it, if it exists.</summary>
        public static void TryDelete(string directory)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (IOException)
            {
                // Temporary files only: a leftover is not worth failing the run for.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
