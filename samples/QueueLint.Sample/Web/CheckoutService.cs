using System.Transactions;
using Hangfire;
using MassTransit;
using Shop.Data;
using Shop.Jobs;
using Shop.Messaging;

namespace Shop.Web;

/// <summary>What the web request does when a customer checks out.</summary>
public class CheckoutService
{
    private readonly ShopDbContext _db;
    private readonly IBackgroundJobClient _jobs;
    private readonly IPublishEndpoint _bus;
    private readonly ConsoleMailer _mailer = new();
    private readonly IMailer _notifier;

    public CheckoutService(ShopDbContext db, IBackgroundJobClient jobs, IPublishEndpoint bus, IMailer notifier)
    {
        _db = db;
        _jobs = jobs;
        _bus = bus;
        _notifier = notifier;
    }

    public async Task PlaceOrderAsync(Customer customer, decimal total, CancellationToken cancellationToken)
    {
        var order = new Order { Customer = customer, Total = total, PlacedAt = DateTimeOffset.UtcNow };
        _db.Orders.Add(order);

        // QL0004: the job can run before SaveChanges has stored the order.
        _jobs.Enqueue<OrderJobs>(x => x.SendReceiptAsync(order.Id, CancellationToken.None));
        await _db.SaveChangesAsync(cancellationToken);

        // QL0001: the job gets a copy of the order as it is now, not as it is when the job runs.
        BackgroundJob.Enqueue<OrderJobs>(x => x.SendConfirmation(order));

        // QL0001: the same through the client interface, an hour later.
        _jobs.Schedule<OrderJobs>(x => x.ShipAsync(order), TimeSpan.FromHours(1));

        // QL0001: the customer reached through the order is a copy too.
        BackgroundJob.Enqueue<OrderJobs>(x => x.WelcomeCustomer(order.Customer!));

        // Good: the key, a placeholder token that Hangfire replaces with its own.
        _jobs.Enqueue<OrderJobs>(x => x.SendReceiptAsync(order.Id, CancellationToken.None));

        // QL0001: the message carries the entity (reported on OrderPlaced.Order).
        await _bus.Publish(new OrderPlaced { Order = order, PlacedAt = order.PlacedAt }, cancellationToken);

        // Good: a message of values.
        await _bus.Publish(new OrderSummary(order.Id, order.Total, customer.Email), cancellationToken);
    }

    public void CloseDay(List<Order> orders)
    {
        // QL0001: each order of the list is a copy as it is now.
        _jobs.Enqueue<OrderJobs>(x => x.ArchiveAll(orders));
    }

    public void Misc(Order order, CancellationToken requestAborted)
    {
        // QL0002: a live request token and a deferred query in the payload.
        _jobs.Enqueue<OrderJobs>(x => x.SendReceiptAsync(order.Id, requestAborted));
        _jobs.Enqueue<ReportJobs>(x => x.Export(_db.Orders.Where(o => o.Total > 100)));

        // QL0003: GetDigestRecipients() runs now, in the request, not in the job.
        _jobs.Enqueue<ConsoleMailer>(x => x.SendDigest(_mailer.GetDigestRecipients()));

        // QL0005: a secret in the payload.
        _jobs.Enqueue<OrderJobs>(x => x.ResetPassword(order.CustomerId, "Secret123!"));

        // QL0009: WeightKg has a private setter; the job gets a label weighing 0 kg.
        var label = new ShippingLabel { OrderId = order.Id, Address = "1 Quay Street" };
        label.AddParcel(2.5m);
        _jobs.Enqueue<OrderJobs>(x => x.PrintLabel(label));

        // QL0005 (a suggestion): the customer's name and e-mail stay in job storage, where erasure requests do not reach.
        var card = new WelcomeCard("Ada", "Lovelace", "ada@example.com");
        _jobs.Enqueue<ConsoleMailer>(x => x.SendWelcomeCard(card));

        // QL0006: only the type and method are stored; a new ConsoleMailer is activated for the job, not the
        // one this class created.
        BackgroundJob.Enqueue(() => _mailer.Send("ops@example.com", "Order placed"));

        // QL0008: the injected mailer works, but Hangfire records its class (ConsoleMailer), not IMailer.
        BackgroundJob.Enqueue(() => _notifier.Send("ops@example.com", "Order placed"));

        // QL0007: Reindex is not public.
        _jobs.Enqueue<OrderJobs>(x => x.Reindex(order.Id));

        // QL0010: the target is async void.
        _jobs.Enqueue<OrderJobs>(x => x.NotifyWarehouse(order.Id));

        // QL0023: enqueued through the interface, so the implementation's [AutomaticRetry] is ignored.
        _jobs.Enqueue<IReportJobs>(x => x.Build(DateTime.UtcNow.Month));

        // Good: ids and values only.
        _jobs.Enqueue<OrderJobs>(x => x.AddLateFee(order.Id));
        _jobs.Enqueue<OrderJobs>(x => x.IssueInvoice(order.Id, order.Total));
        _jobs.Enqueue<OrderJobs>(x => x.MarkPaid(order.Id));
        _jobs.Enqueue<OrderJobs>(x => x.Cancel(order.Id));
        _jobs.Enqueue<OrderJobs>(x => x.Reconcile(order.Id));
        _jobs.Enqueue<OrderJobs>(x => x.Remind(order.Id));
        _jobs.Enqueue<OrderJobs>(x => x.Thank(order.Id));
        _jobs.Enqueue<OrderJobs>(x => x.RemindAllAsync(CancellationToken.None));
    }

    public void ScheduleRecurring()
    {
        // QL0031: ReportJobs.Nightly has no [DisableConcurrentExecution], and RunReportNow triggers it by hand.
        RecurringJob.AddOrUpdate<ReportJobs>("nightly-report", x => x.Nightly(), Cron.Daily());

        // QL0061: no recurring job id; renaming the method leaves an orphan schedule.
        // QL0031: IReportJobs.Build has no [DisableConcurrentExecution] either.
#pragma warning disable CS0618 // The id-less overload is obsolete: that is the point of this example.
        RecurringJob.AddOrUpdate<IReportJobs>(x => x.Build(1), Cron.Monthly());
#pragma warning restore CS0618
    }

    public void RunReportNow() => RecurringJob.TriggerJob("nightly-report");

    public void DeleteOrder(int orderId)
    {
        using var scope = new TransactionScope();
        var order = _db.Orders.Find(orderId);
        if (order is null)
        {
            return;
        }

        // QL0041: jobs load orders by id; a pending job will find nothing.
        _db.Orders.Remove(order);

        // QL0004: enqueued inside the transaction scope, before Complete().
        _jobs.Enqueue<OrderJobs>(x => x.Remind(orderId));
        _db.SaveChanges();
        scope.Complete();
    }
}
