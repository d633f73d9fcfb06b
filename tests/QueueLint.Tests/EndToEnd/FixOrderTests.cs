using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace QueueLint.Tests.EndToEnd
{
    /// <summary>
    /// <c>dotnet format analyzers</c> asks the first finding of a rule for its fix and applies that fix's Fix All.
    /// Here every payload rule with a fix, and the retry rules, has an unfixable finding first (in the first file): every
    /// fixable finding after it must still be fixed, and the result must build. The same for QL0014, whose settings that
    /// discard failures have no fix and come before a hosted service that does.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    [LongRunning]
    public sealed class FixOrderTests : IDisposable
    {
        private static readonly string[] s_rules = { "QL0001", "QL0002", "QL0003", "QL0004", "QL0006", "QL0007", "QL0008", "QL0020", "QL0021" };

        private readonly List<AppFolder> _apps = new();

        [Fact]
        public void Dotnet_format_fixes_every_fixable_finding_when_the_first_one_has_no_fix()
        {
            var app = CreateApp("fixorder");
            app.Write(("App.csproj", ProjectFile), (".editorconfig", EditorConfig), ("A_Unfixable.cs", Unfixable), ("B_Fixable.cs", Fixable), ("C_Model.cs", Model));
            var before = app.Build("App.csproj", out var beforeOutput);
            foreach (var id in s_rules)
            {
                Assert.True(before.Any(d => d.Id == id && d.File == "A_Unfixable.cs"), id + " has no unfixable finding:\n" + beforeOutput);
                Assert.True(before.Any(d => d.Id == id && d.File == "B_Fixable.cs"), id + " has no fixable finding:\n" + beforeOutput);
            }

            var format = app.Format("App.csproj", new[] { "--severity", "info", "--diagnostics" }.Concat(s_rules).ToArray());
            Assert.True(format.ExitCode == 0, format.ToString());

            var after = app.Build("App.csproj", out var afterOutput);
            Assert.DoesNotContain(after, d => d.Severity == "error");
            foreach (var id in s_rules)
            {
                var fixable = after.Where(d => d.Id == id && d.File != "A_Unfixable.cs").ToList();
                Assert.True(fixable.Count == 0, id + " left fixable findings:\n" + string.Join("\n", fixable) + "\n" + format.Output + "\n" + afterOutput);
                Assert.Equal(before.Count(d => d.Id == id && d.File == "A_Unfixable.cs"), after.Count(d => d.Id == id && d.File == "A_Unfixable.cs"));
            }
        }

        [Fact]
        public void Dotnet_format_guards_hosted_services_when_a_discard_setting_comes_first()
        {
            var app = CreateApp("hosted");
            app.Write(("Hosted.csproj", HostedProjectFile), ("A_Discard.cs", Discard), ("B_Worker.cs", Worker));

            var before = app.Build("Hosted.csproj", out var beforeOutput);
            Assert.True(before.Count(d => d.Id == "QL0014" && d.File == "A_Discard.cs") == 2, beforeOutput);
            Assert.True(before.Count(d => d.Id == "QL0014" && d.File == "B_Worker.cs") == 2, beforeOutput);

            var format = app.Format("Hosted.csproj", "--severity", "info", "--diagnostics", "QL0014");
            Assert.True(format.ExitCode == 0, format.ToString());

            var after = app.Build("Hosted.csproj", out var afterOutput);
            Assert.DoesNotContain(after, d => d.Severity == "error");
            Assert.True(!after.Any(d => d.Id == "QL0014" && d.File == "B_Worker.cs"), format.Output + "\n" + afterOutput);
            Assert.Equal(2, after.Count(d => d.Id == "QL0014" && d.File == "A_Discard.cs"));
        }

        private AppFolder CreateApp(string name)
        {
            var app = SharedAnalyzerCopy.CreateApp(name);
            _apps.Add(app);
            return app;
        }

        public void Dispose()
        {
            foreach (var app in _apps)
            {
                app.Dispose();
            }
        }

        private const string HostedProjectFile = """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RootNamespace>Shop</RootNamespace>
                <ImplicitUsings>enable</ImplicitUsings>
                <IsPackable>false</IsPackable>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <MSBuildTreatWarningsAsErrors>false</MSBuildTreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Hangfire.Core" />
                <PackageReference Include="Microsoft.Extensions.Hosting" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="..\src\Analyzers\QueueLint.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <ProjectReference Include="..\src\CodeFixes\QueueLint.CodeFixes.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """;

        private const string Discard = """
            using Hangfire;

            namespace Shop;

            public class NewsletterJobs
            {
                [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false)]
                public void Send(int issue) { }
            }

            public static class HangfireSetup
            {
                public static void Configure() => GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false });
            }
            """;

        private const string Worker = """
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;

            namespace Shop;

            public class StockPoller(ILogger<StockPoller> logger) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await Poll(stoppingToken);
                        await Task.Delay(1000, stoppingToken);
                    }
                }

                private static Task Poll(CancellationToken token) => Task.Delay(1, token).ContinueWith(_ => throw new InvalidOperationException("down"), token);
            }

            public class Warmer : BackgroundService
            {
                private readonly HttpClient _http;

                public Warmer(HttpClient http) => _http = http;

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
                    while (await timer.WaitForNextTickAsync(stoppingToken))
                    {
                        await _http.GetAsync("https://warm", stoppingToken);
                    }
                }
            }
            """;

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
                <PackageReference Include="Hangfire.Core" />
                <PackageReference Include="Microsoft.EntityFrameworkCore" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="..\src\Analyzers\QueueLint.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <ProjectReference Include="..\src\CodeFixes\QueueLint.CodeFixes.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """;

        // QL0007 is an error by default; as a warning the project builds and what is left can be counted. (Not
        // WarningsNotAsErrors: dotnet format reads that as a severity of its own and then skips the rule.)
        private const string EditorConfig = """
            root = true

            [*.cs]
            queuelint.entity_types = Shop.AuditRecord
            dotnet_diagnostic.QL0007.severity = warning
            dotnet_diagnostic.QL0003.severity = warning
            dotnet_diagnostic.QL0008.severity = warning
            """;

        private const string Unfixable = """
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Hangfire;
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class Gateway
            {
                private readonly HttpClient _http = new();

                // QL0020 (the delay) and QL0021 (the call): a retry by recursion has no fix.
                public async Task<HttpResponseMessage> SendAsync(string url)
                {
                    var response = await _http.GetAsync(url);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        await Task.Delay(1000);
                        return await SendAsync(url);
                    }

                    return response;
                }

                // A job: its retry is job code's, a warning.
                public static void Queue(IBackgroundJobClient client) => client.Enqueue<Gateway>(gateway => gateway.SendAsync("https://partner"));
            }

            public class UnfixableSites
            {
                private readonly IReports _reports;

                public UnfixableSites(IReports reports) => _reports = reports;

                public void Run(IBackgroundJobClient client, ShopDb db, AuditRecord audit, Stream stream, bool flag, int total)
                {
                    // QL0001: AuditRecord is an entity only by configuration; no context declares it.
                    client.Enqueue<AuditJobs>(j => j.Record(audit));

                    // QL0002: a stream has no placeholder.
                    client.Enqueue<AuditJobs>(j => j.Import(stream));

                    // QL0008: Reports carries [AutomaticRetry]; naming IReports would drop it.
                    BackgroundJob.Enqueue(() => _reports.Build(1));

                    // QL0007: an out parameter, not only a visibility problem.
                    client.Enqueue<AuditJobs>(j => j.Count(out total));

                    // QL0004: the enqueue is in a nested block, the commit outside it.
                    using (var transaction = db.Database.BeginTransaction())
                    {
                        if (flag)
                        {
                            client.Enqueue<AuditJobs>(j => j.Ping());
                        }

                        transaction.Commit();
                    }
                }

                // QL0003: an expression body has no statement to put a local before.
                public string Computed(IBackgroundJobClient client) => client.Enqueue<AuditJobs>(j => j.Note(Describe()));

                public void Conflict(string x, string job, string service, string instance)
                {
                    // QL0006: every name the fix would give the lambda parameter is taken.
                    var mailer = new Mailer { Sender = x };
                    BackgroundJob.Enqueue(() => mailer.Send(job + service + instance));
                }

                private static string Describe() => "now";
            }
            """;

        private const string Fixable = """
            using System.Threading;
            using Hangfire;

            namespace Shop;

            public class FixableSites
            {
                private readonly IMailer _mailer;

                public FixableSites(IMailer mailer) => _mailer = mailer;

                public void Run(IBackgroundJobClient client, ShopDb db, Order order, CancellationToken requestAborted)
                {
                    client.Enqueue<OrderJobs>(j => j.Ship(order));
                    client.Enqueue<InvoiceJobs>(j => j.Print(order));
                    client.Enqueue<AuditJobs>(j => j.Wait(requestAborted));
                    client.Enqueue<AuditJobs>(j => j.Note(Describe()));
                    BackgroundJob.Enqueue(() => _mailer.Send("a@example.com"));
                    var local = new Mailer { Sender = "shop@example.com" };
                    BackgroundJob.Enqueue(() => local.Send("b@example.com"));
                    client.Enqueue<AuditJobs>(j => j.Hidden());

                    db.Orders.Add(new Order());
                    client.Enqueue<AuditJobs>(j => j.Ping());
                    db.SaveChanges();
                }

                private static string Describe() => "now";
            }

            public class RetriedJobs
            {
                [AutomaticRetry(Attempts = 5, DelaysInSeconds = new[] { 30, 30 })]
                public void Flat() { }

                [AutomaticRetry(Attempts = int.MaxValue)]
                public void Endless() { }
            }
            """;

        private const string Model = """
            using System.IO;
            using System.Threading;
            using Hangfire;
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class Order
            {
                public int Id { get; set; }
                public decimal Total { get; set; }
            }

            public class AuditRecord
            {
                public int Id { get; set; }
            }

            public class ShopDb : DbContext
            {
                public ShopDb(DbContextOptions<ShopDb> options) : base(options) { }

                public DbSet<Order> Orders => Set<Order>();
            }

            public class OrderJobs
            {
                private readonly ShopDb _db;

                public OrderJobs(ShopDb db) => _db = db;

                public void Ship(Order order) => System.Console.WriteLine(order.Total);
            }

            // No DbContext member: the fix injects the context that declares Orders.
            public class InvoiceJobs
            {
                private readonly IMailer _mailer;

                public InvoiceJobs(IMailer mailer) => _mailer = mailer;

                public void Print(Order order) => _mailer.Send(order.Total.ToString());
            }

            public class AuditJobs
            {
                public void Record(AuditRecord record) { }
                public void Import(Stream stream) { }
                public void Count(out int total) => total = 0;
                public void Ping() { }
                public void Note(string text) { }
                public void Wait(CancellationToken token) { }
                internal void Hidden() { }
            }

            public interface IMailer
            {
                void Send(string to);
            }

            public class Mailer : IMailer
            {
                public string Sender { get; set; } = "";
                public void Send(string to) { }
            }

            public interface IReports
            {
                void Build(int month);
            }

            public class Reports : IReports
            {
                [AutomaticRetry(Attempts = 3)]
                public void Build(int month) { }
            }
            """;
    }
}
