using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace QueueLint.Bench
{
    /// <summary>
    /// Generates a realistic solution: an EF Core model, job classes with enqueue sites (Hangfire, Quartz,
    /// MassTransit), hosted services and retry policies, or Rebus or Wolverine handlers, CAP subscribers or Azure Functions and the services that send to them, and a
    /// majority of ordinary application code that has nothing to do with jobs (services, LINQ, string handling, many
    /// invocations).
    /// </summary>
    internal static class CodeGenerator
    {
        public static List<string> Generate(Scenario scenario)
        {
            var files = new List<string>();
            if (scenario.Frameworks)
            {
                files.Add(Model(System.Math.Max(System.Math.Max(scenario.Jobs, scenario.Rebus), System.Math.Max(scenario.Wolverine, System.Math.Max(scenario.Cap, scenario.Functions)))));
                for (var i = 0; i < scenario.Jobs; i++)
                {
                    files.Add(JobUnit(i));
                }

                for (var i = 0; i < scenario.Rebus; i++)
                {
                    files.Add(RebusUnit(i));
                }

                for (var i = 0; i < scenario.Wolverine; i++)
                {
                    files.Add(WolverineUnit(i));
                }

                for (var i = 0; i < scenario.Cap; i++)
                {
                    files.Add(CapUnit(i));
                }

                for (var i = 0; i < scenario.Functions; i++)
                {
                    files.Add(FunctionsUnit(i));
                }

                for (var i = 0; i < scenario.Payload; i++)
                {
                    files.Add(PayloadUnit(i));
                }
            }

            for (var i = 0; i < scenario.Plain; i++)
            {
                files.Add(PlainUnit(i));
            }

            return files;
        }

        /// <summary>
        /// The QL0060 contract: the job methods of every unit, except that odd units list <c>Confirm</c> with an
        /// old signature and leave <c>ShipAsync</c> out, so that both kinds of finding are computed.
        /// </summary>
        public static string JobContract(int jobUnits)
        {
            var sb = new StringBuilder("# Hangfire job methods\n");
            for (var i = 0; i < jobUnits; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"Shop.Jobs{i}.OrderJobs{i}.Confirm({(i % 2 == 0 ? "Shop.Data.Order" + i : "int")})\n");
                if (i % 2 == 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"Shop.Jobs{i}.OrderJobs{i}.ShipAsync(int, System.Threading.CancellationToken)\n");
                }

                sb.Append(CultureInfo.InvariantCulture, $"Shop.Jobs{i}.OrderJobs{i}.Report()\n");
            }

            return sb.ToString();
        }

        private static string Model(int jobUnits)
        {
            var sb = new StringBuilder();
            sb.AppendLine("using Microsoft.EntityFrameworkCore;");
            sb.AppendLine("namespace Shop.Data {");
            for (var i = 0; i < jobUnits; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $$"""
                    public class Order{{i}} { public int Id { get; set; } public decimal Total { get; set; } public string Email { get; set; } = ""; }
                    public class Customer{{i}} { public int Customer{{i}}Id { get; set; } public string Name { get; set; } = ""; }

                    """);
            }

            sb.AppendLine("public class ShopDb : DbContext {");
            for (var i = 0; i < jobUnits; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"public DbSet<Order{i}> Orders{i} => Set<Order{i}>();\npublic DbSet<Customer{i}> Customers{i} => Set<Customer{i}>();\n");
            }

            sb.AppendLine("} }");
            return sb.ToString();
        }

        /// <summary>
        /// Rebus handlers with the pitfalls QueueLint finds in them (an entity in a message, an unguarded insert, an
        /// increment, a swallowed failure, a send before SaveChanges outside a handler) and the idioms it leaves alone
        /// (a send inside a handler or a transaction scope, a second-level handler).
        /// </summary>
        private static string RebusUnit(int i) => $$"""
            using System;
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Rebus.Bus;
            using Rebus.Handlers;
            using Rebus.Retry.Simple;
            using Rebus.Transport;
            using Shop.Data;

            namespace Shop.Handlers{{i}}
            {
                public record PlaceOrder{{i}}(int OrderId, decimal Total);

                public record OrderPlaced{{i}}(int OrderId);

                public class OrderShipped{{i}}
                {
                    public Order{{i}} Order { get; init; } = null!;
                    public string ApiKey { get; init; } = "";
                }

                {{Notifier(i)}}

                public class PlaceOrderHandler{{i}} : IHandleMessages<PlaceOrder{{i}}>, IHandleMessages<IFailed<PlaceOrder{{i}}>>
                {
                    private readonly ShopDb _db;
                    private readonly IBus _bus;
                    private readonly Notifier{{i}} _notifier;

                    public PlaceOrderHandler{{i}}(ShopDb db, IBus bus, Notifier{{i}} notifier) => (_db, _bus, _notifier) = (db, bus, notifier);

                    public async Task Handle(PlaceOrder{{i}} message)
                    {
                        _db.Orders{{i}}.Add(new Order{{i}} { Id = message.OrderId, Total = message.Total });
                        await _bus.Publish(new OrderPlaced{{i}}(message.OrderId));
                        await _db.SaveChangesAsync();
                        await _notifier.NotifyAsync(message.OrderId);
                    }

                    public Task Handle(IFailed<PlaceOrder{{i}}> message) => _bus.Defer(TimeSpan.FromMinutes(5), message.Message);
                }

                public class OrderPlacedHandler{{i}} : IHandleMessages<OrderPlaced{{i}}>
                {
                    private readonly ShopDb _db;

                    public OrderPlacedHandler{{i}}(ShopDb db) => _db = db;

                    public async Task Handle(OrderPlaced{{i}} message)
                    {
                        var order = await _db.Orders{{i}}.FirstAsync(o => o.Id == message.OrderId);
                        order.Total += 1;
                        await _db.SaveChangesAsync();
                    }
                }

                public class OrderShippedHandler{{i}} : IHandleMessages<OrderShipped{{i}}>
                {
                    public Task Handle(OrderShipped{{i}} message) => Task.Delay(message.Order.Id % 3);
                }

                public class Checkout{{i}}
                {
                    private readonly ShopDb _db;
                    private readonly IBus _bus;

                    public Checkout{{i}}(ShopDb db, IBus bus) => (_db, _bus) = (db, bus);

                    public async Task PlaceAsync(Order{{i}} order)
                    {
                        _db.Orders{{i}}.Add(order);
                        await _bus.Send(new PlaceOrder{{i}}(order.Id, order.Total));
                        await _bus.SendLocal(new OrderShipped{{i}} { Order = order, ApiKey = "k" });
                        await _db.SaveChangesAsync();
                    }

                    public async Task PlaceLaterAsync(Order{{i}} order)
                    {
                        using var scope = new RebusTransactionScope();
                        _db.Orders{{i}}.Add(order);
                        await _bus.Send(new PlaceOrder{{i}}(order.Id, order.Total));
                        await _db.SaveChangesAsync();
                        await scope.CompleteAsync();
                    }
                }
            }

            """;

        /// <summary>
        /// Wolverine handlers, found by their names, with the pitfalls QueueLint finds in them (an entity in a message, an
        /// unguarded insert, an increment, a swallowed failure, a publish before SaveChanges outside a handler, retries at
        /// once) and the idioms it leaves alone (a publish inside a handler, a query only invoked, growing cooldowns).
        /// </summary>
        private static string WolverineUnit(int i) => $$"""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Wolverine;
            using Wolverine.ErrorHandling;
            using Shop.Data;

            namespace Shop.Wolverine{{i}}
            {
                public record PlaceOrder{{i}}(int OrderId, decimal Total);

                public record OrderPlaced{{i}}(int OrderId);

                public record GetOrder{{i}}(int OrderId);

                public class OrderShipped{{i}}
                {
                    public Order{{i}} Order { get; init; } = null!;
                    public string ApiKey { get; init; } = "";
                }

                {{Notifier(i)}}

                public static class PlaceOrderHandler{{i}}
                {
                    public static async Task Handle(PlaceOrder{{i}} message, ShopDb db, IMessageContext bus, Notifier{{i}} notifier)
                    {
                        db.Orders{{i}}.Add(new Order{{i}} { Id = message.OrderId, Total = message.Total });
                        await bus.PublishAsync(new OrderPlaced{{i}}(message.OrderId));
                        await db.SaveChangesAsync();
                        await notifier.NotifyAsync(message.OrderId);
                    }
                }

                public class OrderPlacedHandler{{i}}
                {
                    private readonly ShopDb _db;

                    public OrderPlacedHandler{{i}}(ShopDb db) => _db = db;

                    public async Task Handle(OrderPlaced{{i}} message, CancellationToken cancellationToken)
                    {
                        var order = await _db.Orders{{i}}.FirstAsync(o => o.Id == message.OrderId, cancellationToken);
                        order.Total += 1;
                        await _db.SaveChangesAsync(cancellationToken);
                    }
                }

                public static class OrderShippedHandler{{i}}
                {
                    public static Task Handle(OrderShipped{{i}} message) => Task.Delay(message.Order.Id % 3);
                }

                public static class GetOrderHandler{{i}}
                {
                    public static Task<Order{{i}}?> Handle(GetOrder{{i}} query, ShopDb db) => db.Orders{{i}}.FindAsync(query.OrderId).AsTask();
                }

                public class Checkout{{i}}
                {
                    private readonly ShopDb _db;
                    private readonly IMessageBus _bus;

                    public Checkout{{i}}(ShopDb db, IMessageBus bus) => (_db, _bus) = (db, bus);

                    public async Task PlaceAsync(Order{{i}} order)
                    {
                        _db.Orders{{i}}.Add(order);
                        await _bus.SendAsync(new PlaceOrder{{i}}(order.Id, order.Total));
                        await _bus.PublishAsync(new OrderShipped{{i}} { Order = order, ApiKey = "k" });
                        await _db.SaveChangesAsync();
                    }

                    public Task<Order{{i}}?> FindAsync(int id) => _bus.InvokeAsync<Order{{i}}?>(new GetOrder{{i}}(id));
                }

                public static class Messaging{{i}}
                {
                    public static void Configure(WolverineOptions opts)
                    {
                        opts.OnException<HttpRequestException>().RetryTimes(3);
                        opts.OnException<TimeoutException>().RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));
                    }
                }
            }
            """;

        /// <summary>
        /// CAP subscribers with the pitfalls QueueLint finds in them (an entity in a message, a secret, a publish before the
        /// commit, an increment repeated on redelivery), a publish after the commit, a controller
        /// subscription, and a subscriber that calls a service.
        /// </summary>
        private static string CapUnit(int i) => $$"""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using DotNetCore.CAP;
            using Microsoft.EntityFrameworkCore;
            using Shop.Data;

            namespace Shop.Cap{{i}}
            {
                public record OrderPlaced{{i}}(int OrderId, decimal Total);

                public class OrderShipped{{i}}
                {
                    public Order{{i}} Order { get; init; } = null!;
                    public string ApiKey { get; init; } = "";
                }

                {{Notifier(i)}}

                public class OrderSubscriber{{i}} : ICapSubscribe
                {
                    private readonly ShopDb _db;
                    private readonly Notifier{{i}} _notifier;

                    public OrderSubscriber{{i}}(ShopDb db, Notifier{{i}} notifier) => (_db, _notifier) = (db, notifier);

                    [CapSubscribe("shop.order.placed.{{i}}")]
                    public async Task OnPlaced(OrderPlaced{{i}} message, CancellationToken cancellationToken)
                    {
                        var order = await _db.Orders{{i}}.FirstAsync(o => o.Id == message.OrderId, cancellationToken);
                        order.Total += 1;
                        await _db.SaveChangesAsync(cancellationToken);
                        await _notifier.NotifyAsync(message.OrderId);
                    }

                    [CapSubscribe("shop.order.shipped.{{i}}")]
                    public Task OnShipped(OrderShipped{{i}} message, [FromCap] CapHeader header) => Task.Delay(message.Order.Id % 3);

                    public int Describe(int orderId) => orderId * 2;
                }

                public class ShippingController{{i}}
                {
                    [CapSubscribe("shop.order.returned.{{i}}")]
                    public Task OnReturned(OrderPlaced{{i}} message) => new HttpClient().GetAsync("https://returns/" + message.OrderId);
                }

                public class Checkout{{i}}
                {
                    private readonly ShopDb _db;
                    private readonly ICapPublisher _cap;

                    public Checkout{{i}}(ShopDb db, ICapPublisher cap) => (_db, _cap) = (db, cap);

                    public async Task PlaceAsync(Order{{i}} order)
                    {
                        _db.Orders{{i}}.Add(order);
                        await _cap.PublishAsync("shop.order.placed.{{i}}", new OrderPlaced{{i}}(order.Id, order.Total));
                        await _cap.PublishAsync("shop.order.shipped.{{i}}", new OrderShipped{{i}} { Order = order, ApiKey = "k" });
                        await _db.SaveChangesAsync();
                    }

                    public async Task PlaceInTransactionAsync(Order{{i}} order)
                    {
                        using var transaction = await _db.Database.BeginTransactionAsync();
                        _db.Orders{{i}}.Add(order);
                        await _db.SaveChangesAsync();
                        await transaction.CommitAsync();
                        await _cap.PublishDelayAsync(TimeSpan.FromMinutes(5), "shop.order.placed.{{i}}", new OrderPlaced{{i}}(order.Id, order.Total));
                    }
                }
            }
            """;

        /// <summary>
        /// Azure Functions with the pitfalls QueueLint finds in them (an entity in a queue message, an add to a bound
        /// queue before the commit, an increment repeated on redelivery, an endless fixed-delay retry), an HTTP function,
        /// and a function that calls a service: isolated worker and in-process side by side.
        /// </summary>
        private static string FunctionsUnit(int i) => $$"""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Azure.Functions.Worker;
            using Microsoft.EntityFrameworkCore;
            using Shop.Data;
            using WebJobs = Microsoft.Azure.WebJobs;

            namespace Shop.Functions{{i}}
            {
                public record OrderPlaced{{i}}(int OrderId, decimal Total);

                public class OrderShipped{{i}}
                {
                    public Order{{i}} Order { get; init; } = null!;
                    public string ApiKey { get; init; } = "";
                }

                {{Notifier(i)}}

                public class OrderFunctions{{i}}
                {
                    private readonly ShopDb _db;
                    private readonly Notifier{{i}} _notifier;

                    public OrderFunctions{{i}}(ShopDb db, Notifier{{i}} notifier) => (_db, _notifier) = (db, notifier);

                    [Function("order-placed-{{i}}")]
                    public async Task OnPlaced([QueueTrigger("placed-{{i}}")] OrderPlaced{{i}} message, CancellationToken cancellationToken)
                    {
                        var order = await _db.Orders{{i}}.FirstAsync(o => o.Id == message.OrderId, cancellationToken);
                        order.Total += 1;
                        await _db.SaveChangesAsync(cancellationToken);
                        await _notifier.NotifyAsync(message.OrderId);
                    }

                    [Function("order-shipped-{{i}}")]
                    public Task OnShipped([QueueTrigger("shipped-{{i}}")] OrderShipped{{i}} message) => Task.Delay(message.Order.Id % 3);

                    [Function("nightly-{{i}}")]
                    [FixedDelayRetry(-1, "00:00:10")]
                    public Task Nightly([TimerTrigger("0 0 2 * * *")] TimerInfo timer, FunctionContext context)
                        => new HttpClient().GetAsync("https://nightly/{{i}}", context.CancellationToken);

                    public int Describe(int orderId) => orderId * 2;
                }

                public static class Checkout{{i}}
                {
                    [WebJobs.FunctionName("checkout-{{i}}")]
                    public static async Task Place(
                        [WebJobs.QueueTrigger("carts-{{i}}")] int cartId,
                        [WebJobs.Queue("placed-{{i}}")] WebJobs.IAsyncCollector<OrderPlaced{{i}}> placed,
                        ShopDb db)
                    {
                        var order = new Order{{i}} { Id = cartId };
                        db.Orders{{i}}.Add(order);
                        await placed.AddAsync(new OrderPlaced{{i}}(order.Id, order.Total));
                        await db.SaveChangesAsync();
                    }
                }
            }
            """;

        /// <summary>A service a handler calls, which swallows the failure of its work (QL0012); its method is where an edit is measured.</summary>
        private static string Notifier(int i) => $$"""
            public class Notifier{{i}}
            {
                private readonly HttpClient _http = new();

                public async Task NotifyAsync(int orderId)
                {
                    try { await _http.GetAsync("https://notify/" + orderId); }
                    catch (Exception) { }
                }
            }
            """;

        private static string JobUnit(int i) => $$"""
            using System;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Hangfire;
            using MassTransit;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.Hosting;
            using Polly;
            using Quartz;
            using Shop.Data;

            namespace Shop.Jobs{{i}}
            {
                public record OrderPlaced{{i}}(int OrderId, decimal Total);

                public class OrderShipped{{i}}
                {
                    public Order{{i}} Order { get; init; } = null!;
                }

                public interface INotifier{{i}}
                {
                    Task NotifyAsync(int orderId);
                }

                public class Notifier{{i}} : INotifier{{i}}
                {
                    public Task NotifyAsync(int orderId) => Deliver(orderId);

                    private static Task Deliver(int orderId) => Task.Delay(orderId % 3);
                }

                public class OrderJobs{{i}}
                {
                    private readonly ShopDb _db;
                    private readonly INotifier{{i}} _notifier;

                    public OrderJobs{{i}}(ShopDb db, INotifier{{i}} notifier)
                    {
                        _db = db;
                        _notifier = notifier;
                    }

                    // Error feedback: QL0011, QL0012, QL0013, QL0010, and a service reached through its interface.
                    public async Task NotifyAsync(int orderId)
                    {
                        try
                        {
                            await _notifier.NotifyAsync(orderId);
                        }
                        catch (Exception)
                        {
                        }

                        _ = _notifier.NotifyAsync(orderId + 1);
                        Audit(orderId);
                    }

                    private async void Audit(int orderId) => await Task.Yield();

                    public void Confirm(Order{{i}} order) => Console.WriteLine(order.Total);

                    [AutomaticRetry(Attempts = 5, DelaysInSeconds = new[] { 10, 10, 10 })]
                    public void Refund(int orderId) => Console.WriteLine(orderId);
                    public void Report() => Console.WriteLine(_db.Orders{{i}}.Count());

                    public async Task ShipAsync(int orderId, CancellationToken cancellationToken)
                    {
                        var order = await _db.Orders{{i}}.FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
                        if (order is null)
                        {
                            return;
                        }

                        order.Total += 1;
                        await _db.SaveChangesAsync(cancellationToken);
                    }

                    // Duplicate runs and conflicting operations: QL0040, QL0032, QL0030.
                    public async Task CancelAsync(int orderId)
                    {
                        var order = await _db.Orders{{i}}.FindAsync(orderId);
                        order!.Total = 0;
                        await _db.SaveChangesAsync();
                        _db.Customers{{i}}.Add(new Customer{{i}} { Name = "c" + orderId });
                        await _db.SaveChangesAsync();
                    }
                }

                public class Checkout{{i}}
                {
                    private static readonly ISyncPolicy s_retry = Policy.Handle<TimeoutException>()
                        .WaitAndRetry(3, attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)));

                    private readonly IBackgroundJobClient _jobs;
                    private readonly IPublishEndpoint _bus;

                    public Checkout{{i}}(IBackgroundJobClient jobs, IPublishEndpoint bus)
                    {
                        _jobs = jobs;
                        _bus = bus;
                    }

                    public async Task CompleteAsync(Order{{i}} order)
                    {
                        s_retry.Execute(() => Console.WriteLine(order.Id));
                        _jobs.Enqueue<OrderJobs{{i}}>(x => x.Confirm(order));
                        _jobs.Enqueue<OrderJobs{{i}}>(x => x.ShipAsync(order.Id, CancellationToken.None));
                        BackgroundJob.Schedule<OrderJobs{{i}}>(x => x.ShipAsync(order.Id, CancellationToken.None), TimeSpan.FromMinutes({{i % 7 + 1}}));
                        await _bus.Publish(new OrderPlaced{{i}}(order.Id, order.Total));
                        await _bus.Publish(new OrderShipped{{i}} { Order = order });
                        _jobs.Enqueue<OrderJobs{{i}}>(x => x.CancelAsync(order.Id));
                        _jobs.Enqueue<OrderJobs{{i}}>(x => x.NotifyAsync(order.Id));
                        _jobs.Enqueue<LifetimeJobs{{i}}>(x => x.Reconcile(order.Id));
                        _jobs.Enqueue<LifetimeJobs{{i}}>(x => x.RemindAll());
                    }
                }

                // Lifetime (QL0050–QL0052): a blocking job, a job with no token, a whole table walked with a save per row.
                public class LifetimeJobs{{i}}
                {
                    private readonly ShopDb _db;

                    public LifetimeJobs{{i}}(ShopDb db) => _db = db;

                    public void Reconcile(int orderId) => Task.Delay(orderId).Wait();

                    public async Task RemindAll()
                    {
                        foreach (var order in await _db.Orders{{i}}.ToListAsync())
                        {
                            order.Total += 1;
                            await _db.SaveChangesAsync();
                        }
                    }
                }

                public class Poller{{i}} : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (true)
                        {
                            await Task.Delay(TimeSpan.FromMinutes(1));
                        }
                    }

                    public void Schedule(IRecurringJobManager manager)
                    {
                        manager.AddOrUpdate<OrderJobs{{i}}>("report-{{i}}", x => x.Report(), Cron.Daily());
                #pragma warning disable CS0618
                        RecurringJob.AddOrUpdate<OrderJobs{{i}}>(x => x.Report(), Cron.Hourly());
                #pragma warning restore CS0618
                    }

                    public void RunReportNow() => RecurringJob.TriggerJob("report-{{i}}");

                    public static async Task StartCleanupAsync(IScheduler scheduler, Order{{i}} order)
                    {
                        var trigger = TriggerBuilder.Create().WithCronSchedule("0 0 {{i % 24}} * * ?").Build();
                        await scheduler.ScheduleJob(CleanupJob{{i}}.Build(order), trigger);
                        await scheduler.ScheduleJob(JobBuilder.Create<CleanupJob{{i}}>().WithIdentity("cleanup-{{i}}").Build(), trigger);
                        await scheduler.TriggerJob(new JobKey("cleanup-{{i}}"));
                    }
                    // QL0041: jobs load these orders by key.
                    public void Delete(ShopDb db, Order{{i}} order) => db.Orders{{i}}.Remove(order);
                }

                public class OrderPlacedConsumer{{i}} : IConsumer<OrderPlaced{{i}}>
                {
                    public Task Consume(ConsumeContext<OrderPlaced{{i}}> context) => Task.CompletedTask;
                }

                public class CleanupJob{{i}} : IJob
                {
                    public Task Execute(IJobExecutionContext context)
                    {
                        var map = context.MergedJobDataMap;
                        return Task.FromResult(map.GetInt("orderId"));
                    }

                    public static IJobDetail Build(Order{{i}} order) => JobBuilder.Create<CleanupJob{{i}}>()
                        .UsingJobData(new JobDataMap { ["order"] = order })
                        .UsingJobData("orderId", order.Id)
                        .Build();
                }

                public class Worker{{i}} : BackgroundService
                {
                    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
                        .AddRetry(new Polly.Retry.RetryStrategyOptions { MaxRetryAttempts = 3 })
                        .Build();

                    private static async Task<bool> PingAsync(CancellationToken cancellationToken)
                    {
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                await Task.Yield();
                                return true;
                            }
                            catch (TimeoutException)
                            {
                                await Task.Delay(500, cancellationToken);
                            }
                        }

                        return false;
                    }

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested && await PingAsync(stoppingToken))
                        {
                            await _pipeline.ExecuteAsync(async token => await Task.Delay(1000, token), stoppingToken);
                        }
                    }
                }
            }

            """;

        /// <summary>
        /// Nested DTO graphs handed to Hangfire jobs and published with MassTransit, for QL0009 and QL0005's walk through
        /// payload members: records of records, lists and dictionaries of them, an address object, and the shapes the
        /// rules report (a private setter, a back-reference, file content, two kinds of personal data).
        /// </summary>
        private static string PayloadUnit(int i) => $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Hangfire;
            using MassTransit;

            namespace Shop.Payload{{i}}
            {
                public record Money{{i}}(decimal Amount, string Currency);

                public record Line{{i}}(string Sku, int Quantity, Money{{i}} Price, IReadOnlyList<string> Tags);

                public class Address{{i}}
                {
                    public string Street { get; set; } = "";
                    public string City { get; set; } = "";
                    public string PostCode { get; set; } = "";
                }

                public class Card{{i}}
                {
                    public int Id { get; set; }
                    public string FirstName { get; set; } = "";
                    public string Email { get; set; } = "";
                    public Address{{i}} Address { get; set; } = new();
                }

                public class Invoice{{i}}
                {
                    public int Id { get; set; }
                    public List<Line{{i}}> Lines { get; set; } = new();
                    public Dictionary<string, Money{{i}}> Totals { get; set; } = new();
                    public Card{{i}} Customer { get; set; } = new();
                    public decimal Paid { get; private set; }
                    public void Pay(decimal amount) => Paid += amount;
                }

                public class Shipment{{i}}
                {
                    public Guid Id { get; set; }
                    public List<Parcel{{i}}> Parcels { get; set; } = new();
                }

                public class Parcel{{i}}
                {
                    public Shipment{{i}} Shipment { get; set; } = null!;
                    public decimal WeightKg { get; set; }
                    public byte[] Label { get; set; } = Array.Empty<byte>();
                }

                public record Quote{{i}}(int Id, IReadOnlyList<Line{{i}}> Lines, Money{{i}} Total, DateTimeOffset ValidUntil);

                public record InvoiceIssued{{i}}(int InvoiceId, Quote{{i}} Quote, DateTimeOffset At);

                public class PayloadJobs{{i}}
                {
                    public void Send(Invoice{{i}} invoice) { }
                    public void Ship(Shipment{{i}} shipment) { }
                    public void Quote(Quote{{i}} quote, Line{{i}}[] lines) { }
                    public void Mail(Card{{i}} card) { }
                }

                public class Billing{{i}}
                {
                    private readonly IBackgroundJobClient _jobs;
                    private readonly IPublishEndpoint _bus;

                    public Billing{{i}}(IBackgroundJobClient jobs, IPublishEndpoint bus)
                    {
                        _jobs = jobs;
                        _bus = bus;
                    }

                    public async Task Issue(Invoice{{i}} invoice, Shipment{{i}} shipment, Quote{{i}} quote, Line{{i}}[] lines)
                    {
                        _jobs.Enqueue<PayloadJobs{{i}}>(x => x.Send(invoice));
                        _jobs.Enqueue<PayloadJobs{{i}}>(x => x.Ship(shipment));
                        _jobs.Enqueue<PayloadJobs{{i}}>(x => x.Quote(quote, lines));
                        _jobs.Enqueue<PayloadJobs{{i}}>(x => x.Mail(invoice.Customer));
                        await _bus.Publish(new InvoiceIssued{{i}}(invoice.Id, quote, DateTimeOffset.UtcNow));
                        await _bus.Publish(quote);
                    }
                }
            }

            """;

        private static string PlainUnit(int i) => $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;

            namespace App.Plain{{i}}
            {
                public sealed class Customer{{i}}Record
                {
                    public int Id { get; init; }
                    public string Name { get; init; } = "";
                    public decimal Balance { get; set; }
                }

                public interface IPricing{{i}}
                {
                    decimal Price(decimal amount, int quantity);
                }

                public sealed class Pricing{{i}} : IPricing{{i}}
                {
                    public decimal Price(decimal amount, int quantity) => Math.Round(amount * quantity * 1.2m, 2);
                }

                public sealed class Service{{i}}
                {
                    private readonly IPricing{{i}} _pricing = new Pricing{{i}}();
                    private readonly List<Customer{{i}}Record> _customers = new();

                    public void Add(string name, decimal balance)
                        => _customers.Add(new Customer{{i}}Record { Id = _customers.Count + 1, Name = name.Trim(), Balance = balance });

                    public IReadOnlyList<string> Report(int top)
                    {
                        return _customers
                            .Where(c => c.Balance > 0)
                            .OrderByDescending(c => c.Balance)
                            .Take(top)
                            .Select(c => string.Format("{0}: {1:C}", c.Name.ToUpperInvariant(), _pricing.Price(c.Balance, 2)))
                            .ToList();
                    }

                    public string Describe()
                    {
                        var builder = new StringBuilder();
                        foreach (var customer in _customers)
                        {
                            builder.Append(customer.Id).Append(':').Append(customer.Name.Length).AppendLine();
                            if (customer.Name.StartsWith("A", StringComparison.Ordinal))
                            {
                                builder.Append(Math.Max(customer.Balance, 0m));
                            }
                        }

                        return builder.ToString();
                    }

                    public int Checksum(string text)
                    {
                        var sum = 0;
                        for (var k = 0; k < text.Length; k++)
                        {
                            sum = unchecked(sum * 31 + char.ToLowerInvariant(text[k]));
                        }

                        return Math.Abs(sum % 1000) + Describe().Length + Report(3).Count;
                    }
                }
            }

            """;
    }
}
