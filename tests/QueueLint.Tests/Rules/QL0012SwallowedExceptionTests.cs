using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.SwallowedExceptionAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0012SwallowedExceptionTests
    {
        private const string Message = "This catch in '{0}' swallows the exception{1}: the job ends as succeeded while its work failed; report the exception and rethrow";

        [Fact]
        public Task A_named_failure_caught_with_a_message_in_the_log_is_a_decision()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.Extensions.Logging;

                public class Sync
                {
                    private readonly ILogger<Sync> _logger;
                    public Sync(ILogger<Sync> logger) => _logger = logger;

                    public async Task Run()
                    {
                        try { await new HttpClient().GetAsync("https://remote"); }
                        catch (HttpRequestException)
                        {
                            _logger.LogError("The remote service is down; sync stops until the next run");
                            return;
                        }

                        try { await new HttpClient().GetAsync("https://other"); }
                        {|#0:catch (Exception)|}
                        {
                            _logger.LogInformation("Other service not set up");
                        }
                    }
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Sync>(x => x.Run());
                }
                """,
                Verify.Diagnostic("QL0012").WithLocation(0).WithArguments("Sync.Run", " (its log call drops the exception object)"));

        [Fact]
        public Task The_applications_own_exception_caught_by_name_is_its_way_out()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Hangfire;

                public class RateLimitException : Exception { }

                public class Sync
                {
                    public async Task Run(List<string> urls)
                    {
                        foreach (var url in urls)
                        {
                            try { await Fetch(url); }
                            catch (RateLimitException) { break; }
                        }

                        foreach (var url in urls)
                        {
                            try { await Fetch(url); }
                            {|#0:catch (HttpRequestException)|} { break; }
                        }
                    }

                    private static async Task Fetch(string url)
                    {
                        var response = await new HttpClient().GetAsync(url);
                        if ((int)response.StatusCode == 429) throw new RateLimitException();
                    }
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Sync>(x => x.Run(new List<string>()));
                }
                """,
                Verify.Diagnostic("QL0012").WithLocation(0).WithArguments("Sync.Run", ""));

        [Fact]
        public Task Catches_that_give_up_quietly_are_reported_in_job_code_and_what_it_calls()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.Extensions.Logging;

                public class Mailer
                {
                    private readonly ILogger<Mailer> _logger;
                    public Mailer(ILogger<Mailer> logger) => _logger = logger;

                    public async Task<bool> Send(int orderId)
                    {
                        try { await new HttpClient().GetAsync("https://a"); }
                        {|#0:catch|} { }

                        try { await new HttpClient().GetAsync("https://b"); }
                        {|#1:catch (HttpRequestException)|} { return false; }

                        try { await new HttpClient().GetAsync("https://c"); }
                        {|#2:catch (Exception ex)|} when (orderId > 0)
                        {
                            _logger.LogWarning("Sending failed: {Reason}", ex.Message);
                        }

                        foreach (var id in new[] { 1, 2 })
                        {
                            Clean("outbox-" + id);
                            try { await Deliver(id); }
                            {|#3:catch (Exception)|}
                            {
                                // try the next one
                                continue;
                            }
                        }

                        return true;
                    }

                    private async Task Deliver(int id)
                    {
                        try { await new HttpClient().GetAsync("https://d/" + id); }
                        catch (Exception ex) { Console.WriteLine("failed: " + ex.Message); }
                    }

                    // A helper that gives up on one named failure handles a case it expects; a catch-all that gives up
                    // on everything does not.
                    private static void Clean(string dir)
                    {
                        try { System.IO.Directory.Delete(dir); }
                        catch (System.IO.DirectoryNotFoundException) { }

                        try { System.IO.File.Delete(dir + ".lock"); }
                        {|#4:catch|} { }
                    }
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Mailer>(x => x.Send(1));
                }
                """,
                Verify.Diagnostic("QL0012").WithLocation(0).WithMessage(string.Format(Message, "Mailer.Send", "")),
                Verify.Diagnostic("QL0012").WithLocation(1).WithArguments("Mailer.Send", ""),
                Verify.Diagnostic("QL0012").WithLocation(2).WithArguments("Mailer.Send", " (its log call drops the exception object)"),
                Verify.Diagnostic("QL0012").WithLocation(3).WithArguments("Mailer.Send", ""),
                Verify.Diagnostic("QL0012").WithLocation(4).WithArguments("Mailer.Clean", ""));

        [Fact]
        public Task A_fallback_that_the_calling_job_takes_as_real_data_is_reported()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.Extensions.Logging;

                public class Report
                {
                    public int Sent { get; set; }
                    public string Name { get; set; } = "";
                    public List<string> Lines { get; } = new();
                }

                public class Stats
                {
                    private readonly ILogger<Stats> _logger;
                    public Stats(ILogger<Stats> logger) => _logger = logger;

                    public async Task<(int Sent, int Failed)> Count()
                    {
                        try { return (int.Parse(await new HttpClient().GetStringAsync("https://a")), 0); }
                        {|#0:catch (Exception)|} { return (0, 0); }
                    }

                    public async Task<Report> Load(int id)
                    {
                        try { return new Report { Name = await new HttpClient().GetStringAsync("https://r/" + id) }; }
                        {|#1:catch|} { _logger.LogWarning("Loading failed"); return null!; }
                    }

                    public List<string> Lines()
                    {
                        try { return System.IO.File.ReadAllLines("/data/lines").ToList(); }
                        {|#2:catch (Exception)|} { return new List<string>(); }
                    }

                    public string[] Names()
                    {
                        try { return System.IO.File.ReadAllLines("/data/names"); }
                        {|#3:catch (Exception)|} { return Array.Empty<string>(); }
                    }

                    // Quiet: every caller checks the fallback, drops it, or the method says so with an out parameter.
                    public Report? Find(int id)
                    {
                        try { return new Report { Name = System.IO.File.ReadAllText("/r/" + id) }; }
                        catch (Exception) { return null; }
                    }

                    public List<string> Tags()
                    {
                        try { return System.IO.File.ReadAllLines("/data/tags").ToList(); }
                        catch (Exception) { return new List<string>(); }
                    }

                    public int Touch()
                    {
                        try { System.IO.File.SetLastWriteTimeUtc("/data/touch", DateTime.UtcNow); return 1; }
                        catch (Exception) { return 0; }
                    }

                    public bool TryRead(out string text)
                    {
                        try { text = System.IO.File.ReadAllText("/data/x"); return true; }
                        catch (Exception) { text = ""; return false; }
                    }

                    // Quiet: a specific exception is a handled case, not a catch-all.
                    public Report? Cached(int id)
                    {
                        try { return new Report { Name = System.IO.File.ReadAllText("/c/" + id) }; }
                        catch (System.IO.FileNotFoundException) { return null; }
                    }

                    // Quiet: a "Safe" helper promises the fallback instead of an exception.
                    public static int SafeCount(string text)
                    {
                        try { return int.Parse(text); }
                        catch { return 0; }
                    }

                    // Quiet: a text of its own says what went wrong, as a log call would.
                    public static string DescribeError(string body)
                    {
                        try { return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("message").GetString() ?? "unknown_error"; }
                        catch { return "error_body_unreadable"; }
                    }
                }

                public class ReportJob
                {
                    private readonly Stats _stats;
                    public ReportJob(Stats stats) => _stats = stats;

                    public async Task Run(int id)
                    {
                        var (sent, failed) = await _stats.Count();
                        var report = await _stats.Load(id);
                        report.Sent = sent + failed + Stats.SafeCount("3");
                        report.Lines.AddRange(_stats.Lines());
                        Save(_stats.Names());

                        var found = _stats.Find(id);
                        if (found is null) return;
                        var name = _stats.Find(id + 1)?.Name ?? "none";
                        var tags = _stats.Tags();
                        if (tags.Count == 0) return;
                        _stats.Touch();
                        _stats.Cached(id)?.Lines.Clear();
                        if (_stats.TryRead(out var text)) Save(new[] { text, name, Stats.DescribeError(text) });
                    }

                    private static void Save(string[] names) { }
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<ReportJob>(x => x.Run(1));
                }
                """,
                Verify.Diagnostic("QL0012").WithLocation(0).WithArguments("Stats.Count", " and returns a fallback value that 'ReportJob.Run' treats as real data"),
                Verify.Diagnostic("QL0012").WithLocation(1).WithArguments("Stats.Load", " and returns a fallback value that 'ReportJob.Run' treats as real data"),
                Verify.Diagnostic("QL0012").WithLocation(2).WithArguments("Stats.Lines", " and returns a fallback value that 'ReportJob.Run' treats as real data"),
                Verify.Diagnostic("QL0012").WithLocation(3).WithArguments("Stats.Names", " and returns a fallback value that 'ReportJob.Run' treats as real data"));

        [Fact]
        public Task Catches_that_report_rethrow_handle_or_stop_on_cancellation_are_quiet()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Worker : BackgroundService
                {
                    private readonly ILogger<Worker> _logger;
                    private int _failures;
                    public Worker(ILogger<Worker> logger) => _logger = logger;

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try { await new HttpClient().GetAsync("https://a", stoppingToken); }
                            catch (TaskCanceledException) when (stoppingToken.IsCancellationRequested) { }
                            catch (OperationCanceledException) { return; }
                            catch (HttpRequestException ex) { _logger.LogError(ex, "Poll failed"); }
                            catch (InvalidOperationException) { throw; }
                            catch (Exception ex) { _logger.Log(LogLevel.Critical, ex, "Poll failed"); }

                            try { await new HttpClient().GetAsync("https://b", stoppingToken); }
                            catch (Exception) { _failures++; await Task.Delay(1000, stoppingToken); }
                        }
                    }
                }

                public class Files : Quartz.IJob
                {
                    public async Task Execute(Quartz.IJobExecutionContext context)
                    {
                        if (!TryCreate("/tmp/x")) { throw new InvalidOperationException("no folder"); }
                        try { await new HttpClient().GetAsync("https://files"); }
                        catch (HttpRequestException)
                        {
                            // A missing mirror is expected: the next run picks it up.
                        }
                    }

                    private static void Clean(string path)
                    {
                        try { System.IO.File.Delete(path); }
                        catch
                        {
                            // best effort: the next run deletes what is left
                        }
                    }

                    private static bool TryCreate(string path)
                    {
                        Clean(path);
                        try { System.IO.Directory.CreateDirectory(path); }
                        catch (Exception) { return false; }
                        return true;
                    }
                }

                public class NotAJob
                {
                    public void Run()
                    {
                        try { Console.WriteLine(); }
                        catch { }
                    }
                }
                """);
    }
}
