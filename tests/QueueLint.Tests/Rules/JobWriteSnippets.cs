namespace QueueLint.Tests.Rules
{
    /// <summary>An EF Core model for the job-write rules: counters, inserts keyed by the job's arguments, a processed marker.</summary>
    internal static class JobWriteSnippets
    {
        public const string Model = """
            namespace Billing
            {
                using System;
                using System.Collections.Generic;
                using System.ComponentModel.DataAnnotations;
                using Microsoft.EntityFrameworkCore;

                public class Account
                {
                    public int Id { get; set; }
                    public decimal Balance { get; set; }
                    public int ReminderCount { get; set; }
                public int RetryCount { get; set; }
                    public string Status { get; set; } = "";
                    [System.ComponentModel.DataAnnotations.Schema.NotMapped] public int Rank { get; set; }
                    public List<Invoice> Invoices { get; set; } = new();
                }

                public class Invoice
                {
                    public int Id { get; set; }
                    public int AccountId { get; set; }
                    public decimal Amount { get; set; }
                }

                public class ProcessedMessage
                {
                    [Key]
                    public Guid MessageId { get; set; }
                }

                public class BillingDb : DbContext
                {
                    public DbSet<Account> Accounts => Set<Account>();
                    public DbSet<Invoice> Invoices => Set<Invoice>();
                    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();
                }

                public record ChargeAccount(Guid MessageId, int AccountId, decimal Amount);
            }
            """;
    }
}
