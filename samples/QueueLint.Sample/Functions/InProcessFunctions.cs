using Microsoft.Azure.WebJobs;
using Shop.Data;

namespace Shop.Functions;

/// <summary>The queue message the shipping function sends (in-process functions).</summary>
public record ShipmentRequested(int OrderId);

/// <summary>Azure Functions, in-process: a queue-triggered function that adds to another queue.</summary>
public class ShippingFunctions
{
    private readonly ShopDbContext _db;

    public ShippingFunctions(ShopDbContext db) => _db = db;

    [FunctionName("order-paid")]
    public async Task OnPaid([QueueTrigger("paid")] int orderId, [Queue("shipments")] IAsyncCollector<ShipmentRequested> shipments)
    {
        var order = await _db.Orders.FindAsync(orderId);
        if (order is null)
        {
            return;
        }

        order.Status = OrderStatus.Shipped;
        // QL0004: the binding adds the message at once; the shipping function may read the order before it is saved.
        await shipments.AddAsync(new ShipmentRequested(order.Id));
        await _db.SaveChangesAsync();
    }
}
