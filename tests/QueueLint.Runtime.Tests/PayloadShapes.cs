using System;
using System.Collections.Generic;
using System.IO;
using System.Linq.Expressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// The payload types the serializer tests hand to Hangfire and to MassTransit: one type per shape QL0009 judges,
    /// shared so that both frameworks are shown the same shapes.
    /// </summary>
    public static class PayloadShapes
    {
        public class PrivateConstructorOnly
        {
            private PrivateConstructorOnly() { }

            public string? Name { get; set; }

            public static PrivateConstructorOnly Create(string name) => new PrivateConstructorOnly { Name = name };
        }

        public class PrivateAndPublicConstructor
        {
            private PrivateAndPublicConstructor() { }

            public PrivateAndPublicConstructor(string name) => Name = name;

            public string? Name { get; set; }

            public int Quantity { get; set; }
        }

        public class TwoConstructors
        {
            public TwoConstructors(string name) => Name = name;

            public TwoConstructors(string name, int quantity)
            {
                Name = name;
                Quantity = quantity;
            }

            public string Name { get; set; }

            public int Quantity { get; set; }
        }

        public class SingleConstructor
        {
            public SingleConstructor(string name, int quantity)
            {
                Name = name;
                Quantity = quantity;
            }

            public string Name { get; }

            public int Quantity { get; }
        }

        public class PrivateSetter
        {
            public int Total { get; private set; }

            public void Add(int amount) => Total += amount;
        }

        public class GetOnly
        {
            public GetOnly() { }

            public GetOnly(int count) => Count = count;

            public int Count { get; }

            public List<int> Items { get; } = new List<int>();
        }

        public interface IShape
        {
            string Kind { get; }
        }

        public class Circle : IShape
        {
            public string Kind => "circle";

            public int Radius { get; set; }
        }

        public class Drawing
        {
            public IShape? Shape { get; set; }
        }

        public abstract class Animal
        {
            public string Name { get; set; } = "";
        }

        public class Dog : Animal
        {
            public bool Good { get; set; }
        }

        public class Pet
        {
            public Animal? Animal { get; set; }
        }

        public class Point
        {
            public int X { get; set; }
        }

        public class Envelope
        {
            public object? Body { get; set; }
        }

        public class Parent
        {
            public string? Name { get; set; }

            public List<Child> Children { get; set; } = new List<Child>();

            public static Parent WithOneChild()
            {
                var parent = new Parent { Name = "p" };
                parent.Children.Add(new Child { Name = "c", Parent = parent });
                return parent;
            }
        }

        public class Child
        {
            public string? Name { get; set; }

            public Parent? Parent { get; set; }
        }

        public class WithCallback
        {
            public Func<int>? Callback { get; set; }
        }

        public class WithAction
        {
            public Action? OnDone { get; set; }
        }

        public class WithStream
        {
            public Stream? Content { get; set; }
        }

        public class WithCancellation
        {
            public CancellationTokenSource? Cancellation { get; set; }
        }

        public class WithTask
        {
            public Task? Pending { get; set; }
        }

        public class WithExpression
        {
            public Expression<Func<int>>? Formula { get; set; }
        }

        public class WithDbContext
        {
            public ShopContext? Db { get; set; }
        }

        /// <summary>A minimal EF Core context, as a request handler would have it from its container.</summary>
        public class ShopContext : DbContext
        {
            public ShopContext(DbContextOptions<ShopContext> options)
                : base(options)
            {
            }

            public DbSet<Order> Orders { get; set; } = null!;

            /// <summary>A live context on an open in-memory SQLite database, with its table created and one order in it.</summary>
            public static ShopContext Open()
            {
                var connection = new SqliteConnection("Data Source=:memory:");
                connection.Open();
                var context = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseSqlite(connection, contextOwnsConnection: true).Options);
                context.Database.EnsureCreated();
                context.Orders.Add(new Order { Name = "o-1" });
                context.SaveChanges();
                return context;
            }
        }

        public class Order
        {
            public int Id { get; set; }

            public string? Name { get; set; }
        }

        public class WithHttpContext
        {
            public HttpContext? Http { get; set; }
        }

        public class WithLogger
        {
            public ILogger? Logger { get; set; }
        }

        public class WithServices
        {
            public IServiceProvider? Services { get; set; }
        }

        public class WithBytes
        {
            public byte[]? Data { get; set; }
        }

        public record Receipt(decimal Total, DateTime At);

        public class LineItem
        {
            public string? Name { get; set; }

            public int Quantity { get; set; }
        }

        public class WithFields
        {
            public int Count;

            public readonly string? Code;

            public WithFields() { }

            public WithFields(string code) => Code = code;
        }

        public class ReadonlyFieldByConstructor
        {
            public readonly string Code;

            public ReadonlyFieldByConstructor(string code) => Code = code;
        }
    }
}
