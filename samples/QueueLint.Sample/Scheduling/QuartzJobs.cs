using Quartz;
using Shop.Data;
using Shop.Resilience;

namespace Shop.Scheduling;

/// <summary>Quartz.NET jobs: reminders about unpaid invoices.</summary>
public class InvoiceReminderJob : IJob
{
    // QL0031: Quartz may start this job again while the previous run still works.
    public async Task Execute(IJobExecutionContext context)
    {
        var invoiceNumber = context.MergedJobDataMap.GetString("invoiceNumber");

        // The invoice as it was when the job was scheduled (QL0001 at the put below).
        var invoice = (Invoice)context.MergedJobDataMap["invoice"];
        try
        {
            await Task.Delay(10, context.CancellationToken);
            Console.WriteLine($"Reminded about invoice {invoiceNumber} of {invoice.Amount:C}");
        }
        catch (Exception ex)
        {
            // QL0020: refiring at once, forever at the same pace, hammers whatever just failed.
            throw new JobExecutionException(ex) { RefireImmediately = true };
        }
    }

    public static IJobDetail For(Invoice invoice)
    {
        var data = new JobDataMap();

        // QL0001: the invoice entity is serialized into the job store; the job above reads it as it was then.
        data["invoice"] = invoice;

        // Good: the key.
        data["invoiceNumber"] = invoice.Number.ToString();

        return JobBuilder.Create<InvoiceReminderJob>()
            .WithIdentity("invoice-reminder-" + invoice.Number)
            .UsingJobData(data)
            .Build();
    }
}

/// <summary>Starts the daily reminder run.</summary>
public static class ReminderSchedule
{
    public static Task Start(IScheduler scheduler)
    {
        // QL0031: a cron trigger fires InvoiceReminderJob every morning, even while yesterday's run still works.
        var job = JobBuilder.Create<InvoiceReminderJob>().WithIdentity("invoice-reminders").Build();
        var trigger = TriggerBuilder.Create().WithCronSchedule("0 0 8 * * ?").Build();
        return scheduler.ScheduleJob(job, trigger);
    }
}

/// <summary>Good: one run at a time, reads its key from the data map.</summary>
[DisallowConcurrentExecution]
public class ShipmentSyncJob : IJob
{
    public async Task Execute(IJobExecutionContext context)
    {
        try
        {
            var shipmentId = context.MergedJobDataMap.GetLong("shipmentId");
            var tracking = new CarrierTracking();
            var status = await tracking.GetStatusAsync(shipmentId.ToString(), context.CancellationToken);
            await tracking.NotifyAsync(shipmentId.ToString(), context.CancellationToken);
            Console.WriteLine($"Synced shipment {shipmentId}: {status}");
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"Shipment sync failed: {ex.Message}");
            throw;
        }
    }
}
