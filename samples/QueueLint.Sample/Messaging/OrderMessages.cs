using MassTransit;
using Shop.Data;
using Shop.Jobs;

namespace Shop.Messaging;

/// <summary>Published when an order is placed.</summary>
public class OrderPlaced
{
    // QL0001: every consumer gets the order as it was when the message was published.
    public Order Order { get; init; } = null!;

    public DateTimeOffset PlacedAt { get; init; }
}

public class OrderPlacedConsumer : IConsumer<OrderPlaced>
{
    private readonly IMailer _mailer;

    public OrderPlacedConsumer(IMailer mailer) => _mailer = mailer;

    // QL0011: a failure here is only as visible as MassTransit's own logging makes it.
    public Task Consume(ConsumeContext<OrderPlaced> context)
        => _mailer.SendAsync("sales@example.com", $"New order {context.Message.Order.Id}", context.CancellationToken);
}

/// <summary>Good: a message of values, consumed by id.</summary>
public class OrderSummaryConsumer : IConsumer<OrderSummary>
{
    private readonly IMailer _mailer;

    public OrderSummaryConsumer(IMailer mailer) => _mailer = mailer;

    public async Task Consume(ConsumeContext<OrderSummary> context)
    {
        try
        {
            await _mailer.SendAsync(context.Message.CustomerEmail, $"Order {context.Message.OrderId}: {context.Message.Total:C}", context.CancellationToken);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"Summary for order {context.Message.OrderId} failed: {ex.Message}");
            throw;
        }
    }
}
