using Hangfire;
using Polly;
using Polly.Retry;

namespace Shop.Resilience;

/// <summary>Retry policies for calls to the payment provider and the carrier.</summary>
public static class RetryPolicies
{
    // QL0020: three retries at once, with no delay: every failing client retries in the same instant.
    public static readonly Policy PaymentRetry = Policy.Handle<HttpRequestException>().Retry(3);

    // QL0021: retries forever (and QL0020: at once).
    public static readonly AsyncPolicy CarrierRetry = Policy.Handle<HttpRequestException>().RetryForeverAsync();

    // QL0020: Polly v8 defaults to a constant 2-second delay.
    public static readonly ResiliencePipeline InventoryPipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 4 })
        .Build();

    // QL0022: exponential, but every client retries on the same schedule.
    public static readonly ResiliencePipeline PricingPipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, BackoffType = DelayBackoffType.Exponential })
        .Build();

    // Good: exponential backoff with jitter, bounded.
    public static readonly ResiliencePipeline MailPipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, BackoffType = DelayBackoffType.Exponential, UseJitter = true })
        .Build();
}

public class PaymentJobs
{
    // QL0020: a flat list of delays; Hangfire's own default grows.
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = new[] { 30, 30, 30, 30, 30 })]
    public void Capture(int orderId) => RetryPolicies.PaymentRetry.Execute(() => Console.WriteLine($"Captured {orderId}"));

    // QL0021: Hangfire retries this job forever.
    [AutomaticRetry(Attempts = int.MaxValue)]
    public void Refund(int orderId) => Console.WriteLine($"Refunded {orderId}");
}

public interface IStatementJobs
{
    void Send(int customerId);
}

public class StatementJobs : IStatementJobs
{
    // QL0023: jobs are enqueued as IStatementJobs, so Hangfire never reads this attribute.
    [AutomaticRetry(Attempts = 3)]
    public void Send(int customerId) => Console.WriteLine($"Statement for {customerId}");

    public static void ScheduleAll(IBackgroundJobClient client, int customerId)
        => client.Enqueue<IStatementJobs>(x => x.Send(customerId));
}

/// <summary>
/// Calls to the carrier's tracking API, retried by hand. The shipment sync job calls them, so they are job code: a
/// hand-written retry there is a warning (outside job code it would be a suggestion).
/// </summary>
public class CarrierTracking
{
    private readonly HttpClient _http = new();

    // QL0020: a retry loop with no delay between attempts.
    public async Task<string> GetStatusAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return await _http.GetStringAsync($"https://carrier.example.com/track/{trackingNumber}", cancellationToken);
            }
            catch (HttpRequestException)
            {
                Console.WriteLine($"Tracking {trackingNumber} failed");
            }
        }

        return "unknown";
    }

    // QL0021: only success ends this loop, however well it backs off.
    public async Task NotifyAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (true)
        {
            try
            {
                await _http.PostAsync($"https://carrier.example.com/notify/{trackingNumber}", null, cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
                attempt++;
                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(1000)), cancellationToken);
            }
        }
    }

    // Good: waiting for a state is a poll loop, not a retry.
    public async Task WaitForDeliveryAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        while (await GetStatusAsync(trackingNumber, cancellationToken) != "delivered")
        {
            await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
        }
    }
}
