using System.Threading.Tasks;
using QueueLint.CodeFixes.Rules;
using QueueLint.Rules;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.PassEntityIdAnalyzer, QueueLint.CodeFixes.Rules.PassEntityIdFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0001PassEntityIdFixerTests
    {
        private static Task VerifyFixAsync(string source, string fixedSource, int? iterations = null)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
            test.FixedState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            if (iterations is not null)
            {
                test.NumberOfIncrementalIterations = iterations;
                test.NumberOfFixAllIterations = iterations;
            }

            return test.RunAsync();
        }

        private static Task VerifyNoFixAsync(string source)
            => VerifyFixAsync(source, source);

        [Fact]
        public Task Site_passes_the_key_and_the_job_gains_a_loading_overload()
            => VerifyFixAsync("""
                using System;
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    private readonly ShopDb _db;

                    public OrderJobs(ShopDb db) => _db = db;

                    public void SendConfirmation(Order order)
                    {
                        Console.WriteLine(order.Total);
                    }
                }

                public class Checkout
                {
                    public void Complete(Order order)
                    {
                        BackgroundJob.Enqueue<OrderJobs>(x => x.SendConfirmation({|QL0001:order|}));
                    }
                }
                """, """
                using System;
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    private readonly ShopDb _db;

                    public OrderJobs(ShopDb db) => _db = db;

                    public void SendConfirmation(Order order)
                    {
                        Console.WriteLine(order.Total);
                    }

                    public void SendConfirmation(int orderId)
                    {
                        var order = _db.Find<Order>(orderId);
                        if (order is null)
                        {
                            // Deleted since the job was enqueued: nothing left to do.
                            return;
                        }

                        SendConfirmation(order);
                    }
                }

                public class Checkout
                {
                    public void Complete(Order order)
                    {
                        BackgroundJob.Enqueue<OrderJobs>(x => x.SendConfirmation(order.Id));
                    }
                }
                """);

        [Fact]
        public Task Async_job_methods_load_asynchronously()
            => VerifyFixAsync("""
                using System.Threading.Tasks;
                using Hangfire;
                using Shop;

                public class InvoiceJobs
                {
                    public InvoiceJobs(ShopDb db) => Db = db;

                    private ShopDb Db { get; }

                    public Task PrintAsync(Invoice invoice, string printer) => Task.CompletedTask;
                }

                public class Billing
                {
                    public void Bill(IBackgroundJobClient jobs, Invoice invoice)
                        => jobs.Enqueue<InvoiceJobs>(x => x.PrintAsync({|QL0001:invoice|}, "front-desk"));
                }
                """, """
                using System.Threading.Tasks;
                using Hangfire;
                using Shop;

                public class InvoiceJobs
                {
                    public InvoiceJobs(ShopDb db) => Db = db;

                    private ShopDb Db { get; }

                    public Task PrintAsync(Invoice invoice, string printer) => Task.CompletedTask;

                    public async Task PrintAsync(System.Guid invoiceId, string printer)
                    {
                        var invoice = await Db.FindAsync<Invoice>(invoiceId);
                        if (invoice is null)
                        {
                            // Deleted since the job was enqueued: nothing left to do.
                            return;
                        }

                        await PrintAsync(invoice, printer);
                    }
                }

                public class Billing
                {
                    public void Bill(IBackgroundJobClient jobs, Invoice invoice)
                        => jobs.Enqueue<InvoiceJobs>(x => x.PrintAsync(invoice.Number, "front-desk"));
                }
                """);

        [Fact]
        public Task Every_entity_argument_of_the_call_is_replaced_at_once()
            => VerifyFixAsync("""
                using Hangfire;
                using Shop;

                public class Jobs
                {
                    private readonly ShopDb _db;

                    public Jobs(ShopDb db) => _db = db;

                    public void Link(Order order, Customer customer, int priority) { }
                }

                public class Caller
                {
                    public void Run(Order order, Customer customer)
                        => BackgroundJob.Enqueue<Jobs>(x => x.Link({|QL0001:order|}, {|QL0001:customer|}, 1));
                }
                """, """
                using Hangfire;
                using Shop;

                public class Jobs
                {
                    private readonly ShopDb _db;

                    public Jobs(ShopDb db) => _db = db;

                    public void Link(Order order, Customer customer, int priority) { }

                    public void Link(int orderId, int customerId, int priority)
                    {
                        var order = _db.Find<Order>(orderId);
                        if (order is null)
                        {
                            // Deleted since the job was enqueued: nothing left to do.
                            return;
                        }

                        var customer = _db.Find<Customer>(customerId);
                        if (customer is null)
                        {
                            // Deleted since the job was enqueued: nothing left to do.
                            return;
                        }

                        Link(order, customer, priority);
                    }
                }

                public class Caller
                {
                    public void Run(Order order, Customer customer)
                        => BackgroundJob.Enqueue<Jobs>(x => x.Link(order.Id, customer.CustomerId, 1));
                }
                """);

        [Fact]
        public Task Named_arguments_in_user_declared_wrappers_are_renamed()
        {
            var test = new Verify.Test { EditorConfig = "queuelint.enqueue_methods = App.Scheduler.Later" };
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using System;
                using Shop;

                namespace App
                {
                    public static class Scheduler
                    {
                        public static void Later(Action job) { }
                    }

                    public class Jobs
                    {
                        private readonly ShopDb _db;

                        public Jobs(ShopDb db) => _db = db;

                        public void Link(Order order, int priority) { }
                    }

                    public class Caller
                    {
                        public void Run(Jobs jobs, Order order) => Scheduler.Later(() => jobs.Link(priority: 1, order: {|QL0001:order|}));
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            test.FixedState.Sources.Add(("/0/Test0.cs", """
                using System;
                using Shop;

                namespace App
                {
                    public static class Scheduler
                    {
                        public static void Later(Action job) { }
                    }

                    public class Jobs
                    {
                        private readonly ShopDb _db;

                        public Jobs(ShopDb db) => _db = db;

                        public void Link(Order order, int priority) { }

                        public void Link(int orderId, int priority)
                        {
                            var order = _db.Find<Order>(orderId);
                            if (order is null)
                            {
                                // Deleted since the job was enqueued: nothing left to do.
                                return;
                            }

                            Link(order, priority);
                        }
                    }

                    public class Caller
                    {
                        public void Run(Jobs jobs, Order order) => Scheduler.Later(() => jobs.Link(priority: 1, orderId: order.Id));
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_all_adds_one_overload_for_many_sites_across_documents()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                using Shop;

                public class OrderJobs
                {
                    private readonly ShopDb _db;

                    public OrderJobs(ShopDb db) => _db = db;

                    public void Ship(Order order) { }
                }
                """));
            test.TestState.Sources.Add(("/0/Web.cs", """
                using Hangfire;
                using Shop;

                public class Checkout
                {
                    public void Complete(Order order)
                    {
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship({|QL0001:order|}));
                        BackgroundJob.Schedule<OrderJobs>(x => x.Ship({|QL0001:order|}), System.TimeSpan.FromHours(1));
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Admin.cs", """
                using Hangfire;
                using Shop;

                public class Admin
                {
                    public void Retry(IBackgroundJobClient client, Order order) => client.Enqueue<OrderJobs>(x => x.Ship({|QL0001:order|}));
                }
                """));
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                using Shop;

                public class OrderJobs
                {
                    private readonly ShopDb _db;

                    public OrderJobs(ShopDb db) => _db = db;

                    public void Ship(Order order) { }

                    public void Ship(int orderId)
                    {
                        var order = _db.Find<Order>(orderId);
                        if (order is null)
                        {
                            // Deleted since the job was enqueued: nothing left to do.
                            return;
                        }

                        Ship(order);
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Web.cs", """
                using Hangfire;
                using Shop;

                public class Checkout
                {
                    public void Complete(Order order)
                    {
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                        BackgroundJob.Schedule<OrderJobs>(x => x.Ship(order.Id), System.TimeSpan.FromHours(1));
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Admin.cs", """
                using Hangfire;
                using Shop;

                public class Admin
                {
                    public void Retry(IBackgroundJobClient client, Order order) => client.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                }
                """));
            test.FixedState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));

            // One fix at a time: the first adds the overload, the others only rewrite their site.
            test.NumberOfIncrementalIterations = 3;

            // Fix All per document needs one pass per document; project and solution scope need one.
            test.NumberOfFixAllInDocumentIterations = 2;
            test.NumberOfFixAllIterations = 1;
            return test.RunAsync();
        }

        [Fact]
        public Task Existing_overload_is_reused()
            => VerifyFixAsync("""
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    private readonly ShopDb _db;

                    public OrderJobs(ShopDb db) => _db = db;

                    public void Ship(Order order) { }

                    public void Ship(int orderId) { }
                }

                public class Checkout
                {
                    public void Complete(Order order) => BackgroundJob.Enqueue<OrderJobs>(x => x.Ship({|QL0001:order|}));
                }
                """, """
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    private readonly ShopDb _db;

                    public OrderJobs(ShopDb db) => _db = db;

                    public void Ship(Order order) { }

                    public void Ship(int orderId) { }
                }

                public class Checkout
                {
                    public void Complete(Order order) => BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                }
                """);

        [Fact]
        public Task A_job_class_without_a_context_gets_one_through_its_constructor()
            => VerifyFixAsync("""
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    private readonly System.IO.TextWriter _log;

                    public OrderJobs(System.IO.TextWriter log) => _log = log;

                    public void Ship(Order order) => _log.WriteLine(order.Total);
                }

                public class Checkout
                {
                    public void Complete(Order order) => BackgroundJob.Enqueue<OrderJobs>(x => x.Ship({|QL0001:order|}));
                }
                """, """
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    private readonly System.IO.TextWriter _log;
                    private readonly ShopDb _shopDb;

                    public OrderJobs(System.IO.TextWriter log, ShopDb shopDb)
                    {
                        _log = log;
                        _shopDb = shopDb;
                    }

                    public void Ship(Order order) => _log.WriteLine(order.Total);

                    public void Ship(int orderId)
                    {
                        var order = _shopDb.Find<Order>(orderId);
                        if (order is null)
                        {
                            // Deleted since the job was enqueued: nothing left to do.
                            return;
                        }

                        Ship(order);
                    }
                }

                public class Checkout
                {
                    public void Complete(Order order) => BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                }
                """);

        [Fact]
        public Task A_primary_constructor_gets_the_context_as_a_parameter_and_navigations_read_are_included()
            => VerifyFixAsync("""
                using System;
                using System.Threading.Tasks;
                using Hangfire;
                using Shop;

                public class OrderJobs(System.IO.TextWriter log)
                {
                    public async Task NotifyAsync(Order order)
                    {
                        await log.WriteLineAsync(order.Customer!.Email);
                    }
                }

                public class Checkout
                {
                    public void Complete(Order order) => BackgroundJob.Enqueue<OrderJobs>(x => x.NotifyAsync({|QL0001:order|}));
                }
                """, """
                using System;
                using System.Threading.Tasks;
                using Hangfire;
                using Shop;
                using Microsoft.EntityFrameworkCore;

                public class OrderJobs(System.IO.TextWriter log, ShopDb shopDb)
                {
                    public async Task NotifyAsync(Order order)
                    {
                        await log.WriteLineAsync(order.Customer!.Email);
                    }

                    public async Task NotifyAsync(int orderId)
                    {
                        var order = await shopDb.Set<Order>().Include(o => o.Customer).FirstOrDefaultAsync(o => o.Id == orderId);
                        if (order is null)
                        {
                            // Deleted since the job was enqueued: nothing left to do.
                            return;
                        }

                        await NotifyAsync(order);
                    }
                }

                public class Checkout
                {
                    public void Complete(Order order) => BackgroundJob.Enqueue<OrderJobs>(x => x.NotifyAsync(order.Id));
                }
                """);

        [Fact]
        public Task A_class_with_only_the_implicit_constructor_gets_one()
            => VerifyFixAsync("""
                using System;
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    /// <summary>Ships it.</summary>
                    public void Ship(Order order) => Console.WriteLine(order.Customer?.Email);
                }

                public class Checkout
                {
                    public void Complete(Order order) => BackgroundJob.Enqueue<OrderJobs>(x => x.Ship({|QL0001:order|}));
                }
                """, """
                using System;
                using Hangfire;
                using Shop;
                using Microsoft.EntityFrameworkCore;
                using System.Linq;

                public class OrderJobs
                {
                    private readonly ShopDb _shopDb;

                    public OrderJobs(ShopDb shopDb) => _shopDb = shopDb;

                    /// <summary>Ships it.</summary>
                    public void Ship(Order order) => Console.WriteLine(order.Customer?.Email);

                    public void Ship(int orderId)
                    {
                        var order = _shopDb.Set<Order>().Include(o => o.Customer).FirstOrDefault(o => o.Id == orderId);
                        if (order is null)
                        {
                            // Deleted since the job was enqueued: nothing left to do.
                            return;
                        }

                        Ship(order);
                    }
                }

                public class Checkout
                {
                    public void Complete(Order order) => BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                }
                """);

        [Fact]
        public Task No_fix_when_nothing_declares_the_entity_or_the_class_is_built_by_hand()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using Hangfire;
                using Shop;

                namespace Audit
                {
                    public class AuditRecord
                    {
                        public int Id { get; set; }
                    }
                }

                public class AuditJobs
                {
                    public void Record(Audit.AuditRecord record) { }
                }

                public class OrderJobs
                {
                    public void Ship(Order order) { }
                }

                public class Checkout
                {
                    private readonly OrderJobs _inline = new OrderJobs();

                    public void Complete(Order order, Audit.AuditRecord record)
                    {
                        BackgroundJob.Enqueue<AuditJobs>(x => x.Record({|QL0001:record|}));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship({|QL0001:order|}));
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            test.EditorConfig = "queuelint.entity_types = Audit.AuditRecord";
            test.FixedState.Sources.Add(("/0/Test0.cs", test.TestState.Sources[0].content.ToString()));
            test.FixedState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            return test.RunAsync();
        }

        [Fact]
        public Task No_fix_for_interface_jobs_static_methods_or_unknown_keys()
            => VerifyNoFixAsync("""
                using System.Collections.Generic;
                using Hangfire;
                using Shop;

                public interface IOrderJobs
                {
                    void Ship(Order order);
                }

                public class OrderJobs
                {
                    private readonly ShopDb _db;

                    public OrderJobs(ShopDb db) => _db = db;

                    public static void Archive(Order order) { }

                    public void Anything(object value) { }
                }

                public class Checkout
                {
                    public void Complete(Order order)
                    {
                        BackgroundJob.Enqueue<IOrderJobs>(x => x.Ship({|QL0001:order|}));
                        BackgroundJob.Enqueue(() => OrderJobs.Archive({|QL0001:order|}));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Anything({|QL0001:order|}));
                    }
                }
                """);

        // A navigation, null-forgiven or not: the key of the entity the job gets, with no parentheses.
        [Fact]
        public Task Navigations_pass_the_key_of_the_entity_they_reach()
            => VerifyFixAsync("""
                using System;
                using Hangfire;
                using Shop;

                public class CustomerJobs
                {
                    private readonly ShopDb _db;

                    public CustomerJobs(ShopDb db) => _db = db;

                    public void Welcome(Customer customer)
                    {
                        Console.WriteLine(customer.Email);
                    }
                }

                public class Checkout
                {
                    public void Complete(Order order)
                    {
                        BackgroundJob.Enqueue<CustomerJobs>(x => x.Welcome({|QL0001:order.Customer|}!));
                    }
                }
                """, """
                using System;
                using Hangfire;
                using Shop;

                public class CustomerJobs
                {
                    private readonly ShopDb _db;

                    public CustomerJobs(ShopDb db) => _db = db;

                    public void Welcome(Customer customer)
                    {
                        Console.WriteLine(customer.Email);
                    }

                    public void Welcome(int customerId)
                    {
                        var customer = _db.Find<Customer>(customerId);
                        if (customer is null)
                        {
                            // Deleted since the job was enqueued: nothing left to do.
                            return;
                        }

                        Welcome(customer);
                    }
                }

                public class Checkout
                {
                    public void Complete(Order order)
                    {
                        BackgroundJob.Enqueue<CustomerJobs>(x => x.Welcome(order.Customer!.CustomerId));
                    }
                }
                """);

        // A collection of entities: the job takes the keys and loads them with one query; the site passes the keys.
        [Fact]
        public Task Collections_pass_their_keys_and_the_job_loads_them_in_one_query()
            => VerifyFixAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Hangfire;
                using Shop;

                public class OrderJobs
                {
                    private readonly ShopDb _db;

                    public OrderJobs(ShopDb db) => _db = db;

                    public void ShipAll(List<Order> orders) { }

                    public Task ArchiveAll(IEnumerable<Order> orders, string reason) => Task.CompletedTask;

                    public void Print(Invoice[] invoices) { }
                }

                public class Checkout
                {
                    public void Complete(List<Order> orders, Invoice[] invoices)
                    {
                        var o = 1;
                        BackgroundJob.Enqueue<OrderJobs>(x => x.ShipAll({|QL0001:orders|}));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.ArchiveAll({|QL0001:orders|}, "closed"));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Print({|QL0001:invoices|}));
                    }
                }
                """, """
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Hangfire;
                using Shop;
                using System.Linq;
                using Microsoft.EntityFrameworkCore;

                public class OrderJobs
                {
                    private readonly ShopDb _db;

                    public OrderJobs(ShopDb db) => _db = db;

                    public void ShipAll(List<Order> orders) { }

                    public void ShipAll(System.Collections.Generic.List<int> orderIds)
                    {
                        var orders = _db.Set<Order>().Where(o => orderIds.Contains(o.Id)).ToList();

                        ShipAll(orders);
                    }

                    public Task ArchiveAll(IEnumerable<Order> orders, string reason) => Task.CompletedTask;

                    public async Task ArchiveAll(System.Collections.Generic.List<int> orderIds, string reason)
                    {
                        var orders = await _db.Set<Order>().Where(o => orderIds.Contains(o.Id)).ToListAsync();

                        await ArchiveAll(orders, reason);
                    }

                    public void Print(Invoice[] invoices) { }

                    public void Print(System.Guid[] invoiceIds)
                    {
                        var invoices = _db.Set<Invoice>().Where(i => invoiceIds.Contains(i.Number)).ToArray();

                        Print(invoices);
                    }
                }

                public class Checkout
                {
                    public void Complete(List<Order> orders, Invoice[] invoices)
                    {
                        var o = 1;
                        BackgroundJob.Enqueue<OrderJobs>(x => x.ShipAll(orders.Select(o2 => o2.Id).ToList()));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.ArchiveAll(orders.Select(o2 => o2.Id).ToList(), "closed"));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Print(invoices.Select(i => i.Number).ToArray()));
                    }
                }
                """);

        // dotnet format takes the Fix All of the first finding, here a JobDataMap value with no fix (a null key):
        // the navigation and the collection after it are fixed all the same.
        [Fact]
        public async Task Dotnet_format_fixes_navigations_and_collections_after_an_unfixable_first_finding()
        {
            var code = """
                using System.Collections.Generic;
                using Hangfire;
                using Quartz;
                using Shop;

                public class OrderJobs
                {
                    private readonly ShopDb _db;

                    public OrderJobs(ShopDb db) => _db = db;

                    public void ShipAll(List<Order> orders) { }

                    public void Welcome(Customer customer) { }
                }

                public class Checkout
                {
                    public void Complete(JobDataMap map, Order order, List<Order> orders)
                    {
                        map.Put("order", order);
                        BackgroundJob.Enqueue<OrderJobs>(x => x.ShipAll(orders));
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Welcome(order.Customer!));
                    }
                }

                """ + Snippets.ShopModel;

            var fixedCode = await NullKeyFixAll.RunAsync(code, "QL0001", new PassEntityIdFixer(), new PassEntityIdAnalyzer());

            Assert.Contains("map.Put(\"order\", order);", fixedCode);
            Assert.Contains("x => x.ShipAll(orders.Select(o => o.Id).ToList())", fixedCode);
            Assert.Contains("x => x.Welcome(order.Customer!.CustomerId)", fixedCode);
            Assert.Contains("public void ShipAll(System.Collections.Generic.List<int> orderIds)", fixedCode);
            Assert.Contains("public void Welcome(int customerId)", fixedCode);
        }

        // A JobDataMap value: every put of the name passes the key under a new name, every read loads the entity by it.
        [Fact]
        public Task Quartz_job_data_puts_the_key_and_the_job_loads_the_entity()
            => VerifyFixAsync("""
                using System.Threading.Tasks;
                using Quartz;
                using Shop;

                public class ShipOrderJob : IJob
                {
                    public async Task Execute(IJobExecutionContext context)
                    {
                        var order = (Order)context.MergedJobDataMap["order"];
                        await Task.Delay(1);
                        System.Console.WriteLine(order.Total);
                    }
                }

                public class Recheck
                {
                    public void Run(IJobExecutionContext context)
                    {
                        var order = context.JobDetail.JobDataMap.Get("order") as Order;
                        System.Console.WriteLine(order?.Total);
                    }
                }

                public class Scheduling
                {
                    // A comment naming "orderId" does not take the name.
                    public IJobDetail Ship(Order order)
                    {
                        var data = new JobDataMap();
                        data["order"] = {|QL0001:order|};
                        return JobBuilder.Create<ShipOrderJob>().UsingJobData(data).Build();
                    }

                    public void Again(JobDataMap map, Order order) => map.Put("order", {|QL0001:order|});
                }

                public static class Setup
                {
                    // Jobs are created by the container, which can hand them a context.
                    public static void Add(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => services.AddQuartz();
                }
                """, """
                using System.Threading.Tasks;
                using Quartz;
                using Shop;

                public class ShipOrderJob : IJob
                {
                    private readonly ShopDb _shopDb;

                    public ShipOrderJob(ShopDb shopDb) => _shopDb = shopDb;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        var order = await _shopDb.FindAsync<Order>(context.MergedJobDataMap["orderId"]);
                        if (order is null)
                        {
                            // Deleted since the job was scheduled: nothing left to do.
                            return;
                        }

                        await Task.Delay(1);
                        System.Console.WriteLine(order.Total);
                    }
                }

                public class Recheck
                {
                    private readonly ShopDb _shopDb;

                    public Recheck(ShopDb shopDb) => _shopDb = shopDb;

                    public void Run(IJobExecutionContext context)
                    {
                        var order = _shopDb.Find<Order>(context.JobDetail.JobDataMap.Get("orderId"));
                        if (order is null)
                        {
                            // Deleted since the job was scheduled: nothing left to do.
                            return;
                        }

                        System.Console.WriteLine(order?.Total);
                    }
                }

                public class Scheduling
                {
                    // A comment naming "orderId" does not take the name.
                    public IJobDetail Ship(Order order)
                    {
                        var data = new JobDataMap();
                        data["orderId"] = order.Id;
                        return JobBuilder.Create<ShipOrderJob>().UsingJobData(data).Build();
                    }

                    public void Again(JobDataMap map, Order order) => map.Put("orderId", order.Id);
                }

                public static class Setup
                {
                    // Jobs are created by the container, which can hand them a context.
                    public static void Add(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => services.AddQuartz();
                }
                """);

        // The guard is written where `return` ends the job: in a try block, not in a loop.
        [Fact]
        public Task Quartz_reads_are_guarded_in_a_try_but_not_in_a_loop()
            => VerifyFixAsync("""
                using System;
                using Quartz;
                using Shop;

                public class RemindJob : IJob
                {
                    private readonly ShopDb _db;

                    public RemindJob(ShopDb db) => _db = db;

                    public async System.Threading.Tasks.Task Execute(IJobExecutionContext context)
                    {
                        try
                        {
                            var first = (Customer)context.MergedJobDataMap["customer"];
                            Console.WriteLine(first.Email);
                        }
                        catch (Exception)
                        {
                            throw;
                        }

                        for (var i = 0; i < 2; i++)
                        {
                            var again = context.MergedJobDataMap["customer"] as Customer;
                            Console.WriteLine(again?.Email);
                        }
                    }
                }

                public class Scheduling
                {
                    public void Plan(JobDataMap map, Customer customer) => map["customer"] = {|QL0001:customer|};
                }
                """, """
                using System;
                using Quartz;
                using Shop;

                public class RemindJob : IJob
                {
                    private readonly ShopDb _db;

                    public RemindJob(ShopDb db) => _db = db;

                    public async System.Threading.Tasks.Task Execute(IJobExecutionContext context)
                    {
                        try
                        {
                            var first = await _db.FindAsync<Customer>(context.MergedJobDataMap["customerId"]);
                            if (first is null)
                            {
                                // Deleted since the job was scheduled: nothing left to do.
                                return;
                            }

                            Console.WriteLine(first.Email);
                        }
                        catch (Exception)
                        {
                            throw;
                        }

                        for (var i = 0; i < 2; i++)
                        {
                            var again = await _db.FindAsync<Customer>(context.MergedJobDataMap["customerId"]);
                            Console.WriteLine(again?.Email);
                        }
                    }
                }

                public class Scheduling
                {
                    public void Plan(JobDataMap map, Customer customer) => map["customerId"] = customer.CustomerId;
                }
                """);

        // Nothing in the solution reads the name (the job is elsewhere), a read of another shape, a name taken, a job
        // the container does not create: no fix.
        [Fact]
        public Task No_fix_for_job_data_read_elsewhere_or_otherwise_or_for_masstransit_payloads()
            => VerifyNoFixAsync("""
                using System.Threading.Tasks;
                using MassTransit;
                using Quartz;
                using Shop;

                // Quartz's own job factory (no AddQuartz here) calls a parameterless constructor: no context can be injected.
                public class ShipJob : IJob
                {
                    public Task Execute(IJobExecutionContext context)
                    {
                        var order = (Order)context.MergedJobDataMap["order"];
                        return Task.CompletedTask;
                    }
                }

                public class Reader
                {
                    public bool Has(JobDataMap map) => map.ContainsKey("invoice");

                    public Customer? Read(JobDataMap map) => (Customer)map["customer"];

                    public Invoice? Print(JobDataMap map) => (Invoice)map["printed"];
                }

                public class StaticReader
                {
                    private readonly ShopDb _db;

                    public StaticReader(ShopDb db) => _db = db;

                    // A static method has no context member to load with.
                    public static Order? Peek(JobDataMap map) => map.Get("peeked") as Order;
                }

                public class Peeking
                {
                    public void Plan(JobDataMap map, Order order) => map.Put("peeked", {|QL0001:order|});
                }

                public class Initializers
                {
                    // A put in an initializer, beside a put the fix could rewrite: the name cannot change everywhere.
                    public JobDataMap Print(Invoice invoice, Invoice other)
                    {
                        var map = new JobDataMap { ["printed"] = {|QL0001:invoice|} };
                        map["printed"] = {|QL0001:other|};
                        return map;
                    }
                }

                public class Scheduler
                {
                    public Task Run(JobDataMap map, IPublishEndpoint bus, Order order, Invoice invoice, Customer customer)
                    {
                        map.Put("order", {|QL0001:order|});
                        map["invoice"] = {|QL0001:invoice|};
                        map["customer"] = {|QL0001:customer|};
                        map["customerId"] = customer.CustomerId;
                        return bus.Publish({|QL0001:order|});
                    }
                }
                """);
    }
}
