using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// Hangfire: <c>BackgroundJob.Enqueue/Schedule/ContinueJobWith</c>, the <c>IBackgroundJobClient</c> extensions
    /// (<c>BackgroundJobClientExtensions</c>), <c>RecurringJob.AddOrUpdate</c> and the <c>IRecurringJobManager</c>
    /// extensions. The job is the method called in the expression-tree argument; its arguments are the payload.
    /// </summary>
    internal sealed class HangfireAdapter : IEnqueueAdapter
    {
        private readonly KnownSymbols _symbols;

        public HangfireAdapter(KnownSymbols symbols) => _symbols = symbols;

        public bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site)
        {
            site = null;
            if (operation is not IInvocationOperation invocation || !IsEnqueueMethod(invocation.TargetMethod))
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.Type.OriginalDefinition, _symbols.Expression1)
                    && OperationHelpers.GetJobInvocation(argument.Value) is { } job)
                {
                    site = new EnqueueSite(
                        JobFramework.Hangfire,
                        invocation,
                        "Job '" + job.TargetMethod.ToJobName() + "'",
                        job,
                        messageType: null,
                        OperationHelpers.GetArgumentPayload(job, PayloadOrigin.JobArgument),
                        EnqueueTraits.RecordsMethodCall | EnqueueTraits.ArgumentsEvaluatedAtEnqueue);
                    return true;
                }
            }

            return false;
        }

        private bool IsEnqueueMethod(IMethodSymbol method)
        {
            var type = method.ContainingType;
            var comparer = SymbolEqualityComparer.Default;
            return comparer.Equals(type, _symbols.HangfireBackgroundJob)
                || comparer.Equals(type, _symbols.HangfireBackgroundJobClientExtensions)
                || comparer.Equals(type, _symbols.HangfireRecurringJob)
                || comparer.Equals(type, _symbols.HangfireRecurringJobManagerExtensions);
        }
    }
}
