namespace QueueLint.Tests.Rules
{
    /// <summary>Shared snippet parts: an EF Core model that makes <c>Order</c> and <c>Customer</c> entities.</summary>
    internal static class Snippets
    {
        public const string ShopModel = """
            namespace Shop
            {
                using System.ComponentModel.DataAnnotations;
                using Microsoft.EntityFrameworkCore;

                public class Order
                {
                    public int Id { get; set; }
                    public decimal Total { get; set; }
                    public Customer? Customer { get; set; }
                }

                public class Customer
                {
                    public int CustomerId { get; set; }
                    public string Email { get; set; } = "";
                }

                public class Invoice
                {
                    [Key]
                    public System.Guid Number { get; set; }
                }

                public class ShopDb : DbContext
                {
                    public DbSet<Order> Orders => Set<Order>();
                    public DbSet<Customer> Customers => Set<Customer>();
                    public DbSet<Invoice> Invoices => Set<Invoice>();
                }

                public record OrderSummary(int OrderId, decimal Total);
            }
            """;
    }
}
