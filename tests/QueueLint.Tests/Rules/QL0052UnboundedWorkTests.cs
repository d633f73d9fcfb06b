using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Analyze = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.UnboundedWorkAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0052UnboundedWorkTests
    {
        private const string Data = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;

            public class Order { public int Id { get; set; } public bool Open { get; set; } public Customer Customer { get; set; } = null!; }
            public class Customer { public int Id { get; set; } }
            public class ShopDb : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
            }

            """;

        private static DiagnosticResult Finding(int location, string set, string what)
            => Analyze.Diagnostic("QL0052").WithLocation(location).WithSeverity(DiagnosticSeverity.Info)
                .WithMessage("This job walks all of '" + set + "' and " + what + " per item: one run grows with the table; process it in batches or fan out one job per item");

        [Fact]
        public Task Whole_tables_walked_with_remote_calls_saves_or_enqueues_per_item()
            => Analyze.VerifyAnalyzerAsync(Data + """
                public class Jobs
                {
                    private readonly ShopDb _db = new();
                    private readonly HttpClient _http = new();

                    public async Task NotifyAll(CancellationToken cancellationToken)
                    {
                        {|#0:foreach|} (var order in await _db.Orders.ToListAsync(cancellationToken))
                        {
                            await _http.PostAsync("https://example.com/" + order.Id, null, cancellationToken);
                        }
                    }

                    public void CloseAll()
                    {
                        var orders = _db.Orders.Include(o => o.Customer).OrderBy(o => o.Id).ToList();
                        {|#1:foreach|} (var order in orders)
                        {
                            order.Open = false;
                            _db.SaveChanges();
                        }
                    }

                    public void FanOutAll()
                    {
                        {|#2:foreach|} (var order in _db.Set<Order>())
                        {
                            Hangfire.BackgroundJob.Enqueue<Jobs>(x => x.One(order.Id));
                        }
                    }

                    public async Task AwaitEach(CancellationToken cancellationToken)
                    {
                        {|#3:foreach|} (var order in _db.Orders.AsNoTracking().ToList())
                        {
                            await Mail(order.Id, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    public void One(int id) { }

                    private Task Mail(int id, CancellationToken cancellationToken) => Task.CompletedTask;
                }

                public class Sites
                {
                    public void Post()
                    {
                        Hangfire.BackgroundJob.Enqueue<Jobs>(x => x.NotifyAll(CancellationToken.None));
                        Hangfire.BackgroundJob.Enqueue<Jobs>(x => x.CloseAll());
                        Hangfire.BackgroundJob.Enqueue<Jobs>(x => x.FanOutAll());
                        Hangfire.BackgroundJob.Enqueue<Jobs>(x => x.AwaitEach(CancellationToken.None));
                    }
                }
                """,
                Finding(0, "Orders", "sends an HTTP request"),
                Finding(1, "Orders", "saves"),
                Finding(2, "DbSet<Order>", "enqueues"),
                Finding(3, "Orders", "awaits a call"));

        [Fact]
        public Task Bounded_queries_local_work_and_code_outside_jobs_are_not_reported()
            => Analyze.VerifyAnalyzerAsync("using Quartz;\n" + Data + """

                public class Cleanup : IJob
                {
                    private readonly ShopDb _db = new();
                    private readonly HttpClient _http = new();

                    public async Task Execute(IJobExecutionContext context)
                    {
                        foreach (var order in _db.Orders.Where(o => o.Open).ToList())
                        {
                            await _http.PostAsync("https://example.com/" + order.Id, null);
                        }

                        foreach (var order in _db.Orders.OrderBy(o => o.Id).Take(100).ToList())
                        {
                            _db.SaveChanges();
                        }

                        foreach (var order in _db.Orders.ToList())
                        {
                            order.Open = false;
                        }

                        _db.SaveChanges();

                        var list = _db.Orders.ToList();
                        list = list.Take(10).ToList();
                        foreach (var order in list)
                        {
                            _db.SaveChanges();
                        }

                        foreach (var order in _db.Orders.ToList())
                        {
                            await Task.Delay(10);
                        }
                    }
                }

                public class NotAJob
                {
                    private readonly ShopDb _db = new();

                    public void Run()
                    {
                        foreach (var order in _db.Orders)
                        {
                            _db.SaveChanges();
                        }
                    }
                }
                """);

        [Fact]
        public Task MassTransit_consumers_that_publish_per_row()
            => Analyze.VerifyAnalyzerAsync("using MassTransit;\n" + Data + """

                public record Sweep;
                public record OrderDue(int Id);

                public class SweepConsumer : IConsumer<Sweep>
                {
                    private readonly ShopDb _db = new();

                    public async Task Consume(ConsumeContext<Sweep> context)
                    {
                        {|#0:foreach|} (var order in _db.Orders)
                        {
                            await context.Publish(new OrderDue(order.Id));
                        }
                    }
                }
                """,
                Finding(0, "Orders", "enqueues"));
    }
}
