using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.UnboundedRetriesAnalyzer, QueueLint.CodeFixes.Rules.UnboundedRetriesFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0021UnboundedRetriesTests
    {
        [Fact]
        public Task A_reconnect_loop_a_hosted_service_starts_is_a_suggestion_and_its_capped_delay_is_read()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class BrokerWorker(ILogger<BrokerWorker> logger) : IHostedService
                {
                    private readonly CancellationTokenSource _stop = new();

                    public Task StartAsync(CancellationToken cancellationToken)
                    {
                        _ = Task.Run(async () =>
                        {
                            var attempt = 0;
                            {|#0:while (true)|}
                            {
                                attempt++;
                                try
                                {
                                    await ConnectAsync();
                                    break;
                                }
                                catch (Exception e)
                                {
                                    var waitMs = attempt >= 6 ? 60_000 : attempt * 10_000;
                                    logger.LogError(e, "Failed to connect; waiting {WaitMs} ms", waitMs);
                                    await Task.Delay(waitMs, _stop.Token);
                                }
                            }
                        });
                        return Task.CompletedTask;
                    }

                    public Task StopAsync(CancellationToken cancellationToken)
                    {
                        _stop.Cancel();
                        return Task.CompletedTask;
                    }

                    private static Task ConnectAsync() => Task.CompletedTask;
                }

                public class SyncJob
                {
                    public async Task Run()
                    {
                        var attempt = 0;
                        {|#1:while (true)|}
                        {
                            attempt++;
                            try
                            {
                                await new HttpClient().GetAsync("https://sync");
                                return;
                            }
                            catch (HttpRequestException)
                            {
                                var waitMs = attempt * 1_000;
                                await Task.Delay(waitMs);
                            }
                        }
                    }

                    public static void Schedule() => BackgroundJob.Enqueue<SyncJob>(job => job.Run());
                }
                """,
                Verify.Diagnostic("QL0021").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Retry loop", "forever, linear delays", "10"),
                Verify.Diagnostic("QL0021").WithLocation(1).WithArguments("Retry loop", "forever, linear delays", "10"));

        [Fact]
        public Task A_recursion_that_turns_its_retry_flag_off_retries_once()
            => Verify.VerifyAnalyzerAsync(RetrySnippets.RecursionTurningRetryOff);

        [Fact]
        public Task An_onRetry_that_throws_bounds_the_policy()
            => Verify.VerifyAnalyzerAsync(RetrySnippets.OnRetryMethod);

        [Fact]
        public Task Retrying_by_recursion_on_a_failure_status_without_a_checked_counter_is_reported()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Gateway
                {
                    private static readonly TimeSpan FixedDelay = TimeSpan.FromSeconds(2);
                    private readonly HttpClient _http = new();

                    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
                    {
                        var response = await _http.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode == 503)
                        {
                            await Task.Delay(FixedDelay);
                            return await {|#0:SendAsync(request)|};
                        }

                        return response;
                    }

                    public async Task<HttpResponseMessage> GetAsync(string url)
                    {
                        var response = await _http.GetAsync(url);
                        if ((int)response.StatusCode is 429 or 503)
                        {
                            await Task.Delay(1000);
                            return await {|#1:GetAsync(url)|};
                        }

                        return response;
                    }

                    public async Task<HttpResponseMessage> AtOnce(string url)
                    {
                        var response = await _http.GetAsync(url);
                        if (!response.IsSuccessStatusCode)
                        {
                            return await {|#2:AtOnce(url)|};
                        }

                        return response;
                    }

                    public async Task<HttpResponseMessage> Counted(string url, int attempt = 0)
                    {
                        var response = await _http.GetAsync(url);
                        if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 3)
                        {
                            await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(100)));
                            return await Counted(url, attempt + 1);
                        }

                        return response;
                    }

                    public async Task<HttpResponseMessage> CountedFlat(string url, int attempt = 0)
                    {
                        var response = await _http.GetAsync(url);
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 3)
                        {
                            await Task.Delay(500);
                            return await CountedFlat(url, attempt + 1);
                        }

                        return response;
                    }

                    public async Task<HttpResponseMessage> HonoursRetryAfter(string url)
                    {
                        var response = await _http.GetAsync(url);
                        if (response.StatusCode == HttpStatusCode.TooManyRequests)
                        {
                            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                            return await {|#3:HonoursRetryAfter(url)|};
                        }

                        return response;
                    }

                    public async Task<int> CountPages(string url, int page)
                    {
                        var response = await _http.GetAsync(url + page);
                        if (response.IsSuccessStatusCode)
                        {
                            return 1 + await CountPages(url, page + 1);
                        }

                        return 0;
                    }

                    public async Task<int> CountOk(string url, int page)
                    {
                        var response = await _http.GetAsync(url + page);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            return 1 + await CountOk(url, page + 1);
                        }

                        return 0;
                    }
                }

                public class Folder
                {
                    public Folder[] Children { get; set; } = Array.Empty<Folder>();

                    public HttpStatusCode StatusCode { get; set; }

                    public int Count()
                    {
                        var total = 1;
                        foreach (var child in Children)
                        {
                            if (child.StatusCode == HttpStatusCode.OK)
                            {
                                total += child.Count();
                            }
                        }

                        return total;
                    }
                }
                """,
                Verify.Diagnostic("QL0021").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Retry loop", "forever, a constant delay apart", "10"),
                Verify.Diagnostic("QL0021").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("Retry loop", "forever, 1 s apart", "10"),
                Verify.Diagnostic("QL0021").WithSeverity(DiagnosticSeverity.Info).WithLocation(2).WithArguments("Retry loop", "forever, at once", "10"),
                Verify.Diagnostic("QL0021").WithSeverity(DiagnosticSeverity.Info).WithLocation(3).WithArguments("Retry loop", "forever, delays not known", "10"));

        [Fact]
        public Task Walking_an_exception_chain_is_not_an_unbounded_retry()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public static class Failures
                {
                    public static bool IsThrottled(Exception exception)
                    {
                        var ex = exception;
                        while (true)
                        {
                            if (ex is HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests })
                            {
                                return true;
                            }

                            if (ex.InnerException is null)
                            {
                                return false;
                            }

                            ex = ex.InnerException;
                        }
                    }

                    public static string Describe(Exception exception)
                    {
                        Exception? e = exception;
                        while (true)
                        {
                            try
                            {
                                return Format(e);
                            }
                            catch (InvalidOperationException)
                            {
                                e = e?.InnerException;
                                if (e is null)
                                {
                                    return "unknown";
                                }
                            }
                        }
                    }

                    public static bool WasRejected(HttpResponseMessage response)
                    {
                        while (true)
                        {
                            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                            {
                                return true;
                            }

                            return false;
                        }
                    }

                    private static string Format(Exception e) => e.Message;
                }

                public class Client
                {
                    private readonly HttpClient _http = new();

                    public async Task<HttpResponseMessage> UntilAccepted()
                    {
                        {|#0:while (true)|}
                        {
                            var response = await _http.GetAsync("https://example.com");
                            if (response.StatusCode != HttpStatusCode.TooManyRequests)
                            {
                                return response;
                            }
                        }
                    }
                }
                """,
                Verify.Diagnostic("QL0021").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Retry loop", "forever, at once", "10"));

        [Fact]
        public Task Every_unbounded_shape_is_reported_with_its_schedule()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Hangfire;
                using MassTransit;
                using Polly;
                using Polly.Retry;

                public class Retries
                {
                    public static readonly ISyncPolicy Forever = Policy.Handle<HttpRequestException>().{|#0:RetryForever|}();
                    public static readonly IAsyncPolicy WaitForever = Policy.Handle<HttpRequestException>()
                        .{|#1:WaitAndRetryForeverAsync|}(attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)));
                    public static readonly ISyncPolicy Max = Policy.Handle<HttpRequestException>().Retry({|#2:int.MaxValue|});
                    public static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { {|#3:MaxRetryAttempts = int.MaxValue|}, BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                        .Build();

                    public void Configure(IReceiveEndpointConfigurator endpoint)
                        => endpoint.UseMessageRetry(r => r.Immediate({|#4:int.MaxValue|}));

                    [AutomaticRetry({|#5:Attempts = int.MaxValue|})]
                    public void Endless() { }

                    [AutomaticRetry({|#6:Attempts = 50|})]
                    public void Many() { }

                    [AutomaticRetry(Attempts = 10)]
                    public void HangfireDefault() { }

                    [AutomaticRetry]
                    public void Default() { }

                    public static readonly ISyncPolicy Bounded = Policy.Handle<HttpRequestException>().Retry(100);

                    public async Task Spin(HttpClient http)
                    {
                        {|#7:while (true)|}
                        {
                            try
                            {
                                await http.GetStringAsync("https://example.com");
                                return;
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay(1000);
                            }
                        }
                    }

                    public async Task GivesUp(HttpClient http)
                    {
                        var attempt = 0;
                        while (true)
                        {
                            try
                            {
                                await http.GetStringAsync("https://example.com");
                                return;
                            }
                            catch (HttpRequestException) when (attempt < 5)
                            {
                                attempt++;
                            }
                            catch (HttpRequestException)
                            {
                                throw;
                            }
                        }
                    }

                    public async Task FilterGivesUp(HttpClient http)
                    {
                        var attempt = 0;
                        while (true)
                        {
                            try
                            {
                                await http.GetStringAsync("https://example.com");
                                return;
                            }
                            catch (HttpRequestException) when (attempt < 5)
                            {
                                attempt++;
                                await Task.Delay(1000);
                            }
                        }
                    }

                    public void Again(int id)
                    {
                        try
                        {
                            Console.WriteLine(id);
                        }
                        catch (TimeoutException)
                        {
                            {|#8:Again(id)|};
                        }
                    }

                    public void Counted(int id, int attempt)
                    {
                        try
                        {
                            Console.WriteLine(id);
                        }
                        catch (TimeoutException) when (attempt < 3)
                        {
                            Counted(id, attempt + 1);
                        }
                    }
                }
                """,
                Verify.Diagnostic("QL0021").WithLocation(0).WithArguments("Polly retry policy", "forever, at once", "10"),
                Verify.Diagnostic("QL0021").WithLocation(1).WithArguments("Polly retry policy", "forever, exponential delays", "10"),
                Verify.Diagnostic("QL0021").WithLocation(2).WithArguments("Polly retry policy", "forever, at once", "10"),
                Verify.Diagnostic("QL0021").WithLocation(3).WithArguments("Polly retry strategy", "forever, exponential delays with jitter", "10"),
                Verify.Diagnostic("QL0021").WithLocation(4).WithArguments("MassTransit retry policy", "forever, at once", "10"),
                Verify.Diagnostic("QL0021").WithLocation(5).WithArguments("Hangfire automatic retry", "forever, growing delays", "10"),
                Verify.Diagnostic("QL0021").WithLocation(6).WithArguments("Hangfire automatic retry", "50 attempts, growing delays", "10"),
                Verify.Diagnostic("QL0021").WithSeverity(DiagnosticSeverity.Info).WithLocation(7).WithArguments("Retry loop", "forever, 1 s apart", "10"),
                Verify.Diagnostic("QL0021").WithSeverity(DiagnosticSeverity.Info).WithLocation(8).WithArguments("Retry loop", "forever, at once", "10"));

        [Fact]
        public async Task The_bound_is_configurable()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using Hangfire;

                    public class Jobs
                    {
                        [AutomaticRetry(Attempts = 15)]
                        public void Fine() { }

                        [AutomaticRetry({|#0:Attempts = 25|})]
                        public void TooMany() { }
                    }
                    """,
                FixedCode = """
                    using Hangfire;

                    public class Jobs
                    {
                        [AutomaticRetry(Attempts = 15)]
                        public void Fine() { }

                        [AutomaticRetry(Attempts = 20)]
                        public void TooMany() { }
                    }
                    """,
                EditorConfig = "QL0021.max_attempts = 20",
            };
            test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0021").WithLocation(0).WithArguments("Hangfire automatic retry", "25 attempts, growing delays", "20"));
            await test.RunAsync();
        }

        [Fact]
        public Task Fixes_bound_the_attempts()
            => Verify.VerifyCodeFixAsync("""
                using System;
                using System.Net.Http;
                using Hangfire;
                using MassTransit;
                using Polly;
                using Polly.Retry;

                public class Retries
                {
                    public static readonly ISyncPolicy Forever = Policy.Handle<HttpRequestException>().{|QL0021:RetryForever|}();
                    public static readonly ISyncPolicy Logged = Policy.Handle<HttpRequestException>().{|QL0021:RetryForever|}(exception => Console.WriteLine(exception.Message));
                    public static readonly ISyncPolicy Counted = Policy.Handle<HttpRequestException>().{|QL0021:RetryForever|}((Exception exception, int attempt) => Console.WriteLine(attempt));
                    public static readonly IAsyncPolicy WaitForever = Policy.Handle<HttpRequestException>()
                        .{|QL0021:WaitAndRetryForeverAsync|}(attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)));
                    public static readonly ISyncPolicy Max = Policy.Handle<HttpRequestException>().Retry({|QL0021:int.MaxValue|});
                    public static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { {|QL0021:MaxRetryAttempts = int.MaxValue|} })
                        .Build();

                    public void Configure(IReceiveEndpointConfigurator endpoint)
                        => endpoint.UseMessageRetry(r => r.Interval({|QL0021:int.MaxValue|}, TimeSpan.FromSeconds(1)));

                    [AutomaticRetry({|QL0021:Attempts = int.MaxValue|})]
                    public void Endless() { }
                }
                """, """
                using System;
                using System.Net.Http;
                using Hangfire;
                using MassTransit;
                using Polly;
                using Polly.Retry;

                public class Retries
                {
                    public static readonly ISyncPolicy Forever = Policy.Handle<HttpRequestException>().Retry(10);
                    public static readonly ISyncPolicy Logged = Policy.Handle<HttpRequestException>().Retry(10, (exception, _) => Console.WriteLine(exception.Message));
                    public static readonly ISyncPolicy Counted = Policy.Handle<HttpRequestException>().Retry(10, (Exception exception, int attempt) => Console.WriteLine(attempt));
                    public static readonly IAsyncPolicy WaitForever = Policy.Handle<HttpRequestException>()
                        .WaitAndRetryAsync(10, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)));
                    public static readonly ISyncPolicy Max = Policy.Handle<HttpRequestException>().Retry(10);
                    public static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 10 })
                        .Build();

                    public void Configure(IReceiveEndpointConfigurator endpoint)
                        => endpoint.UseMessageRetry(r => r.Interval(10, TimeSpan.FromSeconds(1)));

                    [AutomaticRetry(Attempts = 10)]
                    public void Endless() { }
                }
                """);
    }
}
