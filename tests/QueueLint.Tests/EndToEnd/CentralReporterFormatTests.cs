using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace QueueLint.Tests.EndToEnd
{
    /// <summary>
    /// <c>dotnet format analyzers --diagnostics QL0011</c> on a Quartz app whose jobs are spread over several files:
    /// the first fix of the first finding is the central one, so the app gains one job listener and one
    /// registration rather than a try/catch in every job, and it still builds with no QL0011 left.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    [LongRunning]
    public sealed class CentralReporterFormatTests : IDisposable
    {
        private static readonly Regex s_ql0011 = new(@"^[^(\s][^(]*\(\d+,\d+\): (warning|error|info) QL0011:", RegexOptions.Multiline | RegexOptions.Compiled);

        private readonly AppFolder _app = SharedAnalyzerCopy.CreateApp("central");
        private readonly string _project;

        public CentralReporterFormatTests()
        {
            _app.Write(
                ("App.csproj", ProjectFile),
                (".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.QL0011.severity = warning\n"),
                ("A_Jobs.cs", Jobs),
                ("B_MoreJobs.cs", MoreJobs),
                ("Startup.cs", Startup));
            _project = _app.FullPath;
        }

        [Fact]
        public void Dotnet_format_adds_one_listener_and_one_registration_for_every_Quartz_job()
        {
            var before = Build();
            Assert.True(s_ql0011.Matches(before).Count >= 3, before);

            var format = _app.Format("App.csproj", "--severity", "info", "--diagnostics", "QL0011");
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
            _app.Build("App.csproj", out var output);
            return output;
        }

        public void Dispose() => _app.Dispose();

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
