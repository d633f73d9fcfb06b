using Microsoft.CodeAnalysis;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    /// <summary>
    /// The Durable Task SDK's class-based activities: a class deriving from <c>TaskActivity&lt;TInput, TOutput&gt;</c>
    /// whose <c>RunAsync(TaskActivityContext, TInput)</c> override an orchestration calls by the class's name (the
    /// isolated worker's <c>[DurableTask]</c> classes, and standalone Durable Task workers). Function-based activities are
    /// Azure Functions with an <c>[ActivityTrigger]</c> (<see cref="AzureFunctions"/>).
    /// </summary>
    internal static class DurableActivities
    {
        /// <summary>The name of the method a class-based activity overrides.</summary>
        public const string RunMethodName = "RunAsync";

        /// <summary>Whether <paramref name="type"/> derives from <c>TaskActivity&lt;TInput, TOutput&gt;</c>.</summary>
        public static bool IsActivityType(INamedTypeSymbol type, KnownSymbols symbols) => type.InheritsFrom(symbols.DurableTaskActivity2);

        /// <summary>Whether <paramref name="method"/> overrides <c>TaskActivity&lt;TInput, TOutput&gt;.RunAsync</c>.</summary>
        public static bool IsActivityRun(IMethodSymbol method, KnownSymbols symbols)
            => method.Name == RunMethodName && method.Overrides(symbols.DurableTaskActivity2);
    }
}
