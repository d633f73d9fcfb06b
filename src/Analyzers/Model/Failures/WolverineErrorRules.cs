using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Failures
{
    /// <summary>
    /// Wolverine's error rules are fluent chains that start with <c>OnException&lt;T&gt;()</c>, <c>OnAnyException()</c>
    /// (or their kin in <c>ErrorHandlingPolicyExtensions</c>) on the options, a policy or one handler's chain, and end
    /// with what is done on a failure (<c>.RetryTimes(3).Then.CustomAction(…)</c>). One action of such a chain is read
    /// back to the call that starts its rule.
    /// </summary>
    internal static class WolverineErrorRules
    {
        /// <summary>The <c>OnException…</c> call that starts the rule <paramref name="action"/> belongs to, or null.</summary>
        public static IInvocationOperation? FindStart(IInvocationOperation action, KnownSymbols symbols)
        {
            IOperation? current = action;
            while (current is not null)
            {
                switch (current)
                {
                    case IInvocationOperation call when SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.WolverineErrorHandlingPolicyExtensions):
                        return call;
                    case IInvocationOperation call:
                        current = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
                        break;
                    case IPropertyReferenceOperation property:
                        current = property.Instance;
                        break;
                    case IConversionOperation conversion:
                        current = conversion.Operand;
                        break;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>Whether the rule <paramref name="start"/> starts is one handler's (set on its <c>HandlerChain</c>) rather than every handler's.</summary>
        public static bool IsForOneHandler(IInvocationOperation start, KnownSymbols symbols)
            => start.Arguments.Length > 0 && start.Arguments[0].Value.WithoutImplicitConversions().Type.IsOrImplements(symbols.WolverineHandlerChain);
    }
}
