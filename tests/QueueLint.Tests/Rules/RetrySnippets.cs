namespace QueueLint.Tests.Rules
{
    /// <summary>Retry shapes that neither QL0020 nor QL0021 reports, shared by both rules' tests.</summary>
    internal static class RetrySnippets
    {
        /// <summary>A Polly v7 retry whose onRetry method waits (a rate limiter) and gives up by throwing.</summary>
        public const string OnRetryMethod = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Polly;
            using Polly.Retry;

            public class Throttled
            {
                private readonly AsyncRetryPolicy _policy = Policy
                    .Handle<HttpRequestException>()
                    .WaitAndRetryAsync(int.MaxValue, (_, _) => TimeSpan.Zero, OnRetryAsync);

                private static Task OnRetryAsync(Exception exception, TimeSpan delay, int attempt, Context context)
                {
                    if (attempt > 10)
                    {
                        throw exception;
                    }

                    return RateLimiter.WaitAsync();
                }
            }

            public static class RateLimiter
            {
                public static Task WaitAsync() => Task.Delay(1000);
            }
            """;

        /// <summary>A retry by recursion on a failure status that passes false for the flag its branch tests: one retry.</summary>
        public const string RecursionTurningRetryOff = """
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Breaches
            {
                private readonly HttpClient _http = new();

                public async Task<string> SendAsync(string account, bool retry = true)
                {
                    var response = await _http.GetAsync("https://breaches/" + account);
                    if (response.IsSuccessStatusCode)
                    {
                        return await response.Content.ReadAsStringAsync();
                    }

                    if (response.StatusCode == HttpStatusCode.TooManyRequests && retry)
                    {
                        await Task.Delay(2000);
                        return await SendAsync(account, false);
                    }

                    return "[]";
                }
            }
            """;
    }
}
