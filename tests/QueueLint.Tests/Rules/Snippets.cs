using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.Rules
{
    /// <summary>Shared snippet parts: an EF Core model that makes <c>Order</c> and <c>Customer</c> entities.</summary>
    internal static class Snippets
    {
        /// <summary>Verifies <typeparamref name="TAnalyzer"/> on <paramref name="source"/> compiled beside <see cref="ShopModel"/>.</summary>
        public static Task VerifyWithShopAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
            where TAnalyzer : DiagnosticAnalyzer, new()
        {
            var test = new CSharpAnalyzerVerifier<TAnalyzer>.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Model.cs", ShopModel));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

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
