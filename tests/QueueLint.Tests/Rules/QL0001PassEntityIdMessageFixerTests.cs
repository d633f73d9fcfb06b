using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using QueueLint.CodeFixes.Rules;
using QueueLint.Rules;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.PassEntityIdAnalyzer, QueueLint.CodeFixes.Rules.PassEntityIdFixer>;

namespace QueueLint.Tests.Rules
{
    /// <summary>QL0001's fix on a message type's property: the key travels, producers pass it, consumers load the entity.</summary>
    public class QL0001PassEntityIdMessageFixerTests
    {
        [Fact]
        public Task A_MassTransit_message_carries_the_key_its_consumer_loads_the_entity_and_a_key_read_reads_it()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Contracts.cs", """
                using Shop;

                public class OrderPlaced
                {
                    public Order {|#0:Order|} { get; init; } = null!;
                    public string Channel { get; init; } = "web";
                }
                """));
            test.TestState.Sources.Add(("/0/Checkout.cs", """
                using System.Threading.Tasks;
                using MassTransit;
                using Shop;

                public class Checkout
                {
                    public Task Complete(IPublishEndpoint bus, Order order)
                        => bus.Publish(new OrderPlaced { Order = order, Channel = "app" });

                    public Task Replay(IPublishEndpoint bus, Order order)
                        => bus.Publish(new OrderPlaced { Order = order });
                }
                """));
            test.TestState.Sources.Add(("/0/Consumers.cs", """
                using System;
                using System.Threading.Tasks;
                using MassTransit;

                public class EmailConsumer : IConsumer<OrderPlaced>
                {
                    public async Task Consume(ConsumeContext<OrderPlaced> context)
                    {
                        await Task.Delay(1);
                        System.Console.WriteLine(context.Message.Order.Total + " " + context.Message.Order.Total);
                    }
                }

                public class AuditConsumer : IConsumer<OrderPlaced>
                {
                    public Task Consume(ConsumeContext<OrderPlaced> context) => Log(context.Message);

                    private static Task Log(OrderPlaced message) => Console.Out.WriteLineAsync("order " + message.Order.Id);
                }
                """));
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0001").WithLocation(0));
            test.FixedState.Sources.Add(("/0/Contracts.cs", """
                using Shop;

                public class OrderPlaced
                {
                    public int OrderId { get; init; }
                    public string Channel { get; init; } = "web";
                }
                """));
            test.FixedState.Sources.Add(("/0/Checkout.cs", """
                using System.Threading.Tasks;
                using MassTransit;
                using Shop;

                public class Checkout
                {
                    public Task Complete(IPublishEndpoint bus, Order order)
                        => bus.Publish(new OrderPlaced { OrderId = order.Id, Channel = "app" });

                    public Task Replay(IPublishEndpoint bus, Order order)
                        => bus.Publish(new OrderPlaced { OrderId = order.Id });
                }
                """));
            test.FixedState.Sources.Add(("/0/Consumers.cs", """
                using System;
                using System.Threading.Tasks;
                using MassTransit;

                public class EmailConsumer : IConsumer<OrderPlaced>
                {
                    private readonly Shop.ShopDb _shopDb;

                    public EmailConsumer(Shop.ShopDb shopDb) => _shopDb = shopDb;

                    public async Task Consume(ConsumeContext<OrderPlaced> context)
                    {
                        var order = await _shopDb.FindAsync<Shop.Order>(context.Message.OrderId);
                        if (order is null)
                        {
                            // Deleted since the message was sent: nothing left to do.
                            return;
                        }

                        await Task.Delay(1);
                        System.Console.WriteLine(order.Total + " " + order.Total);
                    }
                }

                public class AuditConsumer : IConsumer<OrderPlaced>
                {
                    public Task Consume(ConsumeContext<OrderPlaced> context) => Log(context.Message);

                    private static Task Log(OrderPlaced message) => Console.Out.WriteLineAsync("order " + message.OrderId);
                }
                """));
            test.FixedState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            return test.RunAsync();
        }

        // A positional record: the parameter becomes the key, each creation passes it (by position or by name), and a
        // Rebus handler with a context loads the entity.
        [Fact]
        public Task A_record_message_passes_the_key_by_position_and_name_and_its_Rebus_handler_loads_it()
            => VerifyFixAsync("""
                using System;
                using System.Threading.Tasks;
                using Rebus.Bus;
                using Rebus.Handlers;
                using Shop;

                public record OrderShipped(Order {|QL0001:Order|}, DateTime At);

                public class Shipping
                {
                    public Task Ship(IBus bus, Order order) => bus.Publish(new OrderShipped(order, DateTime.UtcNow));

                    public Task Late(IBus bus, Order order, DateTime now) => bus.Defer(TimeSpan.FromHours(1), new OrderShipped(At: now, Order: order));
                }

                public class ShippedHandler : IHandleMessages<OrderShipped>
                {
                    private readonly ShopDb _db;

                    public ShippedHandler(ShopDb db) => _db = db;

                    public async Task Handle(OrderShipped message)
                    {
                        await Task.Delay(1);
                        Console.WriteLine(message.Order.Total + " at " + message.At);
                    }
                }
                """, """
                using System;
                using System.Threading.Tasks;
                using Rebus.Bus;
                using Rebus.Handlers;
                using Shop;

                public record OrderShipped(int OrderId, DateTime At);

                public class Shipping
                {
                    public Task Ship(IBus bus, Order order) => bus.Publish(new OrderShipped(order.Id, DateTime.UtcNow));

                    public Task Late(IBus bus, Order order, DateTime now) => bus.Defer(TimeSpan.FromHours(1), new OrderShipped(At: now, OrderId: order.Id));
                }

                public class ShippedHandler : IHandleMessages<OrderShipped>
                {
                    private readonly ShopDb _db;

