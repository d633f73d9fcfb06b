using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using QueueLint.Tests.Package;

namespace QueueLint.Tests.EndToEnd
{
    /// <summary>
    /// <c>dotnet format analyzers --diagnostics QL0011</c> on a Quartz app whose jobs are spread over several files:
    /// the first fix of the first finding is the central one, so the app gains one job listener and one
    /// registration rather than a try/catch in every job, and it still builds with no QL0011 left.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    public sealed class CentralReporterFormatTests : IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
        private static readonly Regex s_ql0011 = new(@"^[^(\s][^(]*\(\d+,\d+\): (warning|error|info) QL0011:", RegexOptions.Multiline | RegexOptions.Compiled);

        private readonly string _root;
        private readonly string _project;

        public CentralReporterFormatTests()
        {
            _root = Path.Combine(Path.GetTempPath(), "queuelint-central-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "NuGet.config", "global.json", "BannedSymbols.txt" })
            {
                Copy(RepositoryPaths.Combine(file), Path.Combine(_root, file));
            }

            foreach (var folder in new[] { Path.Combine("src", "Analyzers"), Path.Combine("src", "CodeFixes") })
            {
                var source = RepositoryPaths.Combine(folder);
                foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
                {
                    var parts = Path.GetRelativePath(source, file).Split(Path.DirectorySeparatorChar);
                    if (!parts.Contains("bin") && !parts.Contains("obj"))
                    {
                        Copy(file, Path.Combine(_root, folder, Path.GetRelativePath(source, file)));
                    }
                }
            }

            Copy(RepositoryPaths.Combine("src", "Directory.Build.props"), Path.Combine(_root, "src", "Directory.Build.props"));
            _project = Path.Combine(_root, "app");
            Directory.CreateDirectory(_project);
            File.WriteAllText(Path.Combine(_project, "App.csproj"), ProjectFile);
            File.WriteAllText(Path.Combine(_project, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.QL0011.severity = warning\n");
            File.WriteAllText(Path.Combine(_project, "A_Jobs.cs"), Jobs);
            File.WriteAllText(Path.Combine(_project, "B_MoreJobs.cs"), MoreJobs);
            File.WriteAllText(Path.Combine(_project, "Startup.cs"), Startup);
        }

        [Fact]
        public void Dotnet_format_adds_one_listener_and_one_registration_for_every_Quartz_job()
        {
            var before = Build();
            Assert.True(s_ql0011.Matches(before).Count >= 3, before);

            var format = DotNetCli.Run(_root, Timeout, new[] { "format", "analyzers", Path.Combine("app", "App.csproj"), "--severity", "info", "--diagnostics", "QL0011" });
            Assert.True(format.ExitCode == 0, format.ToString());

            var after = Build();
            Assert.True(s_ql0011.Matches(after).Count == 0, after);

            var sources = Directory.GetFiles(_project, "*.cs").Select(File.ReadAllText).ToList();
            Assert.Equal(1, sources.Sum(s => Regex.Matches(s, @"class JobFailureListener\b").Count));
            Assert.Equal(1, sources.Sum(s => Regex.Matches(s, @"AddJobListener<JobFailureListener>").Count));
            Assert.DoesNotContain("catch", File.ReadAllText(Path.Combine(_project, "A_Jobs.cs")) + File.ReadAllText(Path.Combine(_project, "B_MoreJobs.cs")));
        }

        private string Build()
        {
            var result = DotNetCli.Run(_root, Timeout, new[] { "build", Path.Combine("app", "App.csproj"), "-tl:off", "-p:TreatWarningsAsErrors=false", "--no-incremental" });
            Assert.True(result.ExitCode == 0, result.ToString());
            return result.Output;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_root, recursive: true);
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

        private const string ProjectFile = """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RootNamespace>Shop</RootNamespace>
                <IsPackable>false</IsPackable>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <MSBuildTreatWarningsAsErrors>false</MSBuildTreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Quartz" />
                <PackageReference Include="Quartz.Extensions.DependencyInjection" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="..\src\Analyzers\QueueLint.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <ProjectReference Include="..\src\CodeFixes\QueueLint.CodeFixes.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """;

        private const string Jobs = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Quartz;

            namespace Shop.Jobs;

            public class SyncJob : IJob
            {
                public async Task Execute(IJobExecutionContext context) => await new HttpClient().GetAsync("https://sync");
            }

            public class PurgeJob : IJob
            {
                public Task Execute(IJobExecutionContext context) => new HttpClient().DeleteAsync("https://purge");
            }
            """;

        private const string MoreJobs = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Quartz;

            namespace Shop.Jobs;

            public class ExportJob : IJob
            {
                public async Task Execute(IJobExecutionContext context) => await new HttpClient().GetAsync("https://export");
            }
            """;

        private const string Startup = """
            using Microsoft.Extensions.DependencyInjection;
            using Quartz;
            using Shop.Jobs;

            namespace Shop;

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddQuartz(q =>
                    {
                        q.AddJob<SyncJob>(j => j.WithIdentity("sync"));
                        q.AddJob<PurgeJob>(j => j.WithIdentity("purge"));
                        q.AddJob<ExportJob>(j => j.WithIdentity("export"));
                    });
                }
            }
            """;
    }
}
