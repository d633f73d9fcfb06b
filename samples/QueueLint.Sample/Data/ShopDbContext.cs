using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Shop.Data;

public class Customer
{
    public int Id { get; set; }
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
}

public class Order
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public decimal Total { get; set; }
    public OrderStatus Status { get; set; }
    public DateTimeOffset PlacedAt { get; set; }
}

public enum OrderStatus
{
    Placed,
    Paid,
    Shipped,
    Cancelled,
}

public class Invoice
{
    [Key]
    public Guid Number { get; set; }
    public int OrderId { get; set; }
    public decimal Amount { get; set; }
}

/// <summary>Configured, not exposed as a DbSet: still an entity.</summary>
public class Shipment
{
    public long Id { get; set; }
    public int OrderId { get; set; }
    public string Carrier { get; set; } = "";
}

public class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder) => builder.HasIndex(s => s.OrderId);
}

public class ShopDbContext : DbContext
{
    public ShopDbContext(DbContextOptions<ShopDbContext> options)
        : base(options)
    {
    }

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.ApplyConfiguration(new ShipmentConfiguration());
}

/// <summary>What the web layer and the jobs exchange instead of entities: plain values.</summary>
public record OrderSummary(int OrderId, decimal Total, string CustomerEmail);
