using System.Threading.Tasks;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.RetryWithoutBackoffAnalyzer, QueueLint.CodeFixes.Rules.RetryWithoutBackoffFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0020RetryWithoutBackoffFixerTests
    {
        private const string Growing = "TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000))";

        [Fact]
        public Task Polly_v7_retries_become_decorrelated_jitter_when_the_contrib_package_is_referenced()
            => Verify.VerifyCodeFixAsync("""
                using System;
                using System.Net.Http;
                using Polly;
                using Polly.Contrib.WaitAndRetry;

                public static class Policies
                {
                    public static readonly ISyncPolicy Immediate = Policy.Handle<HttpRequestException>().{|QL0020:Retry|}(3);
                    public static readonly IAsyncPolicy Logged = Policy.Handle<HttpRequestException>()
                        .{|QL0020:RetryAsync|}(4, onRetry: (exception, count) => Console.WriteLine(count));
                    public static readonly ISyncPolicy FlatList = Policy.Handle<TimeoutException>()
                        .WaitAndRetry({|QL0020:new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) }|});
                    public static readonly ISyncPolicy Constant = Policy.Handle<TimeoutException>()
                        .WaitAndRetry({|QL0020:Backoff.ConstantBackoff(TimeSpan.FromMilliseconds(500), 4)|});
                    public static readonly IAsyncPolicy WaitsInOnRetry = Policy.Handle<TimeoutException>()
                        .RetryAsync(3, async (exception, attempt) => await {|QL0020:System.Threading.Tasks.Task.Delay(1000)|});
                }
                """, """
                using System;
                using System.Net.Http;
                using Polly;
                using Polly.Contrib.WaitAndRetry;

                public static class Policies
                {
                    public static readonly ISyncPolicy Immediate = Policy.Handle<HttpRequestException>().WaitAndRetry(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromSeconds(1), 3));
                    public static readonly IAsyncPolicy Logged = Policy.Handle<HttpRequestException>()
                        .WaitAndRetryAsync(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromSeconds(1), 4), onRetry: (exception, _, count, _) => Console.WriteLine(count));
                    public static readonly ISyncPolicy FlatList = Policy.Handle<TimeoutException>()
                        .WaitAndRetry(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromSeconds(1), 2));
                    public static readonly ISyncPolicy Constant = Policy.Handle<TimeoutException>()
                        .WaitAndRetry(Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromMilliseconds(500), 4));
                    public static readonly IAsyncPolicy WaitsInOnRetry = Policy.Handle<TimeoutException>()
                        .RetryAsync(3, async (exception, attempt) => await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000))));
                }
                """);

        [Fact]
        public async Task Polly_v7_retries_get_a_growing_provider_without_the_contrib_package()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System;
                    using System.Net.Http;
                    using Polly;
                    using Polly.Extensions.Http;

                    public static class Policies
                    {
                        public static readonly ISyncPolicy Immediate = Policy.Handle<HttpRequestException>().{|QL0020:Retry|}(3);
                        public static readonly IAsyncPolicy<HttpResponseMessage> Flat = HttpPolicyExtensions.HandleTransientHttpError()
                            .WaitAndRetryAsync(5, {|QL0020:_ => TimeSpan.FromSeconds(2)|}, onRetry: (outcome, delay) => Console.WriteLine(delay));
                        public static readonly ISyncPolicy FlatList = Policy.Handle<TimeoutException>()
                            .WaitAndRetry({|QL0020:new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) }|}, (exception, delay) => Console.WriteLine(delay));
                    }
                    """,
                FixedCode = $$"""
                    using System;
                    using System.Net.Http;
                    using Polly;
                    using Polly.Extensions.Http;

                    public static class Policies
                    {
                        public static readonly ISyncPolicy Immediate = Policy.Handle<HttpRequestException>().WaitAndRetry(3, attempt => {{Growing}});
                        public static readonly IAsyncPolicy<HttpResponseMessage> Flat = HttpPolicyExtensions.HandleTransientHttpError()
                            .WaitAndRetryAsync(5, attempt => {{Growing}}, onRetry: (outcome, delay) => Console.WriteLine(delay));
                        public static readonly ISyncPolicy FlatList = Policy.Handle<TimeoutException>()
                            .WaitAndRetry(2, attempt => {{Growing}}, (exception, delay) => Console.WriteLine(delay));
                    }
                    """,
                References = SnippetReferences.Create(p => p != "Quartz4" && p != "Polly.Contrib.WaitAndRetry"),
            };
            await test.RunAsync();
        }

        [Fact]
        public Task Polly_v8_options_become_exponential_with_jitter_wherever_they_are_set()
            => Verify.VerifyCodeFixAsync("""
                using System;
                using Microsoft.Extensions.DependencyInjection;
                using Polly;
                using Polly.Retry;

                public static class Pipelines
                {
                    public static ResiliencePipeline Defaults() => new ResiliencePipelineBuilder().AddRetry(new {|QL0020:RetryStrategyOptions|}()).Build();

                    public static ResiliencePipeline Initialized() => new ResiliencePipelineBuilder()
                        .AddRetry(new {|QL0020:RetryStrategyOptions|} { MaxRetryAttempts = 4 })
                        .Build();

                    public static ResiliencePipeline Explicit() => new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions
                        {
                            MaxRetryAttempts = 5,
                            {|QL0020:BackoffType = DelayBackoffType.Constant|},
                        })
                        .Build();

                    public static ResiliencePipeline AssignedLater()
                    {
                        var options = new RetryStrategyOptions { MaxRetryAttempts = 2 };
                        {|QL0020:options.BackoffType = DelayBackoffType.Constant|};
                        return new ResiliencePipelineBuilder().AddRetry(options).Build();
                    }

                    public static void Http(IServiceCollection services)
                    {
                        services.AddHttpClient("stock").AddStandardResilienceHandler(o =>
                        {
                            {|QL0020:o.Retry.BackoffType = DelayBackoffType.Constant|};
                        });
                    }
                }
                """, """
                using System;
                using Microsoft.Extensions.DependencyInjection;
                using Polly;
                using Polly.Retry;

                public static class Pipelines
                {
                    public static ResiliencePipeline Defaults() => new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions() { BackoffType = DelayBackoffType.Exponential, UseJitter = true }).Build();

                    public static ResiliencePipeline Initialized() => new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 4, BackoffType = DelayBackoffType.Exponential, UseJitter = true })
                        .Build();

                    public static ResiliencePipeline Explicit() => new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions
                        {
                            MaxRetryAttempts = 5,
                            BackoffType = DelayBackoffType.Exponential,
                            UseJitter = true,
                        })
                        .Build();

                    public static ResiliencePipeline AssignedLater()
                    {
                        var options = new RetryStrategyOptions { MaxRetryAttempts = 2 };
                        options.BackoffType = DelayBackoffType.Exponential;
                        options.UseJitter = true;
                        return new ResiliencePipelineBuilder().AddRetry(options).Build();
                    }

                    public static void Http(IServiceCollection services)
                    {
                        services.AddHttpClient("stock").AddStandardResilienceHandler(o =>
                        {
                            o.Retry.BackoffType = DelayBackoffType.Exponential;
                            o.Retry.UseJitter = true;
                        });
                    }
                }
                """);

        [Fact]
        public Task MassTransit_and_Hangfire_move_to_their_growing_schedules()
            => Verify.VerifyCodeFixAsync("""
                using System;
                using Hangfire;
                using MassTransit;

                public class Endpoints
                {
                    public void Configure(IReceiveEndpointConfigurator endpoint)
                    {
                        endpoint.UseMessageRetry(r => r.{|QL0020:Immediate|}(5));
                        endpoint.UseMessageRetry(r => r.{|QL0020:Interval|}(3, TimeSpan.FromSeconds(10)));
                        endpoint.UseDelayedRedelivery(r => r.{|QL0020:Intervals|}(1000, 1000, 1000));
                    }

                    [AutomaticRetry(Attempts = 5, {|QL0020:DelaysInSeconds = new[] { 30, 30, 30 }|})]
                    public void Flat() { }

                    [AutomaticRetry({|QL0020:DelaysInSeconds = new[] { 30 }|}, Attempts = 2)]
                    public void First() { }

                    [AutomaticRetry({|QL0020:DelaysInSeconds = new[] { 60, 60 }|})]
                    public void Only() { }
                }
                """, """
                using System;
                using Hangfire;
                using MassTransit;

                public class Endpoints
                {
                    public void Configure(IReceiveEndpointConfigurator endpoint)
                    {
                        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2)));
                        endpoint.UseMessageRetry(r => r.Exponential(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2)));
                        endpoint.UseDelayedRedelivery(r => r.Exponential(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2)));
                    }

                    [AutomaticRetry(Attempts = 5)]
                    public void Flat() { }

                    [AutomaticRetry(Attempts = 2)]
                    public void First() { }

                    [AutomaticRetry]
                    public void Only() { }
                }
                """);

        [Fact]
        public Task Hand_written_loops_compute_the_delay_from_the_attempt_counter()
            => Verify.VerifyCodeFixAsync("""
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
                        {|QL0020:for (var attempt = 0; attempt < 3; attempt++)|}
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
                                await {|QL0020:Task.Delay(TimeSpan.FromSeconds(5), ct)|};
                            }
                        }

                        return "";
                    }

                    public void Sync()
                    {
                        var tries = 0;
                        {|QL0020:while (tries < 3)|}
                        {
                            try
                            {
                                Console.WriteLine("call");
                                return;
                            }
                            catch (TimeoutException)
                            {
                                tries++;
                                continue;
                            }
                        }
                    }
                }
                """, """
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
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                return await _http.GetStringAsync("https://example.com");
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000)));
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
                                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000)), ct);
                            }
                        }

                        return "";
                    }

                    public void Sync()
                    {
                        var tries = 0;
                        while (tries < 3)
                        {
                            try
                            {
                                Console.WriteLine("call");
                                return;
                            }
                            catch (TimeoutException)
                            {
                                tries++;
                                Thread.Sleep(TimeSpan.FromSeconds(Math.Pow(2, tries)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000)));
                                continue;
                            }
                        }
                    }
                }
                """);

        [Fact]
        public async Task Unfixable_findings_do_not_stop_fix_all_from_fixing_the_others()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System;
                    using System.Threading.Tasks;
                    using Polly;
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
                                throw new JobExecutionException(ex) { {|QL0020:RefireImmediately = true|} };
                            }
                        }

                        public static readonly ISyncPolicy First = Policy.Handle<TimeoutException>().{|QL0020:Retry|}(2);
                        public static readonly ISyncPolicy Second = Policy.Handle<TimeoutException>().{|QL0020:Retry|}(3);
                    }
                    """,
                FixedCode = """
                    using System;
                    using System.Threading.Tasks;
                    using Polly;
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
                                throw new JobExecutionException(ex) { RefireImmediately = true };
                            }
                        }

                        public static readonly ISyncPolicy First = Policy.Handle<TimeoutException>().WaitAndRetry(Polly.Contrib.WaitAndRetry.Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromSeconds(1), 2));
                        public static readonly ISyncPolicy Second = Policy.Handle<TimeoutException>().WaitAndRetry(Polly.Contrib.WaitAndRetry.Backoff.DecorrelatedJitterBackoffV2(TimeSpan.FromSeconds(1), 3));
                    }
                    """,
            };
            test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0020").WithSpan(16, 51, 16, 75).WithArguments("Quartz refire", "every failure, at once"));
            test.BatchFixedState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0020").WithSpan(16, 51, 16, 75).WithArguments("Quartz refire", "every failure, at once"));
            await test.RunAsync();
        }
    }
}
