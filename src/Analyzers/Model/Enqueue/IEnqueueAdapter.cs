using Microsoft.CodeAnalysis;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// Turns one framework's API calls into <see cref="EnqueueSite"/>s. Implementations filter by symbol first
    /// (a reference comparison on the called method's type) and allocate only for real enqueue sites.
    /// </summary>
    internal interface IEnqueueAdapter
    {
        bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site);
    }
}
