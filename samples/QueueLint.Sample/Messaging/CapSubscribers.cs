using DotNetCore.CAP;
using Shop.Data;
using Shop.Jobs;

namespace Shop.Messaging;

/// <summary>Published to the loyalty service when an order is paid.</summary>
public class OrderPaid
{
    public int OrderId { get; init; }

    // QL0001: the loyalty service counts points on the order as it was when the message was published.
    public Order Order { get; init; } = null!;
}

public class LoyaltySubscriber : ICapSubscribe
{
    private readonly IMailer _mailer;

    public LoyaltySubscriber(IMailer mailer) => _mailer = mailer;

    // QL0011: after 50 attempts the message is left as Failed in CAP's storage, and nobody is told.
    [CapSubscribe("shop.order.paid")]
    public Task OnPaid(OrderPaid message)
        => _mailer.SendAsync("loyalty@example.com", $"Order {message.OrderId} paid");
}

public class PaymentService
{
    private readonly ShopDbContext _db;
    private readonly ICapPublisher _cap;

    public PaymentService(ShopDbContext db, ICapPublisher cap) => (_db, _cap) = (db, cap);

    public async Task MarkPaidAsync(Order order)
    {
        order.Status = OrderStatus.Paid;
        // QL0004: CAP sends the message at once; the loyalty service may read the order before it is saved as paid.
        await _cap.PublishAsync("shop.order.paid", new OrderPaid { OrderId = order.Id, Order = order });
        await _db.SaveChangesAsync();
    }
}
