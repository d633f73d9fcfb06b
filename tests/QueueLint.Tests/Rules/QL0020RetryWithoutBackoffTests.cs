using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.RetryWithoutBackoffAnalyzer, QueueLint.CodeFixes.Rules.RetryWithoutBackoffFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0020RetryWithoutBackoffTests
    {
        private const string Polly = "Polly retry policy";
        private const string Strategy = "Polly retry strategy";
        private const string Loop = "Retry loop";

        [Fact]
        public Task A_hand_written_retry_is_a_warning_in_job_code_and_a_suggestion_elsewhere()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.Extensions.Hosting;

                public class ReportJob
                {
                    private readonly HttpClient _http = new();

                    public async Task Run()
                    {
                        {|#0:for (var attempt = 0; attempt < 5; attempt++)|}
                        {
                            try
                            {
                                await _http.GetAsync("https://reports");
                                return;
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }
                    }

                    public static void Schedule() => BackgroundJob.Enqueue<ReportJob>(job => job.Run());
                }

                public class Poller : BackgroundService
                {
                    private readonly HttpClient _http = new();

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            for (var attempt = 0; attempt < 3; attempt++)
                            {
                                try
                                {
                                    await _http.GetAsync("https://poll", stoppingToken);
                                    break;
                                }
                                catch (HttpRequestException)
                                {
                                    await {|#1:Task.Delay(TimeSpan.FromSeconds(5), stoppingToken)|};
                                }
                            }
                        }
                    }
                }

                public class Migrator : IHostedService
                {
                    public async Task StartAsync(CancellationToken cancellationToken)
                    {
                        for (var attempt = 1; attempt <= 10; attempt++)
                        {
                            try
                            {
                                await MigrateAsync(cancellationToken);
                                break;
                            }
                            catch (HttpRequestException)
                            {
                                await {|#2:Task.Delay(20000, cancellationToken)|};
                            }
                        }
                    }

                    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                    private static Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                }

                public static class Program
                {
                    public static async Task Main()
                    {
                        using var http = new HttpClient();
                        for (var i = 1; i <= 30; i++)
                        {
                            try
                            {
                                var response = await http.GetAsync("http://localhost:5000/health");
                                if (response.IsSuccessStatusCode)
                                {
                                    break;
                                }
                            }
                            catch (HttpRequestException)
                            {
                            }

                            var wait = TimeSpan.FromSeconds(1);
                            await {|#3:Task.Delay(wait)|};
                        }
                    }
                }
                """,
                Verify.Diagnostic("QL0020").WithLocation(0).WithArguments(Loop, "5 attempts, at once"),
                Verify.Diagnostic("QL0020").WithLocation(1).WithArguments(Loop, "3 attempts, 5 s apart"),
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(2).WithArguments(Loop, "10 attempts, 20 s apart"),
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(3).WithArguments(Loop, "30 attempts, 1 s apart"));

        [Fact]
        public Task A_recursion_that_turns_its_retry_flag_off_retries_once()
            => Verify.VerifyAnalyzerAsync(RetrySnippets.RecursionTurningRetryOff);

        [Fact]
        public Task An_onRetry_method_may_wait_so_the_delay_is_not_known()
            => Verify.VerifyAnalyzerAsync(RetrySnippets.OnRetryMethod);

        [Fact]
        public Task Retrying_by_recursion_on_a_failure_status_is_reported_unless_the_delay_grows()
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
                            await {|#0:Task.Delay(FixedDelay)|};
                            return await SendAsync(request);
                        }

                        return response;
                    }

                    public async Task<HttpResponseMessage> GetAsync(string url)
                    {
                        var response = await _http.GetAsync(url);
                        if ((int)response.StatusCode is 429 or 503)
                        {
                            await {|#1:Task.Delay(1000)|};
                            return await GetAsync(url);
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
                            await {|#3:Task.Delay(500)|};
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
                            return await HonoursRetryAfter(url);
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
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments(Loop, "forever, a constant delay apart"),
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments(Loop, "forever, 1 s apart"),
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(2).WithArguments(Loop, "forever, at once"),
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(3).WithArguments(Loop, "attempts set elsewhere, 500 ms apart"));

        [Fact]
        public Task Trying_again_after_a_concurrency_conflict_is_not_a_retry_loop()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.EntityFrameworkCore;

                public class Projections
                {
                    private readonly DbContext _db;
                    public Projections(DbContext db) => _db = db;

                    public async Task ApplyAsync(Func<Task> apply)
                    {
                        for (var attempt = 1; attempt <= 4; attempt++)
                        {
                            try
                            {
                                await apply();
                                await _db.SaveChangesAsync();
                                return;
                            }
                            catch (DbUpdateConcurrencyException) when (attempt < 4)
                            {
                                _db.ChangeTracker.Clear();
                            }
                            catch (DbUpdateException exception) when (attempt < 4 && exception.InnerException is not null)
                            {
                                _db.ChangeTracker.Clear();
                            }
                        }
                    }

                    // The same loop retrying any failure too is a retry.
                    public async Task CallAsync(HttpClient http)
                    {
                        {|#0:for (var attempt = 1; attempt <= 4; attempt++)|}
                        {
                            try
                            {
                                await http.GetAsync("https://p");
                                return;
                            }
                            catch (DbUpdateConcurrencyException) when (attempt < 4)
                            {
                            }
                            catch (HttpRequestException) when (attempt < 4)
                            {
                            }
                        }
                    }
                }
                """,
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Retry loop", "4 attempts, at once"));

        [Fact]
        public Task Trying_again_after_an_etag_conflict_is_not_a_retry()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Statuses
                {
                    // HTTP 412: the ETag no longer matches, another writer got there first; read again and reapply.
                    public async Task UpdateAsync(HttpClient http, Func<Task> update, int retries)
                    {
                        try
                        {
                            await update();
                        }
                        catch (HttpRequestException e)
                        {
                            if (e.StatusCode != HttpStatusCode.PreconditionFailed || retries == 0)
                            {
                                throw;
                            }

                            await UpdateAsync(http, update, retries - 1);
                        }
                    }

                    public async Task FilteredAsync(Func<Task> update, int retries)
                    {
                        try
                        {
                            await update();
                        }
                        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed && retries > 0)
                        {
                            await FilteredAsync(update, retries - 1);
                        }
                    }

                    // The same recursion retrying any failure is a retry.
                    public async Task CallAsync(HttpClient http, int retries)
                    {
                        try
                        {
                            await http.GetAsync("https://p");
                        }
                        catch (HttpRequestException) when (retries > 0)
                        {
                            await {|#0:CallAsync(http, retries - 1)|};
                        }
                    }
                }
                """,
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Retry loop", "attempts set elsewhere, at once"));

        [Fact]
        public Task Walking_an_exception_chain_is_not_a_retry_loop()
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
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Retry loop", "forever, at once"));

        [Fact]
        public Task Falling_back_to_the_next_provider_is_not_a_retry_loop()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class FallbackRates
                {
                    private readonly HttpClient[] _providers = { new(), new() };

                    public async Task<string> GetAsync()
                    {
                        for (var i = 0; i < _providers.Length; i++)
                        {
                            try
                            {
                                return await _providers[i].GetStringAsync("https://rates");
                            }
                            catch (HttpRequestException) when (i < _providers.Length - 1)
                            {
                            }
                        }

                        throw new InvalidOperationException("No provider answered");
                    }
                }
                """);

        [Fact]
        public Task Polly_v7_immediate_and_flat_schedules_are_reported()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Polly;
                using Polly.Contrib.WaitAndRetry;
                using Polly.Extensions.Http;

                public static class Policies
                {
                    public static readonly ISyncPolicy Immediate = Policy.Handle<HttpRequestException>().{|#0:Retry|}(3);
                    public static readonly IAsyncPolicy<HttpResponseMessage> Flat = HttpPolicyExtensions.HandleTransientHttpError()
                        .WaitAndRetryAsync(5, {|#2:_ => TimeSpan.FromSeconds(2)|});
                    public static readonly ISyncPolicy FlatList = Policy.Handle<TimeoutException>()
                        .WaitAndRetry({|#3:new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) }|});
                    public static readonly ISyncPolicy Constant = Policy.Handle<TimeoutException>()
                        .WaitAndRetry({|#4:Backoff.ConstantBackoff(TimeSpan.FromMilliseconds(500), 4)|});
                    public static readonly IAsyncPolicy WaitsInOnRetry = Policy.Handle<TimeoutException>()
                        .RetryAsync(3, async (exception, attempt) => await {|#5:Task.Delay(1000)|});

                    public static readonly IAsyncPolicy Once = Policy.Handle<HttpRequestException>().RetryAsync();
                    public static readonly IAsyncPolicy GrowsInOnRetry = Policy.Handle<TimeoutException>()
                        .RetryAsync(3, async (exception, attempt) => await Task.Delay(attempt * 1000));
                    public static readonly ISyncPolicy Exponential = Policy.Handle<TimeoutException>()
                        .WaitAndRetry(3, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(100)));
                    public static readonly ISyncPolicy Linear = Policy.Handle<TimeoutException>()
                        .WaitAndRetry(3, attempt => TimeSpan.FromSeconds(attempt * 2));
                    public static readonly ISyncPolicy Jittered = Policy.Handle<TimeoutException>()
                        .WaitAndRetry(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromSeconds(1), 5));
                    public static readonly ISyncPolicy GrowingList = Policy.Handle<TimeoutException>()
                        .WaitAndRetry(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5) });
                    public static readonly ISyncPolicy LinearBackoff = Policy.Handle<TimeoutException>()
                        .WaitAndRetry(Backoff.LinearBackoff(TimeSpan.FromSeconds(1), 5));
                }
                """,
                Verify.Diagnostic("QL0020").WithLocation(0).WithArguments(Polly, "3 attempts, at once"),
                Verify.Diagnostic("QL0020").WithLocation(2).WithArguments(Polly, "5 attempts, 2 s apart"),
                Verify.Diagnostic("QL0020").WithLocation(3).WithArguments(Polly, "2 attempts, 1 s apart"),
                Verify.Diagnostic("QL0020").WithLocation(4).WithArguments(Polly, "4 attempts, 500 ms apart"),
                Verify.Diagnostic("QL0020").WithLocation(5).WithArguments(Polly, "3 attempts, 1 s apart"));

        [Fact]
        public Task A_single_retry_has_no_delays_to_grow_and_is_quiet()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using Polly;
                using Polly.Retry;

                public static class Policies
                {
                    public static readonly ISyncPolicy Once = Policy.Handle<HttpRequestException>().Retry(1);
                    public static readonly IAsyncPolicy OnceAsync = Policy.Handle<HttpRequestException>().RetryAsync(1);
                    public static readonly ISyncPolicy WaitOnce = Policy.Handle<TimeoutException>().WaitAndRetry(1, _ => TimeSpan.FromSeconds(2));
                    public static readonly ISyncPolicy OneDelay = Policy.Handle<TimeoutException>().WaitAndRetry(new[] { TimeSpan.FromSeconds(5) });
                    public static readonly ISyncPolicy Twice = Policy.Handle<HttpRequestException>().{|#0:Retry|}(2);

                    public static ResiliencePipeline Strategy() => new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 1, BackoffType = DelayBackoffType.Constant, Delay = TimeSpan.FromSeconds(1) })
                        .Build();
                }
                """,
                Verify.Diagnostic("QL0020").WithLocation(0).WithArguments(Polly, "2 attempts, at once"));

        [Fact]
        public Task A_single_MassTransit_or_Hangfire_retry_is_quiet_and_a_single_Hangfire_delay_repeated_is_reported()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using Hangfire;
                using MassTransit;

                public class Endpoints
                {
                    public void Configure(IReceiveEndpointConfigurator endpoint)
                    {
                        endpoint.UseMessageRetry(r => r.Immediate(1));
                        endpoint.UseMessageRetry(r => r.Interval(1, TimeSpan.FromSeconds(10)));
                        endpoint.UseDelayedRedelivery(r => r.Intervals(TimeSpan.FromMinutes(5)));
                        endpoint.UseDelayedRedelivery(r => r.Intervals(1000));
                    }
                }

                public class Jobs
                {
                    [AutomaticRetry(Attempts = 1)]
                    public void Once() { }

                    [AutomaticRetry(Attempts = 1, DelaysInSeconds = new[] { 60 })]
                    public void OnceLater() { }

                    // Hangfire waits the last delay again for every attempt past the list: ten retries a minute apart.
                    [AutomaticRetry({|#0:DelaysInSeconds = new[] { 60 }|})]
                    public void EveryMinute() { }
                }
                """,
                Verify.Diagnostic("QL0020").WithLocation(0).WithArguments("Hangfire automatic retry", "10 attempts, 60 s apart"));

        [Fact]
        public Task A_hand_written_loop_of_two_attempts_is_quiet()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Client
                {
                    private readonly HttpClient _http = new();

                    public async Task<string> Twice()
                    {
                        for (var attempt = 0; attempt < 2; attempt++)
                        {
                            try
                            {
                                return await _http.GetStringAsync("https://example.com");
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay(TimeSpan.FromSeconds(1));
                            }
                        }

                        throw new InvalidOperationException("gave up");
                    }

                    public async Task<HttpResponseMessage> TwiceOnStatus()
                    {
                        var attempt = 0;
                        while (attempt < 2)
                        {
                            var response = await _http.GetAsync("https://example.com");
                            if (response.IsSuccessStatusCode)
                            {
                                return response;
                            }

                            attempt++;
                            await Task.Delay(TimeSpan.FromSeconds(1));
                        }

                        throw new InvalidOperationException("gave up");
                    }

                    public async Task<string> Thrice()
                    {
                        for (var attempt = 1; attempt <= 3; attempt++)
                        {
                            try
                            {
                                return await _http.GetStringAsync("https://example.com");
                            }
                            catch (HttpRequestException)
                            {
                                await {|#0:Task.Delay(TimeSpan.FromSeconds(1))|};
                            }
                        }

                        throw new InvalidOperationException("gave up");
                    }
                }
                """,
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments(Loop, "3 attempts, 1 s apart"));

        [Fact]
        public Task Polly_v8_constant_by_default_or_by_choice_is_reported_and_http_defaults_are_quiet()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Http.Resilience;
                using Polly;
                using Polly.Retry;

                public static class Pipelines
                {
                    public static ResiliencePipeline Defaults() => new ResiliencePipelineBuilder().AddRetry(new {|#0:RetryStrategyOptions|}()).Build();

                    public static ResiliencePipeline Explicit() => new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, {|#1:BackoffType = DelayBackoffType.Constant|}, Delay = TimeSpan.FromMilliseconds(200) })
                        .Build();

                    public static ResiliencePipeline AcrossStatements()
                    {
                        var options = new {|#2:RetryStrategyOptions|}();
                        options.MaxRetryAttempts = 4;
                        options.Delay = TimeSpan.Zero;
                        return new ResiliencePipelineBuilder().AddRetry(options).Build();
                    }

                    public static ResiliencePipeline AssignedLater()
                    {
                        var options = new RetryStrategyOptions { MaxRetryAttempts = 2 };
                        {|#3:options.BackoffType = DelayBackoffType.Constant|};
                        return new ResiliencePipelineBuilder().AddRetry(options).Build();
                    }

                    public static void Http(IServiceCollection services)
                    {
                        services.AddHttpClient("carrier").AddResilienceHandler("carrier", builder => builder.AddRetry(new HttpRetryStrategyOptions()));
                        services.AddHttpClient("payments").AddResilienceHandler("payments", builder => builder.AddRetry(new HttpRetryStrategyOptions { {|#4:BackoffType = DelayBackoffType.Constant|} }));
                        services.AddHttpClient("stock").AddStandardResilienceHandler(o => { {|#5:o.Retry.BackoffType = DelayBackoffType.Constant|}; o.Retry.MaxRetryAttempts = 6; });
                        services.AddHttpClient("mail").AddStandardResilienceHandler(o => { o.Retry.MaxRetryAttempts = 6; });
                        services.AddHttpClient("search").AddStandardResilienceHandler();
                    }

                    public static ResiliencePipeline ChangedLater()
                    {
                        var options = new RetryStrategyOptions();
                        options.BackoffType = DelayBackoffType.Exponential;
                        options.UseJitter = true;
                        return new ResiliencePipelineBuilder().AddRetry(options).Build();
                    }

                    public static ResiliencePipeline Bound(Action<RetryStrategyOptions> bind)
                    {
                        var options = new RetryStrategyOptions();
                        bind(options);
                        return new ResiliencePipelineBuilder().AddRetry(options).Build();
                    }

                    public static ResiliencePipeline Linear() => new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { BackoffType = DelayBackoffType.Linear }).Build();

                    public static ResiliencePipeline Generated() => new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(TimeSpan.FromSeconds(1)) }).Build();
                }
                """,
                Verify.Diagnostic("QL0020").WithLocation(0).WithArguments(Strategy, "3 attempts, 2 s apart"),
                Verify.Diagnostic("QL0020").WithLocation(1).WithArguments(Strategy, "5 attempts, 200 ms apart"),
                Verify.Diagnostic("QL0020").WithLocation(2).WithArguments(Strategy, "4 attempts, at once"),
                Verify.Diagnostic("QL0020").WithLocation(3).WithArguments(Strategy, "2 attempts, 2 s apart"),
                Verify.Diagnostic("QL0020").WithLocation(4).WithArguments(Strategy, "3 attempts, 2 s apart"),
                Verify.Diagnostic("QL0020").WithLocation(5).WithArguments(Strategy, "6 attempts, 2 s apart"));

        [Fact]
        public Task MassTransit_immediate_interval_and_flat_intervals_are_reported()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using MassTransit;
                using static System.TimeSpan;

                public class Endpoints
                {
                    public void Configure(IReceiveEndpointConfigurator endpoint)
                    {
                        endpoint.UseMessageRetry(r => r.{|#0:Immediate|}(5));
                        endpoint.UseMessageRetry(r => r.{|#1:Interval|}(3, TimeSpan.FromSeconds(10)));
                        endpoint.UseDelayedRedelivery(r => r.{|#2:Intervals|}(1000, 1000, 1000));
                        endpoint.UseMessageRetry(r => r.Intervals(100, 500, 1000));
                        endpoint.UseMessageRetry(r => r.Incremental(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
                        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2)));
                        endpoint.UseMessageRetry(r => r.None());
                        endpoint.UseMessageRetry(r => r.{|#3:Interval|}(2, FromSeconds(3)));
                    }
                }
                """,
                Verify.Diagnostic("QL0020").WithLocation(0).WithArguments("MassTransit retry policy", "5 attempts, at once"),
                Verify.Diagnostic("QL0020").WithLocation(1).WithArguments("MassTransit retry policy", "3 attempts, 10 s apart"),
                Verify.Diagnostic("QL0020").WithLocation(2).WithArguments("MassTransit retry policy", "3 attempts, 1 s apart"),
                Verify.Diagnostic("QL0020").WithLocation(3).WithArguments("MassTransit retry policy", "2 attempts, 3 s apart"));

        [Fact]
        public Task Hangfire_flat_delays_are_reported_and_its_default_is_quiet()
            => Verify.VerifyAnalyzerAsync("""
                using Hangfire;

                public class Jobs
                {
                    [AutomaticRetry(Attempts = 5, {|#0:DelaysInSeconds = new[] { 30, 30, 30 }|})]
                    public void Flat() { }

                    [AutomaticRetry]
                    public void Default() { }

                    [AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 10, 60, 600 })]
                    public void Growing() { }

                    [AutomaticRetry(Attempts = 0, DelaysInSeconds = new[] { 5 })]
                    public void NoRetry() { }
                }
                """,
                Verify.Diagnostic("QL0020").WithLocation(0).WithArguments("Hangfire automatic retry", "5 attempts, 30 s apart"));

        [Fact]
        public Task Quartz_refire_immediately_is_reported()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;
                using Quartz;

                public class RemindJob : IJob
                {
                    public Task Execute(IJobExecutionContext context)
                    {
                        try
                        {
                            return Task.CompletedTask;
                        }
                        catch (Exception ex)
                        {
                            throw new JobExecutionException(ex) { {|#0:RefireImmediately = true|} };
                        }
                    }
                }

                public class SyncJob : IJob
                {
                    public Task Execute(IJobExecutionContext context)
                    {
                        try
                        {
                            return Task.CompletedTask;
                        }
                        catch (Exception ex) when (context.RefireCount < 3)
                        {
                            throw new JobExecutionException(ex, {|#1:true|});
                        }
                        catch (Exception ex)
                        {
                            throw new JobExecutionException(ex, false);
                        }
                    }
                }
                """,
                Verify.Diagnostic("QL0020").WithLocation(0).WithArguments("Quartz refire", "every failure, at once"),
                Verify.Diagnostic("QL0020").WithLocation(1).WithArguments("Quartz refire", "every failure, at once"));

        [Fact]
        public Task Hand_written_retries_without_growing_delay_are_reported_and_poll_loops_are_quiet()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;

                public class Client
                {
                    private readonly HttpClient _http = new();

                    public async Task<string> NoDelay()
                    {
                        {|#0:for (var attempt = 0; attempt < 3; attempt++)|}
                        {
                            try
                            {
                                return await _http.GetStringAsync("https://example.com");
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }

                        throw new InvalidOperationException("gave up");
                    }

                    public async Task<string> ConstantDelay(CancellationToken ct)
                    {
                        for (var attempt = 1; attempt <= 5; attempt++)
                        {
                            try
                            {
                                return await _http.GetStringAsync("https://example.com", ct);
                            }
                            catch (HttpRequestException) when (attempt < 5)
                            {
                                await {|#1:Task.Delay(TimeSpan.FromSeconds(5), ct)|};
                            }
                        }

                        return "";
                    }

                    public async Task<HttpResponseMessage> OnStatus()
                    {
                        var attempt = 0;
                        {|#2:while (attempt < 4)|}
                        {
                            var response = await _http.GetAsync("https://example.com");
                            if (response.StatusCode != HttpStatusCode.TooManyRequests)
                            {
                                return response;
                            }

                            attempt++;
                        }

                        throw new InvalidOperationException();
                    }

                    public void Recursive(int id)
                    {
                        try
                        {
                            Send(id);
                        }
                        catch (TimeoutException)
                        {
                            {|#3:Recursive(id)|};
                        }
                    }

                    public async Task Growing()
                    {
                        for (var attempt = 0; attempt < 5; attempt++)
                        {
                            try
                            {
                                await _http.GetStringAsync("https://example.com");
                                return;
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)));
                            }
                        }
                    }

                    public async Task Doubling()
                    {
                        var delay = TimeSpan.FromSeconds(1);
                        for (var attempt = 0; attempt < 5; attempt++)
                        {
                            try
                            {
                                await _http.GetStringAsync("https://example.com");
                                return;
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay(delay);
                                delay *= 2;
                            }
                        }
                    }

                    public async Task Poll()
                    {
                        while (true)
                        {
                            var status = await _http.GetStringAsync("https://example.com/status");
                            if (status == "done")
                            {
                                return;
                            }

                            await Task.Delay(1000);
                        }
                    }

                    public async Task PollThroughFailures()
                    {
                        while (true)
                        {
                            try
                            {
                                var status = await _http.GetStringAsync("https://example.com/status");
                                if (status == "done")
                                {
                                    return;
                                }
                            }
                            catch (HttpRequestException)
                            {
                            }

                            await Task.Delay(5000);
                        }
                    }

                    public void EachItem(string[] items)
                    {
                        foreach (var item in items)
                        {
                            try
                            {
                                Send(item.Length);
                            }
                            catch (TimeoutException)
                            {
                            }
                        }
                    }

                    public void GivesUp()
                    {
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                Send(attempt);
                                return;
                            }
                            catch (TimeoutException)
                            {
                                throw;
                            }
                        }
                    }

                    public void Countdown(int left)
                    {
                        try
                        {
                            Send(left);
                        }
                        catch (TimeoutException) when (left > 0)
                        {
                            Thread.Sleep(TimeSpan.FromSeconds(Math.Pow(2, 5 - left)));
                            Countdown(left - 1);
                        }
                    }

                    private static void Send(int id) { }
                }
                """,
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments(Loop, "3 attempts, at once"),
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments(Loop, "5 attempts, 5 s apart"),
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(2).WithArguments(Loop, "4 attempts, at once"),
                Verify.Diagnostic("QL0020").WithSeverity(DiagnosticSeverity.Info).WithLocation(3).WithArguments(Loop, "forever, at once"));

        [Fact]
        public async Task Nothing_is_reported_without_a_retry_library_or_job_framework()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System;

                    public class Client
                    {
                        public void Call()
                        {
                            for (var attempt = 0; attempt < 3; attempt++)
                            {
                                try
                                {
                                    Console.WriteLine("call");
                                    return;
                                }
                                catch (TimeoutException)
                                {
                                }
                            }
                        }
                    }
                    """,
                References = SnippetReferences.NetOnly,
            };
            await test.RunAsync();
        }
    }
}
