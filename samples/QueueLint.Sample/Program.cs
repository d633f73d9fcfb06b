using Coravel;
using Hangfire;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Shop.Data;
using Shop.Jobs;
using Shop.Messaging;
using Shop.Scheduling;

// The app wires its services and exits: it exists to be compiled, so that QueueLint shows its findings.
var services = new ServiceCollection();
services.AddDbContext<ShopDbContext>(options => options.UseSqlite("Data Source=shop.db"));
services.AddSingleton<IMailer, ConsoleMailer>();
services.AddMassTransit(bus =>
{
    bus.AddConsumer<OrderPlacedConsumer>();
    bus.AddConsumer<OrderSummaryConsumer>();
    bus.UsingInMemory((context, cfg) =>
    {
        // QL0020: immediate retries: no time for whatever failed to recover.
        cfg.UseMessageRetry(retry => retry.Immediate(5));
        cfg.ReceiveEndpoint("order-audit", endpoint =>
        {
            // QL0014: a message that still fails is dropped instead of moved to order-audit_error.
            endpoint.DiscardFaultedMessages();
        });
        cfg.ConfigureEndpoints(context);
    });
});

services.AddQuartz(quartz => quartz.AddJob<ShipmentSyncJob>(job => job.WithIdentity("shipment-sync").StoreDurably()));
services.AddScheduler();
services.AddTransient<RefreshCatalogue>();
services.AddLogging();

using var provider = services.BuildServiceProvider();
provider.UseScheduler(scheduler => scheduler.Schedule<RefreshCatalogue>().Hourly());

// Every failed Hangfire job is reported in one place.
GlobalJobFilters.Filters.Add(new ReportFailedJobs(provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ReportFailedJobs>>()));
Console.WriteLine($"Shop sample: {services.Count} services registered. Build it to see QueueLint's findings.");
