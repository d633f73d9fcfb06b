using Hangfire;
using Microsoft.EntityFrameworkCore;
using Shop.Data;

namespace Shop.Jobs;

/// <summary>Hangfire jobs about orders. Hangfire activates this class from the container for every run.</summary>
public class OrderJobs
{
    private readonly ShopDbContext _db;
    private readonly IMailer _mailer;

    public OrderJobs(ShopDbContext db, IMailer mailer)
    {
        _db = db;
        _mailer = mailer;
    }

    // Takes the entity: whatever the caller had in memory when it enqueued is what this job sees.
    public void SendConfirmation(Order order)
    {
        _mailer.Send(order.Customer?.Email ?? "", $"Order {order.Id} confirmed: {order.Total:C}");
    }

    // Takes an entity reached through another: the customer as the caller had it loaded.
    public void WelcomeCustomer(Customer customer)
    {
        _mailer.Send(customer.Email, "Welcome to the shop");
    }

    // Takes a list of entities: every order as it was when the list was enqueued.
    public void ArchiveAll(List<Order> orders)
    {
        foreach (var order in orders)
        {
            Console.WriteLine($"Archiving order {order.Id} ({order.Status})");
        }
    }

    // QL0050: Hangfire hands its shutdown token only to a job method that takes one.
    public async Task ShipAsync(Order order)
    {
        await _mailer.SendAsync(order.Customer?.Email ?? "", $"Order {order.Id} is on its way");
    }

    // Good: takes the key and loads the row when the job runs.
    public async Task SendReceiptAsync(int orderId, CancellationToken cancellationToken)
    {
        var order = await _db.Orders.Include(o => o.Customer).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is null)
        {
            return;
        }

        await _mailer.SendAsync(order.Customer?.Email ?? "", $"Receipt for order {order.Id}: {order.Total:C}");
    }

    // QL0030: a retry or a duplicate run adds the fee twice.
    public void AddLateFee(int orderId)
    {
        var order = _db.Orders.Find(orderId);
        if (order is null)
        {
            return;
        }

        order.Total += 5m;
        _db.SaveChanges();
    }

    // QL0030: a retry or a duplicate run issues a second invoice for the order.
    public void IssueInvoice(int orderId, decimal amount)
    {
        _db.Invoices.Add(new Invoice { Number = Guid.NewGuid(), OrderId = orderId, Amount = amount });
        _db.SaveChanges();
    }

    // QL0040: the order may have been deleted since the job was enqueued.
    public void MarkPaid(int orderId)
    {
        var order = _db.Orders.FirstOrDefault(o => o.Id == orderId);
        order!.Status = OrderStatus.Paid;
        _db.SaveChanges();
    }

    // QL0032: a failure between the two saves leaves half the work done; the retry repeats the first half.
    public void Cancel(int orderId)
    {
        var order = _db.Orders.Find(orderId);
        if (order is null)
        {
            return;
        }

        order.Status = OrderStatus.Cancelled;
        _db.SaveChanges();
        _db.Invoices.RemoveRange(_db.Invoices.Where(i => i.OrderId == orderId));
        _db.SaveChanges();
    }

    // QL0007: Hangfire only invokes public methods; this one fails when the job runs.
    internal void Reindex(int orderId) => _mailer.Send("ops@example.com", $"Reindexed {orderId}");

    // QL0010: failures of an async void job vanish, and Hangfire refuses it at run time. QL0050: no shutdown token.
    public async void NotifyWarehouse(int orderId)
    {
        await _mailer.SendAsync("warehouse@example.com", $"Pick order {orderId}");
    }

    // QL0051: blocks a worker thread and cannot be stopped at shutdown (once it awaits, QL0050 asks for the token).
    public void Reconcile(int orderId)
    {
        Thread.Sleep(TimeSpan.FromSeconds(5));
        _mailer.SendAsync("finance@example.com", $"Reconciled {orderId}").Wait();
    }

    // QL0012: the job is marked succeeded while the mail was never sent.
    public void Remind(int orderId)
    {
        try
        {
            _mailer.Send("customer@example.com", $"Your order {orderId} is waiting");
        }
        catch (Exception)
        {
        }
    }

    // QL0013: the job completes before the mail is sent, and its failure is lost.
    // QL0060: QueueLint.Jobs.txt lists Thank(int, string); jobs queued before the note parameter was dropped fail to load.
    public void Thank(int orderId)
    {
        _ = _mailer.SendAsync("customer@example.com", $"Thank you for order {orderId}");
    }

    // QL0052: loads the whole table and sends a mail per row in one run.
    public async Task RemindAllAsync(CancellationToken cancellationToken)
    {
        foreach (var order in _db.Orders.ToList())
        {
            await _mailer.SendAsync("customer@example.com", $"Order {order.Id} is waiting", cancellationToken);
        }
    }

    // Receives a label whose weight does not survive the queue (QL0009, reported where it is enqueued).
    public void PrintLabel(ShippingLabel label)
    {
        _mailer.Send("warehouse@example.com", $"Label for order {label.OrderId}: {label.WeightKg} kg to {label.Address}");
    }

    // QL0005: the password is stored in clear text in the job storage and shown on the dashboard.
    public void ResetPassword(int customerId, string password)
    {
        _mailer.Send("customer@example.com", $"Password for {customerId} was reset");
    }
}

/// <summary>QL0023: Hangfire reads [AutomaticRetry] from the interface the job is enqueued with.</summary>
public interface IReportJobs
{
    void Build(int month);
}

public class ReportJobs : IReportJobs
{
    [AutomaticRetry(Attempts = 3)]
    public void Build(int month) => Console.WriteLine($"Building the report for month {month}");

    // QL0002: the query is not materialised; it cannot be serialized into the payload.
    public void Export(IQueryable<Order> orders) => Console.WriteLine(orders.Count());

    // QL0031: the recurring job can start again while the previous run still works.
    public void Nightly() => Console.WriteLine("Nightly report");
}
