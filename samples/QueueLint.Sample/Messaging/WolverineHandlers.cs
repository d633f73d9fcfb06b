using Shop.Data;
using Shop.Jobs;
using Wolverine;
using Wolverine.ErrorHandling;

namespace Shop.Messaging;

/// <summary>Sent to billing when an order is to be invoiced; Wolverine finds its handler by the name.</summary>
public record InvoiceOrder(int OrderId);

/// <summary>Published when an invoice is ready.</summary>
public class InvoiceReady
{
    public int OrderId { get; init; }

    // QL0001: the customer gets the invoice of the order as it was when the message was published.
    public Order Order { get; init; } = null!;
}

public static class InvoiceOrderHandler
{
    // QL0011: Wolverine tries the message once and moves it to its error queue, and nobody is told.
    public static Task Handle(InvoiceOrder message, IMailer mailer)
        => mailer.SendAsync("billing@example.com", $"Invoice order {message.OrderId}");
}

public class InvoiceReadyHandler
{
    private readonly ShopDbContext _db;

    public InvoiceReadyHandler(ShopDbContext db) => _db = db;

    /// <summary>Good: what a handler publishes goes out after it has succeeded, so publishing before its own save is safe.</summary>
    public async Task Handle(InvoiceReady message, IMessageContext bus)
    {
        try
        {
            await bus.PublishAsync(new OrderShipped(message.OrderId));
            await _db.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"Shipping order {message.OrderId} failed: {ex.Message}");
            throw;
        }
    }
}

public class BillingService
{
    private readonly ShopDbContext _db;
    private readonly IMessageBus _bus;

    public BillingService(ShopDbContext db, IMessageBus bus) => (_db, _bus) = (db, bus);

    public async Task BillAsync(Order order)
    {
        order.Status = OrderStatus.Paid;
        // QL0004: billing may read the order before this status is saved, or after the save failed.
        await _bus.PublishAsync(new InvoiceOrder(order.Id));
        await _db.SaveChangesAsync();
    }
}

public static class WolverineSetup
{
    public static void Configure(WolverineOptions opts)
    {
        // QL0020: three more attempts at once, while whatever failed is still failing.
        opts.OnException<HttpRequestException>().RetryTimes(3);

        // QL0021: a message that never succeeds is scheduled again for ever (and QL0020: every minute, the same).
        opts.OnException<TimeoutException>().ScheduleRetryIndefinitely(TimeSpan.FromMinutes(1));

        // Good: cooldowns that grow, then the error queue.
        opts.OnException<IOException>().RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }
}
