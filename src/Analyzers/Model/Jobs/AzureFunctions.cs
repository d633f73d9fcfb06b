using Microsoft.CodeAnalysis;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    /// <summary>The trigger that runs an Azure Function, where it makes the function background work.</summary>
    internal enum FunctionTrigger
    {
        None,

        /// <summary>A storage queue message (<c>[QueueTrigger]</c>): retried, then moved to the poison queue.</summary>
        Queue,

        /// <summary>A schedule (<c>[TimerTrigger]</c>): a failed run is not run again before the next occurrence.</summary>
        Timer,

        /// <summary>
        /// A Service Bus message (<c>[ServiceBusTrigger]</c>, isolated worker): abandoned when the function fails, delivered
        /// again until the queue's or subscription's maximum delivery count, then dead-lettered.
        /// </summary>
        ServiceBus,

        /// <summary>
        /// A Durable Functions activity (<c>[ActivityTrigger]</c>), called by an orchestration with an input: run at least
        /// once per call, its failure handed back to the orchestration that called it.
        /// </summary>
        Activity,
    }

    /// <summary>
    /// Azure Functions runs the methods that carry <c>[Function]</c> (isolated worker) or <c>[FunctionName]</c>
    /// (in-process, WebJobs), static or not, in any class, for the trigger that one of their parameters is bound to.
    /// Queue-, Service Bus- and timer-triggered functions are background work: nobody waits for them and their failures
    /// go to the host's log. Durable activities are background work too: an orchestration schedules them through a queue of the
    /// task hub and waits for their result. HTTP, orchestration and other triggers are not jobs here (an orchestrator
    /// replays its code and does no work of its own). A function's trigger is read from the attribute on its parameter, of
    /// the worker's or of WebJobs' namespace.
    /// </summary>
    internal static class AzureFunctions
    {
        /// <summary>
        /// False when <paramref name="method"/> cannot be a function by its declaration alone: it has no attributes (the
        /// cheap question asked before any attribute is bound), or its class is one the compiler made up for members
        /// written outside any type in broken code (<c>&lt;invalid-global-code&gt;</c>), which the host never loads.
        /// </summary>
        public static bool MayBeFunction(IMethodSymbol method, KnownSymbols symbols)
            => symbols.HasAzureFunctions
               && method.MethodKind == MethodKind.Ordinary
               && method.ContainingType is { CanBeReferencedByName: true }
               && method.HasAttributeSyntax();

        /// <summary>Whether <paramref name="type"/> declares a method that may be a function (<see cref="MayBeFunction"/>).</summary>
        public static bool MayDeclareFunctions(INamedTypeSymbol type, KnownSymbols symbols)
        {
            if (!symbols.HasAzureFunctions || !type.CanBeReferencedByName)
            {
                return false;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && MayBeFunction(method, symbols))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The trigger of <paramref name="method"/> when it is a function run as background work, else none.</summary>
        public static FunctionTrigger GetTrigger(IMethodSymbol method, KnownSymbols symbols) => GetTrigger(method, symbols, out _);

        /// <summary>The parameter a queue- or Service Bus-triggered function receives its message in, or an activity its input; else null.</summary>
        public static IParameterSymbol? GetMessageParameter(IMethodSymbol method, KnownSymbols symbols)
            => GetTrigger(method, symbols, out var parameter) is FunctionTrigger.Queue or FunctionTrigger.ServiceBus or FunctionTrigger.Activity ? parameter : null;

        /// <summary>
        /// Whether <paramref name="method"/> is an in-process (WebJobs) function run as background work: the host binds an
        /// <c>ILogger</c> parameter of such a function to the function's logger.
        /// </summary>
        public static bool IsInProcessJob(IMethodSymbol method, KnownSymbols symbols)
            => GetTrigger(method, symbols) != FunctionTrigger.None && method.HasAttribute(symbols.WebJobsFunctionNameAttribute);

        private static bool IsFunction(IMethodSymbol method, KnownSymbols symbols)
        {
            foreach (var attribute in method.GetAttributes())
            {
                var type = attribute.AttributeClass;
                if (type is not null
                    && (SymbolEqualityComparer.Default.Equals(type, symbols.FunctionsFunctionAttribute)
                        || SymbolEqualityComparer.Default.Equals(type, symbols.WebJobsFunctionNameAttribute)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The trigger of a function run as background work, and the parameter bound to it.</summary>
        private static FunctionTrigger GetTrigger(IMethodSymbol method, KnownSymbols symbols, out IParameterSymbol? triggerParameter)
        {
            triggerParameter = null;
            if (!MayBeFunction(method, symbols) || !IsFunction(method, symbols))
            {
                return FunctionTrigger.None;
            }

            foreach (var parameter in method.Parameters)
            {
                foreach (var attribute in parameter.GetAttributes())
                {
                    var type = attribute.AttributeClass;
                    if (type is null)
                    {
                        continue;
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, symbols.FunctionsQueueTriggerAttribute)
                        || SymbolEqualityComparer.Default.Equals(type, symbols.WebJobsQueueTriggerAttribute))
                    {
                        triggerParameter = parameter;
                        return FunctionTrigger.Queue;
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, symbols.FunctionsTimerTriggerAttribute)
                        || SymbolEqualityComparer.Default.Equals(type, symbols.WebJobsTimerTriggerAttribute))
                    {
                        triggerParameter = parameter;
                        return FunctionTrigger.Timer;
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, symbols.FunctionsServiceBusTriggerAttribute))
                    {
                        triggerParameter = parameter;
                        return FunctionTrigger.ServiceBus;
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, symbols.DurableActivityTriggerAttribute)
                        || SymbolEqualityComparer.Default.Equals(type, symbols.FunctionsActivityTriggerAttribute))
                    {
                        triggerParameter = parameter;
                        return FunctionTrigger.Activity;
                    }
                }
            }

            return FunctionTrigger.None;
        }
    }
}
