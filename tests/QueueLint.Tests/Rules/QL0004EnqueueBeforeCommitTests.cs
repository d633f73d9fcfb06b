using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.EnqueueBeforeCommitAnalyzer, QueueLint.CodeFixes.Rules.EnqueueBeforeCommitFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0004EnqueueBeforeCommitTests
    {
        private const string Jobs = """
            public class OrderJobs
            {
                public void Ship(int orderId) { }
            }

            public record OrderPlaced(int OrderId);
            """;

        private static Task VerifyAsync(string source, string fixedSource, string? batchFixedSource = null)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Jobs.cs", Jobs));
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
            test.FixedState.Sources.Add(("/0/Jobs.cs", Jobs));
            test.FixedState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            if (batchFixedSource is not null)
            {
                test.BatchFixedState.Sources.Add(("/0/Test0.cs", batchFixedSource));
                test.BatchFixedState.Sources.Add(("/0/Jobs.cs", Jobs));
                test.BatchFixedState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            }

            return test.RunAsync();
        }

        [Fact]
        public Task Enqueue_before_save_changes_moves_after_it()
            => VerifyAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using MassTransit;
                using Shop;

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, IPublishEndpoint bus, Order order, CancellationToken cancellationToken)
                    {
                        db.Orders.Add(order);
                        // Ship it
                        {|QL0004:BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id))|};
                        await {|QL0004:bus.Publish(new OrderPlaced(order.Id), cancellationToken)|};
                        await db.SaveChangesAsync(cancellationToken);
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using MassTransit;
                using Shop;

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, IPublishEndpoint bus, Order order, CancellationToken cancellationToken)
                    {
                        db.Orders.Add(order);
                        await db.SaveChangesAsync(cancellationToken);
                        await bus.Publish(new OrderPlaced(order.Id), cancellationToken);
                        // Ship it
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                    }
                }
                """,
                // Fix All keeps the moved statements in their order; one fix at a time puts each right after the save.
                """
                using System.Threading;
                using System.Threading.Tasks;
                using Hangfire;
                using MassTransit;
                using Shop;

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, IPublishEndpoint bus, Order order, CancellationToken cancellationToken)
                    {
                        db.Orders.Add(order);
                        await db.SaveChangesAsync(cancellationToken);
                        // Ship it
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                        await bus.Publish(new OrderPlaced(order.Id), cancellationToken);
                    }
                }
                """);

        [Fact]
        public Task Enqueue_inside_transactions_moves_after_the_commit()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using System.Transactions;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Shop;

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, Order order)
                    {
                        await using var transaction = await db.Database.BeginTransactionAsync();
                        db.Orders.Add(order);
                        await db.SaveChangesAsync();
                        {|QL0004:BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id))|};
                        await transaction.CommitAsync();
                    }

                    public void Cancel(ShopDb db, Order order)
                    {
                        using (var scope = new TransactionScope())
                        {
                            db.Orders.Remove(order);
                            db.SaveChanges();
                            {|QL0004:BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id))|};
                            scope.Complete();
                        }
                    }
                }
                """, """
                using System.Threading.Tasks;
                using System.Transactions;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Shop;

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, Order order)
                    {
                        await using var transaction = await db.Database.BeginTransactionAsync();
                        db.Orders.Add(order);
                        await db.SaveChangesAsync();
                        await transaction.CommitAsync();
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                    }

                    public void Cancel(ShopDb db, Order order)
                    {
                        using (var scope = new TransactionScope())
                        {
                            db.Orders.Remove(order);
                            db.SaveChanges();
                            scope.Complete();
                            BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                        }
                    }
                }
                """);

        [Fact]
        public Task After_the_commit_or_save_is_fine_and_declarations_get_no_fix()
        {
            const string Source = """
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.EntityFrameworkCore;
                using Shop;

                public class Checkout
                {
                    public async Task PlaceAsync(ShopDb db, Order order)
                    {
                        db.Orders.Add(order);
                        await db.SaveChangesAsync();
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                        order.Total += 1;
                        await db.SaveChangesAsync();
                    }

                    public void Committed(ShopDb db, Order order)
                    {
                        using var transaction = db.Database.BeginTransaction();
                        db.SaveChanges();
                        transaction.Commit();
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                    }

                    public string Declared(ShopDb db, Order order)
                    {
                        var jobId = {|QL0004:BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id))|};
                        db.SaveChanges();
                        return jobId;
                    }

                    public void NoTransaction(Order order) => BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(order.Id));
                }
                """;
            return VerifyAsync(Source, Source);
        }

        // The job needs the saved data when its payload comes from an entity, or when it carries nothing and so finds
        // its work in the store; a payload of other values (a path) says its work lies elsewhere.
        [Fact]
        public Task A_payload_that_carries_no_entity_data_says_the_job_reads_elsewhere()
        {
            const string Source = """
                using System.IO;
                using System.Threading.Tasks;
                using Hangfire;
                using Shop;

                public class Library
                {
                    public void Rescan(string directory) { }
                    public void Rebuild() { }
                }

                public class Import
                {
                    public async Task RunAsync(ShopDb db, Order order, DirectoryInfo folder)
                    {
                        db.Orders.Add(order);
                        BackgroundJob.Enqueue<Library>(x => x.Rescan(folder.FullName));
                        var moved = Path.Combine("/staging", folder.Name, order.Total.ToString());
                        BackgroundJob.Enqueue<Library>(x => x.Rescan(moved));
                        var id = order.Id;
                        {|QL0004:BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(id))|};
                        {|QL0004:BackgroundJob.Enqueue<Library>(x => x.Rebuild())|};
                        await db.SaveChangesAsync();
                    }
                }
                """;
            const string Fixed = """
                using System.IO;
                using System.Threading.Tasks;
                using Hangfire;
                using Shop;

                public class Library
                {
                    public void Rescan(string directory) { }
                    public void Rebuild() { }
                }

                public class Import
                {
                    public async Task RunAsync(ShopDb db, Order order, DirectoryInfo folder)
                    {
                        db.Orders.Add(order);
                        BackgroundJob.Enqueue<Library>(x => x.Rescan(folder.FullName));
                        var moved = Path.Combine("/staging", folder.Name, order.Total.ToString());
                        BackgroundJob.Enqueue<Library>(x => x.Rescan(moved));
                        var id = order.Id;
                        await db.SaveChangesAsync();
                        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(id));
                        BackgroundJob.Enqueue<Library>(x => x.Rebuild());
                    }
                }
                """;

            // One fix at a time puts each site right after the save.
            var oneByOne = Fixed.Replace(
                "        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(id));\n        BackgroundJob.Enqueue<Library>(x => x.Rebuild());",
                "        BackgroundJob.Enqueue<Library>(x => x.Rebuild());\n        BackgroundJob.Enqueue<OrderJobs>(x => x.Ship(id));",
                System.StringComparison.Ordinal);
            return VerifyAsync(Source, oneByOne, Fixed);
        }
    }
}
