using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace QueueLint.Tests.Package
{
    /// <summary>
    /// A console project outside the repository that references the packed QueueLint the way users do:
    /// a PackageReference restored from a package source, next to the job and EF Core packages it analyzes.
    /// Restored once; each build after that rebuilds from scratch so that its diagnostics are always reported.
    /// </summary>
    internal sealed class ConsumerProject
    {
        private const string ProjectFile = "Consumer.csproj";

        private const string ProgramSource = """
            using Hangfire;
            using Microsoft.EntityFrameworkCore;

            namespace Consumer
            {
                public sealed class Order
                {
                    public int Id { get; set; }
                }

                public sealed class ShopContext : DbContext
                {
                    public DbSet<Order> Orders { get; set; }
                }

                // Not known to EF Core: an entity only when queuelint.entity_types says so.
                public sealed class Coupon
                {
                    public string Code { get; set; } = "";
                }

                public sealed class Jobs
                {
                    public void Run(Order order)
                    {
                    }

                    public void Apply(Coupon coupon)
                    {
                    }
                }

                public static class Program
                {
                    public static void Main()
                    {
                        var order = new Order { Id = 1 };
                        BackgroundJob.Enqueue<Jobs>(x => x.Run(order));
                        BackgroundJob.Enqueue<Jobs>(x => x.Apply(new Coupon()));
                    }
                }
            }

            """;

        private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

        private ConsumerProject(string directory, string? globalPackagesFolder)
        {
            Directory = directory;
            GlobalPackagesFolder = globalPackagesFolder;
            EntityArgumentLocation = FindArgument("x.Run(");
            CouponArgumentLocation = FindArgument("x.Apply(");
        }

        public string Directory { get; }

        /// <summary>Where restore extracted the packages, as recorded in the assets file.</summary>
        public string? GlobalPackagesFolder { get; }

        /// <summary>The <c>line,column</c> of <c>order</c> in <c>x.Run(order)</c>, as MSBuild prints it.</summary>
        public string EntityArgumentLocation { get; }

        /// <summary>The <c>line,column</c> of the argument in <c>x.Apply(new Coupon())</c>.</summary>
        public string CouponArgumentLocation { get; }

        public static ConsumerProject Create(string directory, string feedDirectory, string queueLintVersion)
        {
            System.IO.Directory.CreateDirectory(directory);

            // Only these two sources: the package under test and the public feed for the others.
            Write(directory, "nuget.config", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="queuelint-local" value="{feedDirectory}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);

            // Empty files stop MSBuild's upward search, so no settings from enclosing folders apply.
            Write(directory, "Directory.Build.props", "<Project />\n");
            Write(directory, "Directory.Build.targets", "<Project />\n");
            Write(directory, "Directory.Packages.props", "<Project />\n");

            Write(directory, ProjectFile, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="QueueLint" Version="{queueLintVersion}" />
                    <PackageReference Include="Hangfire.Core" Version="1.8.25" />
                    <PackageReference Include="Microsoft.EntityFrameworkCore" Version="10.0.15" />
                  </ItemGroup>
                </Project>
                """);
            Write(directory, "Program.cs", ProgramSource);

            WriteEditorConfig(directory, null);
            DotNetCli.RunChecked(directory, CommandTimeout, new[] { "restore", ProjectFile, "-tl:off" });
            return new ConsumerProject(directory, ReadGlobalPackagesFolder(directory));
        }

        /// <summary>Writes a root .editorconfig for the C# files, with the given lines or none.</summary>
        public void SetEditorConfig(string? settings) => WriteEditorConfig(Directory, settings);

        public DotNetResult Build(params string[] arguments) =>
            DotNetCli.Run(Directory, CommandTimeout, new[]
            {
                "build", ProjectFile, "--no-restore", "--no-incremental", "-tl:off", "-p:TreatWarningsAsErrors=false",
            }.Concat(arguments));

        /// <summary>What the package's props evaluate to in this project.</summary>
        public Evaluation Evaluate(params string[] arguments)
        {
            var result = DotNetCli.RunChecked(Directory, CommandTimeout, new[]
            {
                "msbuild", ProjectFile,
                "-getProperty:QueueLintVersion", "-getProperty:QueueLintPreset", "-getItem:GlobalAnalyzerConfigFiles",
            }.Concat(arguments));

            using var json = JsonDocument.Parse(result.StandardOutput);
            var properties = json.RootElement.GetProperty("Properties");
            var globalConfigs = new List<string>();
            if (json.RootElement.GetProperty("Items").TryGetProperty("GlobalAnalyzerConfigFiles", out var items))
            {
                globalConfigs.AddRange(items.EnumerateArray().Select(item => item.GetProperty("FullPath").GetString()!));
            }

            return new Evaluation(
                properties.GetProperty("QueueLintVersion").GetString() ?? string.Empty,
                properties.GetProperty("QueueLintPreset").GetString() ?? string.Empty,
                globalConfigs);
        }

        private static string FindArgument(string call)
        {
            var lines = ProgramSource.Split('\n');
            var line = Array.FindIndex(lines, l => l.Contains(call, StringComparison.Ordinal));
            var column = lines[line].IndexOf(call, StringComparison.Ordinal) + call.Length;
            return $"{line + 1},{column + 1}";
        }

        private static string? ReadGlobalPackagesFolder(string directory)
        {
            var assets = Path.Combine(directory, "obj", "project.assets.json");
            using var json = JsonDocument.Parse(File.ReadAllText(assets));
            return json.RootElement.TryGetProperty("packageFolders", out var folders)
                ? folders.EnumerateObject().Select(folder => folder.Name).FirstOrDefault()
                : null;
        }

        // Always present and marked root, so that no .editorconfig above the temporary folder applies.
        private static void WriteEditorConfig(string directory, string? settings) =>
            Write(directory, ".editorconfig", "root = true\n\n[*.cs]\n" + (settings is null ? string.Empty : settings + "\n"));

        private static void Write(string directory, string name, string content) =>
            File.WriteAllText(Path.Combine(directory, name), content.Replace("\r\n", "\n"));

        internal sealed record Evaluation(string Version, string Preset, IReadOnlyList<string> GlobalConfigs);
    }
}
