using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;

namespace Shop.Functions;

/// <summary>Durable Functions, in-process: an orchestration that charges and ships an order through activities.</summary>
public static class FulfilmentOrchestration
{
    [FunctionName("fulfil-order")]
    public static async Task Run([OrchestrationTrigger] IDurableOrchestrationContext context)
    {
        var orderId = context.GetInput<int>();

        // QL0020: no BackoffCoefficient, so every retry waits the same 30 s against a payment provider that is down.
        await context.CallActivityWithRetryAsync("charge-order", new RetryOptions(TimeSpan.FromSeconds(30), 5), orderId);
        await context.CallActivityWithRetryAsync("ship-order", new RetryOptions(TimeSpan.FromSeconds(30), 5) { BackoffCoefficient = 2 }, orderId);
    }

    [FunctionName("charge-order")]
    public static Task Charge([ActivityTrigger] int orderId) => Task.CompletedTask;

    [FunctionName("ship-order")]
    public static Task Ship([ActivityTrigger] int orderId) => Task.CompletedTask;
}
