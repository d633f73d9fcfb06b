using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.PassEntityIdAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0001PassEntityIdTests
    {
        private static Task VerifyAsync(string source, string? editorConfig = null, params DiagnosticResult[] expected)
        {
            var test = new Verify.Test { EditorConfig = editorConfig };
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        [Fact]
        public Task Hangfire_static_generic_enqueue_with_entity_argument()
            => VerifyAsync("""
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    public void SendConfirmation(Order order) { }
                }

                public class Checkout
                {
                    public void Complete(Order order)
                    {
                        BackgroundJob.Enqueue<OrderJobs>(x => x.SendConfirmation({|#0:order|}));
                    }
                }
                """,
                expected: Verify.Diagnostic("QL0001").WithLocation(0)
                    .WithMessage("Job 'OrderJobs.SendConfirmation' carries the entity 'Order', serialized now and stale when the job runs; pass 'order.Id' instead and load the entity in the job"));

        [Fact]
        public Task Hangfire_every_enqueue_api()
            => VerifyAsync("""
                using System;
                using System.Threading.Tasks;
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    public void Ship(Order order) { }
                    public Task ShipAsync(Order order) => Task.CompletedTask;
                    public static void Archive(Customer customer) { }
                }

                public class Checkout
                {
                    private readonly IBackgroundJobClient _client;
                    private readonly IRecurringJobManager _recurring;
                    private readonly OrderJobs _jobs = new OrderJobs();

                    public Checkout(IBackgroundJobClient client, IRecurringJobManager recurring)
                    {
                        _client = client;
                        _recurring = recurring;
                    }

                    public void Complete(Order order, Customer customer, string parentId)
                    {
                        BackgroundJob.Enqueue(() => _jobs.Ship({|QL0001:order|}));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.ShipAsync({|QL0001:order|}));
                        BackgroundJob.Enqueue("critical", () => OrderJobs.Archive({|QL0001:customer|}));
                        BackgroundJob.Schedule<OrderJobs>(x => x.Ship({|QL0001:order|}), TimeSpan.FromMinutes(5));
                        BackgroundJob.ContinueJobWith<OrderJobs>(parentId, x => x.Ship({|QL0001:order|}));
                        _client.Enqueue<OrderJobs>(x => x.Ship({|QL0001:order|}));
                        _client.Schedule<OrderJobs>(x => x.ShipAsync({|QL0001:order|}), DateTimeOffset.UtcNow.AddHours(1));
                        _client.ContinueJobWith<OrderJobs>(parentId, x => x.Ship({|QL0001:order|}));
                        _client.Create<OrderJobs>(x => x.Ship({|QL0001:order|}), new Hangfire.States.EnqueuedState());
                        RecurringJob.AddOrUpdate<OrderJobs>("ship", x => x.Ship({|QL0001:order|}), Cron.Daily());
                        _recurring.AddOrUpdate<OrderJobs>("ship", x => x.Ship({|QL0001:order|}), Cron.Hourly());
                    }
                }
                """);

        [Fact]
        public Task Collections_of_entities_are_entities()
            => VerifyAsync("""
                using System.Collections.Generic;
                using System.Linq;
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    public void ShipAll(List<Order> orders) { }
                    public void ShipArray(Order[] orders) { }
                    public void ShipMany(IEnumerable<Order> orders) { }
                }

                public class Checkout
                {
                    public void Complete(List<Order> orders)
                    {
                        BackgroundJob.Enqueue<OrderJobs>(x => x.ShipAll({|#0:orders|}));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.ShipArray({|QL0001:orders.ToArray()|}));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.ShipMany({|QL0001:orders|}));
                    }
                }
                """,
                expected: Verify.Diagnostic("QL0001").WithLocation(0)
                    .WithMessage("Job 'OrderJobs.ShipAll' carries the entity 'Order', serialized now and stale when the job runs; pass the entities' 'Id' values instead and load the entity in the job"));

        [Fact]
        public Task Keys_by_convention_and_attribute_are_named_in_the_message()
            => VerifyAsync("""
                using Hangfire;
                using Shop;

                public class Jobs
                {
                    public void Mail(Customer customer) { }
                    public void Print(Invoice invoice) { }
                }

                public class Caller
                {
                    public void Run(Customer customer, Invoice invoice)
                    {
                        BackgroundJob.Enqueue<Jobs>(x => x.Mail({|#0:customer|}));
                        BackgroundJob.Enqueue<Jobs>(x => x.Print({|#1:invoice|}));
                    }
                }
                """,
                expected: new[]
                {
                    Verify.Diagnostic("QL0001").WithLocation(0)
                        .WithMessage("Job 'Jobs.Mail' carries the entity 'Customer', serialized now and stale when the job runs; pass 'customer.CustomerId' instead and load the entity in the job"),
                    Verify.Diagnostic("QL0001").WithLocation(1)
                        .WithMessage("Job 'Jobs.Print' carries the entity 'Invoice', serialized now and stale when the job runs; pass 'invoice.Number' instead and load the entity in the job"),
                });

        [Fact]
        public Task Ids_primitives_and_value_records_are_fine()
            => VerifyAsync("""
                using System;
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    public void Ship(int orderId) { }
                    public void Summarize(OrderSummary summary) { }
                    public void Note(string text, decimal amount, Guid id) { }
                    public void Maybe(Order? order) { }
                    public void Anything(object value) { }
                }

                public class Checkout
                {
                    public void Complete(Order order)
                    {
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Summarize(new OrderSummary(order.Id, order.Total)));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Note(nameof(Order), order.Total, Guid.Empty));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Maybe(null));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Anything(order.Id));
                    }

                    // Not an enqueue site: an ordinary call with an entity.
                    public void Direct(Order order) => new OrderJobs().Maybe(order);
                }
                """);

        [Fact]
        public Task Entity_passed_as_object_is_still_reported()
            => VerifyAsync("""
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    public void Anything(object value) { }
                }

                public class Checkout
                {
                    public void Complete(Order order) => BackgroundJob.Enqueue<OrderJobs>(x => x.Anything({|QL0001:order|}));
                }
                """);

        [Fact]
        public Task Entity_types_from_entity_type_configuration()
            => VerifyAsync("""
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.EntityFrameworkCore.Metadata.Builders;

                public class Shipment
                {
                    public long Id { get; set; }
                }

                public class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
                {
                    public void Configure(EntityTypeBuilder<Shipment> builder) => builder.HasKey(s => s.Id);
                }

                public class Jobs
                {
                    public void Track(Shipment shipment) { }
                }

                public class Caller
                {
                    public void Run(Shipment shipment) => BackgroundJob.Enqueue<Jobs>(x => x.Track({|QL0001:shipment|}));
                }
                """);

        [Fact]
        public Task Entity_types_from_model_builder_are_reported_at_compilation_end()
            => VerifyAsync("""
                using Hangfire;
                using Microsoft.EntityFrameworkCore;

                public class Refund
                {
                    public int Id { get; set; }
                }

                public class RefundDb : DbContext
                {
                    protected override void OnModelCreating(ModelBuilder modelBuilder)
                    {
                        modelBuilder.Entity<Refund>().HasKey(r => r.Id);
                    }
                }

                public class Jobs
                {
                    public void Pay(Refund refund) { }
                }

                public class Caller
                {
                    public void Run(Refund refund) => BackgroundJob.Enqueue<Jobs>(x => x.Pay({|QL0001:refund|}));
                }
                """);

        [Fact]
        public Task Entity_types_and_base_types_from_editorconfig()
            => VerifyAsync("""
                using Hangfire;

                namespace Domain
                {
                    public abstract class Entity<TKey>
                    {
                        public TKey Id { get; set; } = default!;
                    }

                    public class Ticket : Entity<int> { }

                    public class Sku
                    {
                        public string Code { get; set; } = "";
                    }

                    public class Jobs
                    {
                        public void Close(Ticket ticket) { }
                        public void Restock(Sku sku) { }
                    }

                    public class Caller
                    {
                        public void Run(Ticket ticket, Sku sku)
                        {
                            BackgroundJob.Enqueue<Jobs>(x => x.Close({|#0:ticket|}));
                            BackgroundJob.Enqueue<Jobs>(x => x.Restock({|#1:sku|}));
                        }
                    }
                }
                """,
                editorConfig: "queuelint.entity_types = Domain.Sku\nqueuelint.entity_base_types = Domain.Entity`1",
                Verify.Diagnostic("QL0001").WithLocation(0)
                    .WithMessage("Job 'Jobs.Close' carries the entity 'Ticket', serialized now and stale when the job runs; pass 'ticket.Id' instead and load the entity in the job"),
                Verify.Diagnostic("QL0001").WithLocation(1)
                    .WithMessage("Job 'Jobs.Restock' carries the entity 'Sku', serialized now and stale when the job runs; pass its key instead and load the entity in the job"));

        [Fact]
        public Task Entities_declared_in_a_referenced_project()
        {
            var test = new Verify.Test();
            test.TestState.AdditionalProjects["Data"].Sources.Add(("/Data/Model.cs", Snippets.ShopModel));
            test.TestState.AdditionalProjects["Data"].AdditionalReferences.AddRange(SnippetReferences.Frameworks);
            test.TestState.AdditionalProjectReferences.Add("Data");
            test.TestState.Sources.Add("""
                using Hangfire;
                using Shop;

                public class Jobs
                {
                    public void Ship(Order order) { }
                }

                public class Caller
                {
                    public void Run(Order order) => BackgroundJob.Enqueue<Jobs>(x => x.Ship({|QL0001:order|}));
                }
                """);
            return test.RunAsync();
        }

        [Fact]
        public Task Quartz3_job_data_map_values()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using Quartz;
                using Shop;

                public class ShipJob : IJob
                {
                    public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
                }

                public class Scheduler
                {
                    public IJobDetail Build(Order order)
                    {
                        var map = new JobDataMap();
                        map.Put("order", {|#0:order|});
                        map["customer"] = {|QL0001:order.Customer|};
                        map.Put("orderId", order.Id);
                        var indexed = new JobDataMap { ["order"] = {|QL0001:order|} };
                        var added = new JobDataMap { { "order", {|QL0001:order|} } };
                        return JobBuilder.Create<ShipJob>().UsingJobData(map).UsingJobData("orderId", order.Id).Build();
                    }
                }
                """,
                expected: Verify.Diagnostic("QL0001").WithLocation(0)
                    .WithMessage("Quartz job data 'order' carries the entity 'Order', serialized now and stale when the job runs; pass 'order.Id' instead and load the entity in the job"));

        [Fact]
        public Task Quartz4_job_data_map_values()
        {
            var test = new Verify.Test { References = SnippetReferences.FrameworksWithQuartz4 };
            test.TestState.Sources.Add("""
                using System.Threading;
                using System.Threading.Tasks;
                using Quartz;
                using Shop;

                public class ShipJob : IJob
                {
                    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => default;
                }

                public class Scheduler
                {
                    public IJobDetail Build(Order order)
                    {
                        var map = new JobDataMap();
                        map.Add("order", {|QL0001:order|});
                        map["order2"] = {|QL0001:order|};
                        map.PutAsString("orderId", order.Id);
                        var added = new JobDataMap { { "order", {|QL0001:order|} } };
                        return JobBuilder.Create<ShipJob>().UsingJobData(map).Build();
                    }
                }
                """);
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            return test.RunAsync();
        }

        [Fact]
        public Task MassTransit_message_property_of_entity_type_is_reported_once_on_the_property()
            => VerifyAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using MassTransit;
                using Shop;

                public class OrderPlaced
                {
                    public Order {|#0:Order|} { get; init; } = null!;
                    public List<Customer> {|QL0001:Watchers|} { get; init; } = new();
                    public int OrderId { get; init; }
                    public OrderSummary? Summary { get; init; }
                }

                public class EmailConsumer : IConsumer<OrderPlaced>
                {
                    public Task Consume(ConsumeContext<OrderPlaced> context) => Task.CompletedTask;
                }

                public class AuditConsumer : IConsumer<OrderPlaced>
                {
                    public Task Consume(ConsumeContext<OrderPlaced> context) => Task.CompletedTask;
                }

                public class Checkout
                {
                    public Task Complete(IPublishEndpoint bus, Order order)
                        => bus.Publish(new OrderPlaced { Order = order, OrderId = order.Id });
                }
                """,
                expected: Verify.Diagnostic("QL0001").WithLocation(0)
                    .WithMessage("Message 'OrderPlaced' property 'Order' carries the entity 'Order', serialized now and stale when the job runs; pass its key 'Id' instead and load the entity in the job"));

        [Fact]
        public Task MassTransit_published_only_message_types_and_direct_payloads()
            => VerifyAsync("""
                using System;
                using System.Threading.Tasks;
                using MassTransit;
                using Shop;

                public record OrderShipped(Order {|QL0001:Order|}, DateTime At);

                public record InvoiceDue
                {
                    public Invoice {|QL0001:Invoice|} { get; init; } = null!;
                }

                public class Shipping
                {
                    public async Task Ship(IPublishEndpoint publish, ISendEndpoint send, Order order, Invoice invoice)
                    {
                        await publish.Publish(new OrderShipped(order, DateTime.UtcNow));
                        await publish.Publish({|QL0001:order|});
                        await publish.Publish<InvoiceDue>(new { Invoice = {|QL0001:invoice|} });
                        await send.Send({|QL0001:order|});
                    }
                }

                public class Relay : IConsumer<OrderSummary>
                {
                    public Task Consume(ConsumeContext<OrderSummary> context) => context.Publish({|QL0001:new Order()|});
                }
                """);

        [Fact]
        public Task User_declared_enqueue_methods()
            => VerifyAsync("""
                using System;
                using System.Linq.Expressions;
                using Shop;

                namespace App.Jobs
                {
                    public interface IJobScheduler
                    {
                        string Enqueue<T>(Expression<Action<T>> job);
                        string Later(Action job, Order context);
                    }

                    public class OrderJobs
                    {
                        public void Ship(Order order) { }
                        public void Ship(int orderId) { }
                    }

                    public class Caller
                    {
                        public void Run(IJobScheduler scheduler, Order order)
                        {
                            scheduler.Enqueue<OrderJobs>(x => x.Ship({|QL0001:order|}));
                            scheduler.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                            scheduler.Later(() => new OrderJobs().Ship(order.Id), {|QL0001:order|});
                        }
                    }
                }
                """,
                editorConfig: "queuelint.enqueue_methods = App.Jobs.IJobScheduler.Enqueue, App.Jobs.IJobScheduler.Later");

        [Fact]
        public Task Nothing_happens_without_a_job_framework()
        {
            var test = new Verify.Test { References = SnippetReferences.NetOnly, EditorConfig = "queuelint.entity_types = App.Order" };
            test.TestState.Sources.Add("""
                using System;

                namespace App
                {
                    public class Order { public int Id { get; set; } }

                    public static class BackgroundJob
                    {
                        public static void Enqueue(Action job) { }
                    }

                    public class Caller
                    {
                        public void Run(Order order) => BackgroundJob.Enqueue(() => Console.WriteLine(order));
                    }
                }
                """);
            return test.RunAsync();
        }

        [Fact]
        public Task Without_entity_framework_only_configured_entities_count()
        {
            var test = new Verify.Test { References = SnippetReferences.FrameworksWithoutEntityFramework, EditorConfig = "queuelint.entity_types = App.Order" };
            test.TestState.Sources.Add("""
                using Hangfire;

                namespace App
                {
                    public class Order { public int Id { get; set; } }
                    public class Note { public int Id { get; set; } }

                    public class Jobs
                    {
                        public void Ship(Order order) { }
                        public void Keep(Note note) { }
                    }

                    public class Caller
                    {
                        public void Run(Order order, Note note)
                        {
                            BackgroundJob.Enqueue<Jobs>(x => x.Ship({|QL0001:order|}));
                            BackgroundJob.Enqueue<Jobs>(x => x.Keep(note));
                        }
                    }
                }
                """);
            return test.RunAsync();
        }
    }
}
