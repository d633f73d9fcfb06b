using Coravel.Invocable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shop.Jobs;

/// <summary>Polls the warehouse for stock changes.</summary>
public class StockPollingWorker : BackgroundService
{
    private readonly IMailer _mailer;

    public StockPollingWorker(IMailer mailer) => _mailer = mailer;

    // QL0014: an exception escaping here stops the host (the first failed send takes the whole app down).
    // QL0050: the loop never looks at stoppingToken, so shutdown waits for it.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            await _mailer.SendAsync("stock@example.com", "Stock check");
            await Task.Delay(TimeSpan.FromMinutes(1));
        }
    }
}

/// <summary>Good: observes the token and reports failures.</summary>
public class CleanupWorker : BackgroundService
{
    private readonly ILogger<CleanupWorker> _logger;

    public CleanupWorker(ILogger<CleanupWorker> logger) => _logger = logger;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Cleanup failed");
            }
        }
    }
}

/// <summary>A Coravel invocable that refreshes the catalogue cache.</summary>
public class RefreshCatalogue : IInvocable
{
    // QL0051: .Result blocks the scheduler's thread.
    public Task Invoke()
    {
        var count = Task.Run(() => 42).Result;
        Console.WriteLine($"Refreshed {count} products");
        return Task.CompletedTask;
    }
}
