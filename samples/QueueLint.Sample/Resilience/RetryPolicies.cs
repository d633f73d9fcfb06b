using Hangfire;
using Polly;
using Polly.Retry;

namespace Shop.Resilience;

/// <summary>Retry policies for calls to the payment provider and the carrier.</summary>
public static class RetryPolicies
{
    // QL0020: three retries at once, with no delay: every failing client retries in the same instant.
    public static readonly Policy PaymentRetry = Policy.Handle<HttpRequestException>().Retry(3);

    // QL0021: retries forever.
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
