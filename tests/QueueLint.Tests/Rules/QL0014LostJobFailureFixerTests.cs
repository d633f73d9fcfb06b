using System.Threading.Tasks;
using QueueLint.CodeFixes.Rules;
using QueueLint.Rules;
using Microsoft.CodeAnalysis.Testing;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.LostJobFailureAnalyzer, QueueLint.CodeFixes.Rules.LostJobFailureFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0014LostJobFailureFixerTests
    {
        [Fact]
        public Task Guards_a_hosted_service_loop_so_one_failed_iteration_is_reported_and_the_loop_goes_on()
            => Verify.VerifyCodeFixAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Poller(HttpClient http, ILogger<Poller> log) : BackgroundService
                {
                    protected override async Task {|QL0014:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await http.GetAsync("https://poll", stoppingToken);
                            await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
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

                public class Poller(HttpClient http, ILogger<Poller> log) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try
                            {
                                await http.GetAsync("https://poll", stoppingToken);
                                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                            }
                            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                            {
                                break;
                            }
                            catch (Exception ex)
                            {
                                log.LogError(ex, "Job {Job} failed", "Poller.ExecuteAsync");
                            }
                        }
                    }
                }
                """);

        [Fact]
        public Task Logging_around_the_loop_stays_outside_the_guard()
            => Verify.VerifyCodeFixAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Grace(ILogger<Grace> logger) : BackgroundService
                {
                    protected override async Task {|QL0014:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        logger.LogDebug("Starting");
                        stoppingToken.Register(() => logger.LogDebug("Stopping"));
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await new HttpClient().GetAsync("https://grace", stoppingToken);
                            await Task.Delay(1000, stoppingToken);
                        }

                        logger.LogDebug("Stopped");
                    }
                }
                """, """
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Grace(ILogger<Grace> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        logger.LogDebug("Starting");
                        stoppingToken.Register(() => logger.LogDebug("Stopping"));
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try
                            {
                                await new HttpClient().GetAsync("https://grace", stoppingToken);
                                await Task.Delay(1000, stoppingToken);
                            }
                            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                            {
                                break;
                            }
                            catch (Exception ex)
                            {
                                logger.LogError(ex, "Job {Job} failed", "Grace.ExecuteAsync");
                            }
                        }

                        logger.LogDebug("Stopped");
                    }
                }
                """);

        [Fact]
        public Task A_body_without_a_single_loop_reports_its_failure_and_ends_the_service_not_the_host()
            => Verify.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Once : BackgroundService
                {
                    private readonly ILogger<Once> _logger;

                    public Once(ILogger<Once> logger) => _logger = logger;

                    protected override async Task {|QL0014:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested) await new HttpClient().GetAsync("https://a", stoppingToken);
                        while (!stoppingToken.IsCancellationRequested) await new HttpClient().GetAsync("https://b", stoppingToken);
                    }
                }
                """, """
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Once : BackgroundService
                {
                    private readonly ILogger<Once> _logger;

                    public Once(ILogger<Once> logger) => _logger = logger;

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        try
                        {
                            while (!stoppingToken.IsCancellationRequested) await new HttpClient().GetAsync("https://a", stoppingToken);
                            while (!stoppingToken.IsCancellationRequested) await new HttpClient().GetAsync("https://b", stoppingToken);
                        }
                        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                        {
                            throw;
                        }
                        catch (Exception ex)
                        {
                            _logger.LogError(ex, "Job {Job} failed", "Once.ExecuteAsync");
                        }
                    }
                }
                """);

        [Fact]
        public Task Guards_a_loop_that_StartAsync_leaves_running_with_the_report_method()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System;
                    using System.Net.Http;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Microsoft.Extensions.Hosting;

                    namespace App
                    {
                        public static class JobFailures
                        {
                            public static void Report(Exception exception) { }
                        }

                        public class Pump : IHostedService
                        {
                            private Task? _loop;

                            public Task StartAsync(CancellationToken cancellationToken)
                            {
                                _loop = LoopAsync(cancellationToken);
                                return Task.CompletedTask;
                            }

                            public Task StopAsync(CancellationToken cancellationToken) => _loop ?? Task.CompletedTask;

                            private async Task {|QL0014:LoopAsync|}(CancellationToken token)
                            {
                                while (!token.IsCancellationRequested)
                                {
                                    await new HttpClient().GetAsync("https://pump", token);
                                }
                            }
                        }
                    }
                    """,
                FixedCode = """
                    using System;
                    using System.Net.Http;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Microsoft.Extensions.Hosting;

                    namespace App
                    {
                        public static class JobFailures
                        {
                            public static void Report(Exception exception) { }
                        }

                        public class Pump : IHostedService
                        {
                            private Task? _loop;

                            public Task StartAsync(CancellationToken cancellationToken)
                            {
                                _loop = LoopAsync(cancellationToken);
                                return Task.CompletedTask;
                            }

                            public Task StopAsync(CancellationToken cancellationToken) => _loop ?? Task.CompletedTask;

                            private async Task LoopAsync(CancellationToken token)
                            {
                                while (!token.IsCancellationRequested)
                                {
                                    try
                                    {
                                        await new HttpClient().GetAsync("https://pump", token);
                                    }
                                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                                    {
                                        break;
                                    }
                                    catch (Exception ex)
                                    {
                                        JobFailures.Report(ex);
                                    }
                                }
                            }
                        }
                    }
                    """,
                EditorConfig = "queuelint.report_method = App.JobFailures.Report",
            };
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_all_guards_every_service_and_leaves_discard_settings_alone()
        {
            var test = new Verify.Test
            {
                TestCode = """
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Jobs
                {
                    [{|QL0014:AutomaticRetry(OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false)|}]
                    public void Silent() { }
                }

                public class First(ILogger<First> logger) : BackgroundService
                {
                    protected override async Task {|QL0014:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        while (true)
                        {
                            await new HttpClient().GetAsync("https://first", stoppingToken);
                        }
                    }
                }

                public class Second(ILogger<Second> logger) : BackgroundService
                {
                    protected override async Task {|QL0014:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        for (var i = 0; !stoppingToken.IsCancellationRequested; i++)
                            await new HttpClient().GetAsync("https://second/" + i, stoppingToken);
                    }
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Jobs>(x => x.Silent());
                }
                """,
                FixedCode = """
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Jobs
                {
                    [{|QL0014:AutomaticRetry(OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false)|}]
                    public void Silent() { }
                }

                public class First(ILogger<First> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (true)
                        {
                            try
                            {
                                await new HttpClient().GetAsync("https://first", stoppingToken);
                            }
                            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                            {
                                break;
                            }
                            catch (Exception ex)
                            {
                                logger.LogError(ex, "Job {Job} failed", "First.ExecuteAsync");
                            }
                        }
                    }
                }

                public class Second(ILogger<Second> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        for (var i = 0; !stoppingToken.IsCancellationRequested; i++)
                        {
                            try
                            {
                                await new HttpClient().GetAsync("https://second/" + i, stoppingToken);
                            }
                            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                            {
                                break;
                            }
                            catch (Exception ex)
                            {
                                logger.LogError(ex, "Job {Job} failed", "Second.ExecuteAsync");
                            }
                        }
                    }
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Jobs>(x => x.Silent());
                }
                """,
            };

            // The discard setting has no fix: it stays, with its finding.
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            return test.RunAsync();
        }

        [Fact]
        public async Task Fix_all_with_a_discard_setting_first_still_guards_the_services()
        {
            const string code = """
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                [AutomaticRetry(OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false)]
                public class Jobs
                {
                    public void Silent() { }
                }

                public class Poller(ILogger<Poller> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await new HttpClient().GetAsync("https://poll", stoppingToken);
                        }
                    }
                }
                """;

            var text = await NullKeyFixAll.RunAsync(code, "QL0014", new LostJobFailureFixer(), new LostJobFailureAnalyzer());
            Assert.Contains("logger.LogError(ex, \"Job {Job} failed\", \"Poller.ExecuteAsync\");", text);
            Assert.Contains("[AutomaticRetry(OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false)]", text);
        }
    }
}