                    public ShippedHandler(ShopDb db) => _db = db;

                    public async Task Handle(OrderShipped message)
                    {
                        var order = await _db.FindAsync<Order>(message.OrderId);
                        if (order is null)
                        {
                            // Deleted since the message was sent: nothing left to do.
                            return;
                        }

                        await Task.Delay(1);
                        Console.WriteLine(order.Total + " at " + message.At);
                    }
                }
                """);

        // No producer in the solution: the message comes from another service, whose contract this one cannot change.
        [Fact]
        public Task No_fix_for_a_message_no_code_of_the_solution_sends()
            => VerifyNoFixAsync("""
                using System.Threading.Tasks;
                using MassTransit;
                using Shop;

                public class OrderPlaced
                {
                    public Order {|QL0001:Order|} { get; init; } = null!;
                }

                public class EmailConsumer : IConsumer<OrderPlaced>
                {
                    public async Task Consume(ConsumeContext<OrderPlaced> context)
                    {
                        await Task.Delay(1);
                        System.Console.WriteLine(context.Message.Order.Total);
                    }
                }
                """);

        // No consumer in the solution: another service consumes it. The finding is reported once the whole compilation
        // has been seen (no consumer declares the type), which the test verifier does not fix: the fixer is asked directly.
        [Fact]
        public async Task No_fix_for_a_message_no_code_of_the_solution_consumes()
        {
            var code = """
                using System.Threading.Tasks;
                using MassTransit;
                using Shop;

                public record OrderPlaced(Order Order);

                public class Checkout
                {
                    public Task Complete(IPublishEndpoint bus, Order order) => bus.Publish(new OrderPlaced(order));
                }

                """ + Snippets.ShopModel;

            Assert.Empty(await OfferedFixesAsync(code));
        }

        // An anonymous-object initializer sets the property by name, a read in a helper is not a handler's, and a
        // navigation read through the entity would be lost by a load by key: each leaves the message as it is.
        [Theory]
        [InlineData("await context.Publish<OrderPlaced>(new { Order = {|QL0001:context.Message.Order|} });", "System.Console.WriteLine(context.Message.Order.Total);")]
        [InlineData("await Task.Delay(1);", "Print(context.Message);")]
        [InlineData("await Task.Delay(1);", "System.Console.WriteLine(context.Message.Order.Customer?.Email);")]
        public Task No_fix_when_a_use_takes_another_shape(string statement, string read)
            => VerifyNoFixAsync($$"""
                using System.Threading.Tasks;
                using MassTransit;
                using Shop;

                public class OrderPlaced
                {
                    public Order {|QL0001:Order|} { get; init; } = null!;
                }

                public class Checkout
                {
                    public Task Complete(IPublishEndpoint bus, Order order) => bus.Publish(new OrderPlaced { Order = order });
                }

                public class EmailConsumer : IConsumer<OrderPlaced>
                {
                    public async Task Consume(ConsumeContext<OrderPlaced> context)
                    {
                        {{statement}}
                        {{read}}
                    }

                    private static void Print(OrderPlaced message) => System.Console.WriteLine(message.Order.Total);
                }
                """);

        // dotnet format takes the Fix All of the first finding with a null equivalence key.
        [Fact]
        public async Task Dotnet_format_makes_the_message_carry_the_key()
        {
            var code = """
                using System.Threading.Tasks;
                using MassTransit;
                using Quartz;
                using Shop;

                public class Reminders
                {
                    // Nothing reads this job data: no fix, and the key dotnet format passes on is null.
                    public void Plan(JobDataMap map, Order order) => map.Put("order", order);
                }

                public class OrderPlaced
                {
                    public Order Order { get; init; } = null!;
                }

                public class Checkout
                {
                    public Task Complete(IPublishEndpoint bus, Order order) => bus.Publish(new OrderPlaced { Order = order });
                }

                public class EmailConsumer : IConsumer<OrderPlaced>
                {
                    private readonly ShopDb _db;

                    public EmailConsumer(ShopDb db) => _db = db;

                    public async Task Consume(ConsumeContext<OrderPlaced> context)
                    {
                        await Task.Delay(1);
                        System.Console.WriteLine(context.Message.Order.Total);
                    }
                }

                """ + Snippets.ShopModel;

            var fixedCode = await NullKeyFixAll.RunAsync(code, "QL0001", new PassEntityIdFixer(), new PassEntityIdAnalyzer());

            Assert.Contains("public int OrderId { get; init; }", fixedCode);
            Assert.Contains("bus.Publish(new OrderPlaced { OrderId = order.Id })", fixedCode);
            Assert.Contains("var order = await _db.FindAsync<Order>(context.Message.OrderId);", fixedCode);
            Assert.Contains("System.Console.WriteLine(order.Total);", fixedCode);
        }

        private static Task VerifyFixAsync(string source, string fixedSource)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
            test.FixedState.Sources.Add(("/0/Model.cs", Snippets.ShopModel));
            return test.RunAsync();
        }

        private static Task VerifyNoFixAsync(string source) => VerifyFixAsync(source, source);

        /// <summary>The titles of the fixes offered for each QL0001 finding of <paramref name="code"/>, which must have one.</summary>
        private static async Task<List<string>> OfferedFixesAsync(string code)
        {
            using var workspace = new AdhocWorkspace();
            var (document, diagnostics) = await NullKeyFixAll.AnalyzeAsync(workspace, code, "QL0001", new PassEntityIdAnalyzer());
            Assert.NotEmpty(diagnostics);

            var titles = new List<string>();
            foreach (var diagnostic in diagnostics)
            {
                await new PassEntityIdFixer().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => titles.Add(action.Title), CancellationToken.None));
            }

            return titles;
        }
    }
}
