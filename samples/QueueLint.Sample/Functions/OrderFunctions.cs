using Microsoft.Azure.Functions.Worker;
using Shop.Data;
using Shop.Jobs;

namespace Shop.Functions;

/// <summary>The queue message the invoicing function reads (isolated worker).</summary>
public record InvoiceRequested(int OrderId);

/// <summary>Azure Functions, isolated worker: a queue-triggered and a timer-triggered function.</summary>
public class InvoiceFunctions
{
    private readonly ShopDbContext _db;
    private readonly IMailer _mailer;

    public InvoiceFunctions(ShopDbContext db, IMailer mailer) => (_db, _mailer) = (db, mailer);

    // QL0011: after five deliveries the message moves to the poison queue, and nobody is told.
    [Function("invoice-requested")]
    public async Task Invoice([QueueTrigger("invoices")] InvoiceRequested message)
    {
        // QL0040: the order may have been deleted since the message was queued.
        var order = await _db.Orders.FindAsync(message.OrderId);
        await _mailer.SendAsync("billing@example.com", $"Invoice for order {order!.Id}: {order.Total}");
    }

    // QL0020: the same ten seconds before every retry; QL0021: and it retries forever.
    [Function("reminders")]
    [FixedDelayRetry(-1, "00:00:10")]
    public Task SendReminders([TimerTrigger("0 0 9 * * *")] TimerInfo timer, FunctionContext context)
        => _mailer.SendAsync("sales@example.com", "Daily reminders");
}
