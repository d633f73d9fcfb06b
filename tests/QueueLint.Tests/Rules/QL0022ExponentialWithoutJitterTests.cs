using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.ExponentialWithoutJitterAnalyzer, QueueLint.CodeFixes.Rules.ExponentialWithoutJitterFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0022ExponentialWithoutJitterTests
    {
        [Fact]
        public Task Exponential_schedules_without_randomness_are_reported_and_jittered_ones_are_quiet()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Hangfire;
                using MassTransit;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Http.Resilience;
                using Polly;
                using Polly.Contrib.WaitAndRetry;
                using Polly.Retry;

                public class Retries
                {
                    public static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, {|#0:BackoffType = DelayBackoffType.Exponential|} })
                        .Build();
                    public static readonly ResiliencePipeline<HttpResponseMessage> HttpPipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
                        .AddRetry(new HttpRetryStrategyOptions { {|#1:UseJitter = false|} })
                        .Build();
                    public static readonly ISyncPolicy Provider = Policy.Handle<HttpRequestException>()
                        .WaitAndRetry(4, {|#2:attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt))|});
                    public static readonly ISyncPolicy Contrib = Policy.Handle<HttpRequestException>()
                        .WaitAndRetry({|#3:Backoff.ExponentialBackoff(TimeSpan.FromSeconds(1), 5)|});

                    public static readonly ISyncPolicy Jittered = Policy.Handle<HttpRequestException>()
                        .WaitAndRetry(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromSeconds(1), 5));
                    public static readonly ISyncPolicy RandomPart = Policy.Handle<HttpRequestException>()
                        .WaitAndRetry(4, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(500)));
                    public static readonly ResiliencePipeline<HttpResponseMessage> HttpDefault = new ResiliencePipelineBuilder<HttpResponseMessage>()
                        .AddRetry(new HttpRetryStrategyOptions())
                        .Build();
                    public static readonly ResiliencePipeline WithJitter = new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                        .Build();

                    public void Configure(IReceiveEndpointConfigurator endpoint, IServiceCollection services)
                    {
                        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2)));
                        services.AddHttpClient("x").AddStandardResilienceHandler();
                    }

                    [AutomaticRetry(Attempts = 5)]
                    public void Job() { }

                    public async Task Loop(HttpClient http)
                    {
                        for (var attempt = 0; attempt < 5; attempt++)
                        {
                            try
                            {
                                await http.GetStringAsync("https://example.com");
                                return;
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay({|#4:TimeSpan.FromSeconds(Math.Pow(2, attempt))|});
                            }
                        }
                    }
                }
                """,
                Verify.Diagnostic("QL0022").WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("Polly retry strategy", "5 attempts, exponential delays"),
                Verify.Diagnostic("QL0022").WithLocation(1).WithSeverity(DiagnosticSeverity.Info).WithArguments("Polly retry strategy", "3 attempts, exponential delays"),
                Verify.Diagnostic("QL0022").WithLocation(2).WithSeverity(DiagnosticSeverity.Info).WithArguments("Polly retry policy", "4 attempts, exponential delays"),
                Verify.Diagnostic("QL0022").WithLocation(3).WithSeverity(DiagnosticSeverity.Info).WithArguments("Polly retry policy", "5 attempts, exponential delays"),
                Verify.Diagnostic("QL0022").WithLocation(4).WithSeverity(DiagnosticSeverity.Info).WithArguments("Retry loop", "5 attempts, exponential delays"));

        [Fact]
        public Task Fixes_add_jitter()
            => Verify.VerifyCodeFixAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Http.Resilience;
                using Polly;
                using Polly.Contrib.WaitAndRetry;
                using Polly.Retry;

                public class Retries
                {
                    public static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, {|QL0022:BackoffType = DelayBackoffType.Exponential|} })
                        .Build();
                    public static readonly ResiliencePipeline<HttpResponseMessage> HttpPipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
                        .AddRetry(new HttpRetryStrategyOptions { {|QL0022:UseJitter = false|} })
                        .Build();
                    public static readonly ISyncPolicy Provider = Policy.Handle<HttpRequestException>()
                        .WaitAndRetry(4, {|QL0022:attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt))|});
                    public static readonly ISyncPolicy Contrib = Policy.Handle<HttpRequestException>()
                        .WaitAndRetry({|QL0022:Backoff.ExponentialBackoff(TimeSpan.FromSeconds(1), 5)|});

                    public static ResiliencePipeline Later()
                    {
                        var options = new RetryStrategyOptions();
                        {|QL0022:options.BackoffType = DelayBackoffType.Exponential|};
                        return new ResiliencePipelineBuilder().AddRetry(options).Build();
                    }

                    public async Task Loop(HttpClient http)
                    {
                        for (var attempt = 0; attempt < 5; attempt++)
                        {
                            try
                            {
                                await http.GetStringAsync("https://example.com");
                                return;
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay({|QL0022:TimeSpan.FromSeconds(Math.Pow(2, attempt))|});
                            }
                        }
                    }
                }
                """, """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Http.Resilience;
                using Polly;
                using Polly.Contrib.WaitAndRetry;
                using Polly.Retry;

                public class Retries
                {
                    public static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                        .Build();
                    public static readonly ResiliencePipeline<HttpResponseMessage> HttpPipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
                        .AddRetry(new HttpRetryStrategyOptions { UseJitter = true })
                        .Build();
                    public static readonly ISyncPolicy Provider = Policy.Handle<HttpRequestException>()
                        .WaitAndRetry(4, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000)));
                    public static readonly ISyncPolicy Contrib = Policy.Handle<HttpRequestException>()
                        .WaitAndRetry(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromSeconds(1), 5));

                    public static ResiliencePipeline Later()
                    {
                        var options = new RetryStrategyOptions();
                        options.BackoffType = DelayBackoffType.Exponential;
                        options.UseJitter = true;
                        return new ResiliencePipelineBuilder().AddRetry(options).Build();
                    }

                    public async Task Loop(HttpClient http)
                    {
                        for (var attempt = 0; attempt < 5; attempt++)
                        {
                            try
                            {
                                await http.GetStringAsync("https://example.com");
                                return;
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000)));
                            }
                        }
                    }
                }
                """);
    }
}
