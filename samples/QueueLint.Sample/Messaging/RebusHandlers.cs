using Rebus.Bus;
using Rebus.Handlers;
using Rebus.Transport;
using Shop.Data;
using Shop.Jobs;

namespace Shop.Messaging;

/// <summary>Sent to the warehouse when an order is to be packed.</summary>
public class PackOrder
{
    public int OrderId { get; init; }

    // QL0001: the warehouse packs the order as it was when the message was sent.
    public Order Order { get; init; } = null!;
}

public class PackOrderHandler : IHandleMessages<PackOrder>
{
    private readonly IMailer _mailer;

    public PackOrderHandler(IMailer mailer) => _mailer = mailer;

    // QL0011: after five attempts the message lies in Rebus's error queue, and nobody is told.
    public Task Handle(PackOrder message)
        => _mailer.SendAsync("warehouse@example.com", $"Pack order {message.OrderId}");
}

/// <summary>Good: a handler's sends go out after it returns, so sending before its own SaveChanges is safe.</summary>
public class OrderSummaryHandler : IHandleMessages<OrderSummary>
{
    private readonly ShopDbContext _db;
    private readonly IBus _bus;

    public OrderSummaryHandler(ShopDbContext db, IBus bus) => (_db, _bus) = (db, bus);

    public async Task Handle(OrderSummary message)
    {
        try
        {
            await _bus.Publish(new OrderShipped(message.OrderId));
            await _db.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"Packing order {message.OrderId} failed: {ex.Message}");
            throw;
        }
    }
}

public record OrderShipped(int OrderId);

public class WarehouseService
{
    private readonly ShopDbContext _db;
    private readonly IBus _bus;

    public WarehouseService(ShopDbContext db, IBus bus) => (_db, _bus) = (db, bus);

    public async Task PackAsync(Order order)
    {
        order.Status = OrderStatus.Paid;
        // QL0004: the warehouse may read the order before this status is saved, or after the save failed.
        await _bus.Send(new PackOrder { OrderId = order.Id, Order = order });
        await _db.SaveChangesAsync();
    }

    /// <summary>Good: a transaction scope holds the message back until it completes, after the save.</summary>
    public async Task PackLaterAsync(Order order)
    {
        using var scope = new RebusTransactionScope();
        order.Status = OrderStatus.Paid;
        await _bus.Send(new OrderShipped(order.Id));
        await _db.SaveChangesAsync();
        await scope.CompleteAsync();
    }
}
