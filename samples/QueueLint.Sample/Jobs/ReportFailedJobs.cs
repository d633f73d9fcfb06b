using Hangfire.States;
using Microsoft.Extensions.Logging;

namespace Shop.Jobs;

/// <summary>
/// Good: one place where every failed Hangfire job is reported, with its exception. Registered in Program.cs with
/// GlobalJobFilters, it is why QueueLint does not ask each Hangfire job to catch and report on its own (QL0011).
/// </summary>
public class ReportFailedJobs : IElectStateFilter
{
    private readonly ILogger<ReportFailedJobs> _logger;

    public ReportFailedJobs(ILogger<ReportFailedJobs> logger) => _logger = logger;

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState failed)
        {
            _logger.LogError(failed.Exception, "Job {JobId} failed", context.BackgroundJob.Id);
        }
    }
}
