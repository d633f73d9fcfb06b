using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;

namespace QueueLint.Bench
{
    /// <summary>
    /// Writes a generated solution as a project that builds with QueueLint from this repository: the packages the
    /// benchmark compiles against, at the versions pinned in <c>Directory.Packages.props</c>, and QueueLint's analyzer
    /// project as an analyzer reference, with <c>ReportAnalyzer</c> on so that a detailed build log shows each
    /// analyzer's time.
    /// </summary>
    internal static class BuildableSolution
    {
        private static readonly string[] s_packages =
        {
            "Hangfire.Core", "Quartz", "MassTransit", "Polly", "Polly.Core", "Microsoft.EntityFrameworkCore",
            "Microsoft.Extensions.Hosting.Abstractions", "Coravel", "Rebus", "WolverineFx", "DotNetCore.CAP",
            "Microsoft.Azure.Functions.Worker", "Microsoft.Azure.Functions.Worker.Extensions.Storage.Queues", "Microsoft.Azure.Functions.Worker.Extensions.Timer",
            "Microsoft.Azure.WebJobs", "Microsoft.Azure.WebJobs.Extensions.Storage.Queues",
        };

        public static void Write(string directory, string name, IReadOnlyList<string> sources, string jobContract)
        {
            var root = FindRepositoryRoot();
            var versions = XDocument.Load(Path.Combine(root, "Directory.Packages.props"))
                .Descendants("PackageVersion")
                .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.Ordinal);

            directory = Path.GetFullPath(directory);
            if (Directory.Exists(directory))
            {
                foreach (var old in Directory.GetFiles(directory, "File*.cs"))
                {
                    File.Delete(old);
                }
            }

            Directory.CreateDirectory(directory);
            for (var i = 0; i < sources.Count; i++)
            {
                File.WriteAllText(Path.Combine(directory, $"File{i}.cs"), sources[i]);
            }

            File.WriteAllText(Path.Combine(directory, "QueueLint.Jobs.txt"), jobContract);

            var analyzers = Path.GetRelativePath(directory, Path.Combine(root, "src", "Analyzers", "QueueLint.Analyzers.csproj"));
            var project = new StringBuilder();
            project.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
            project.AppendLine($"  <!-- The benchmark's solution '{name}', written by QueueLint.Bench. -->");
            project.AppendLine("  <PropertyGroup>");
            project.AppendLine("    <TargetFramework>net10.0</TargetFramework>");
            project.AppendLine("    <LangVersion>12</LangVersion>");
            project.AppendLine("    <Nullable>enable</Nullable>");
            project.AppendLine("    <ImplicitUsings>disable</ImplicitUsings>");
            project.AppendLine("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>");
            project.AppendLine("    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>");
            project.AppendLine("    <IsPackable>false</IsPackable>");
            project.AppendLine("    <ReportAnalyzer>true</ReportAnalyzer>");
            project.AppendLine("    <!-- Steady state, as a developer's repeated builds run: the compiler server keeps QueueLint's code compiled. -->");
            project.AppendLine("    <UseSharedCompilation>true</UseSharedCompilation>");
            project.AppendLine("  </PropertyGroup>");
            project.AppendLine("  <ItemGroup>");
            project.AppendLine("    <AdditionalFiles Include=\"QueueLint.Jobs.txt\" />");
            foreach (var package in s_packages)
            {
                project.AppendLine($"    <PackageReference Include=\"{package}\" Version=\"{versions[package]}\" />");
            }

            project.AppendLine($"    <ProjectReference Include=\"{analyzers}\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />");
            project.AppendLine("  </ItemGroup>");
            project.AppendLine("</Project>");
            File.WriteAllText(Path.Combine(directory, "Generated.csproj"), project.ToString());
            Console.WriteLine($"Wrote '{name}' ({sources.Count} files) to {directory}");
        }

        private static string FindRepositoryRoot()
        {
            for (var current = new DirectoryInfo(Directory.GetCurrentDirectory()); current is not null; current = current.Parent)
            {
                if (File.Exists(Path.Combine(current.FullName, "QueueLint.sln")))
                {
                    return current.FullName;
                }
            }

            throw new InvalidOperationException("Run the benchmark from the QueueLint repository (QueueLint.sln not found above the current directory).");
        }
    }
}
