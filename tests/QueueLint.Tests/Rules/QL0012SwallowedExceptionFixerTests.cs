using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.SwallowedExceptionAnalyzer, QueueLint.CodeFixes.Rules.SwallowedExceptionFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0012SwallowedExceptionFixerTests
    {
        [Fact]
        public Task Reports_and_rethrows_handing_the_exception_to_log_calls_that_dropped_it()
            => Verify.VerifyCodeFixAsync("""
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
                        {|QL0012:catch|} { }

                        try { await new HttpClient().GetAsync("https://b"); }
                        {|QL0012:catch (HttpRequestException)|} { return false; }

                        try { await new HttpClient().GetAsync("https://c"); }
                        {|QL0012:catch (Exception e)|}
                        {
                            _logger.LogWarning("Sending failed: {Reason}", e.Message);
                        }

                        return true;
                    }
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Mailer>(x => x.Send(1));
                }
                """, """
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
                        catch (Exception ex)
                        {
                            _logger.LogError(ex, "Job {Job} failed for {OrderId}", "Mailer.Send", orderId);
                            throw;
                        }

                        try { await new HttpClient().GetAsync("https://b"); }
                        catch (HttpRequestException ex)
                        {
                            _logger.LogError(ex, "Job {Job} failed for {OrderId}", "Mailer.Send", orderId);
                            throw;
                        }

                        try { await new HttpClient().GetAsync("https://c"); }
                        catch (Exception e)
                        {
                            _logger.LogWarning(e, "Sending failed: {Reason}", e.Message);
                            throw;
                        }

                        return true;
                    }
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Mailer>(x => x.Send(1));
                }
                """);

        [Fact]
        public Task In_a_loop_the_catch_reports_and_the_loop_goes_on()
            => Verify.VerifyCodeFixAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Poller(ILogger<Poller> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try { await new HttpClient().GetAsync("https://poll", stoppingToken); }
                            {|QL0012:catch (Exception)|}
                            {
                                // next round
                                continue;
                            }
                        }
                    }
                }
                """, """
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Poller(ILogger<Poller> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try { await new HttpClient().GetAsync("https://poll", stoppingToken); }
                            catch (Exception ex)
                            {
                                logger.LogError(ex, "Job {Job} failed", "Poller.ExecuteAsync");
                                // next round
                                continue;
                            }
                        }
                    }
                }
                """);
    }
}
