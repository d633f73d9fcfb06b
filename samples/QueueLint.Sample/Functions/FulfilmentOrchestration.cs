using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;
using Shop.Data;

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
}

/// <summary>
/// The orchestration's activities. Durable runs an activity at least once per call: a worker that stops after the work
/// and before the result is recorded runs it again, and the retry policies above run it again after a failure.
/// </summary>
public class FulfilmentActivities
{
    private readonly ShopDbContext _db;

    public FulfilmentActivities(ShopDbContext db) => _db = db;

    [FunctionName("charge-order")]
    public async Task Charge([ActivityTrigger] int orderId)
    {
        var order = await _db.Orders.FindAsync(orderId);
        if (order is null)
        {
            return;
        }

        // QL0030: a second run of the activity writes a second invoice for the same order.
        _db.Invoices.Add(new Invoice { Number = Guid.NewGuid(), OrderId = order.Id, Amount = order.Total });
        await _db.SaveChangesAsync();
    }

    [FunctionName("ship-order")]
    public async Task Ship([ActivityTrigger] int orderId)
    {
        // QL0040: the order may have been deleted while the orchestration waited for the charge.
        var order = await _db.Orders.FindAsync(orderId);
        order!.Status = OrderStatus.Shipped;
        await _db.SaveChangesAsync();
    }
}
