using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// Azure Functions, in-process: <c>AddAsync</c> on an <c>IAsyncCollector&lt;T&gt;</c> and <c>Add</c> on an
    /// <c>ICollector&lt;T&gt;</c> that a function parameter binds to a storage queue (<c>[Queue("name")]</c>). The item is
    /// payload; its type is the message type. The queue binding's collector adds each message to the queue as the call
    /// is made, not when the function ends, so a message added before a commit can be handled before the data exists.
    /// <para>
    /// Outputs that are sent after the function returns successfully — an isolated worker's <c>[QueueOutput]</c> return
    /// value, an in-process <c>out</c> parameter — are not sites: nothing the function saves comes after them, and their
    /// message types are read where a function of the compilation consumes them.
    /// </para>
    /// </summary>
    internal sealed class AzureFunctionsAdapter : IEnqueueAdapter
    {
        private readonly KnownSymbols _symbols;

        public AzureFunctionsAdapter(KnownSymbols symbols) => _symbols = symbols;

        /// <summary>The names of the calls that add a message to a bound queue.</summary>
        public static readonly string[] MethodNames = { "AddAsync", "Add" };

        public bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site)
        {
            site = null;
            if (operation is not IInvocationOperation { Instance: { } receiver, Arguments.Length: > 0 } invocation
                || System.Array.IndexOf(MethodNames, invocation.TargetMethod.Name) < 0
                || !IsCollector(invocation.TargetMethod.ContainingType)
                || receiver.WithoutImplicitConversions() is not IParameterReferenceOperation { Parameter: var parameter }
                || !parameter.HasAttribute(_symbols.WebJobsQueueAttribute))
            {
                return false;
            }

            site = EnqueueSite.ForMessage(JobFramework.AzureFunctions, "queue message", invocation, invocation.Arguments[0], EnqueueTraits.None);
            return true;
        }

        private bool IsCollector(INamedTypeSymbol? type)
            => type is not null
               && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _symbols.WebJobsIAsyncCollector1)
                   || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _symbols.WebJobsICollector1));
    }
}
