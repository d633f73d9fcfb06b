using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// Wolverine: <c>SendAsync</c>, <c>PublishAsync</c> and <c>BroadcastToTopicAsync</c> on <c>IMessageBus</c> (and
    /// <c>IMessageContext</c>, <c>IDbContextOutbox</c>, which are one), <c>SendAsync</c> on an endpoint
    /// (<c>bus.EndpointFor(…)</c>), <c>RespondToSenderAsync</c>, and the <c>ScheduleAsync</c> and
    /// <c>BroadcastToAllNodesAsync</c> extensions. The message object is payload; its type is the message type.
    /// <c>InvokeAsync</c> runs the handler at once, in the caller's flow, and is not an enqueue.
    /// <para>
    /// Wolverine holds back what is sent through an EF Core outbox (<c>IDbContextOutbox</c>) until
    /// <c>SaveChangesAndFlushMessagesAsync</c>, and what a handler sends until the handler has succeeded: such sites
    /// are delivered on commit.
    /// </para>
    /// </summary>
    internal sealed class WolverineAdapter : IEnqueueAdapter
    {
        private readonly KnownSymbols _symbols;

        public WolverineAdapter(KnownSymbols symbols) => _symbols = symbols;

        /// <summary>The names of the calls that hand Wolverine a message.</summary>
        public static readonly string[] MethodNames = { "SendAsync", "PublishAsync", "BroadcastToTopicAsync", "RespondToSenderAsync", "ScheduleAsync", "BroadcastToAllNodesAsync" };

        public bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site)
        {
            site = null;
            if (operation is not IInvocationOperation invocation
                || System.Array.IndexOf(MethodNames, invocation.TargetMethod.Name) < 0
                || !IsBusMethod(invocation.TargetMethod))
            {
                return false;
            }

            if (FindMessageArgument(invocation) is not { } messageArgument)
            {
                return false;
            }

            site = EnqueueSite.ForMessage(JobFramework.Wolverine, "Wolverine message", invocation, messageArgument, HeldBack(invocation) ? EnqueueTraits.DeliveredOnCommit : EnqueueTraits.None);
            return true;
        }

        /// <summary>The argument a Wolverine bus call takes the message in (<c>message</c>, or <c>response</c> for <c>RespondToSenderAsync</c>).</summary>
        public static IArgumentOperation? FindMessageArgument(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name is "message" or "response")
                {
                    return argument;
                }
            }

            return null;
        }

        private bool IsBusMethod(IMethodSymbol method)
        {
            var type = method.ContainingType;
            return SymbolEqualityComparer.Default.Equals(type, _symbols.WolverineIMessageBus)
                || SymbolEqualityComparer.Default.Equals(type, _symbols.WolverineIMessageContext)
                || SymbolEqualityComparer.Default.Equals(type, _symbols.WolverineIDestinationEndpoint)
                || SymbolEqualityComparer.Default.Equals(type, _symbols.WolverineMessageBusExtensions);
        }

        /// <summary>
        /// Whether Wolverine holds the message back until a commit: sent through an EF Core outbox, or from inside a
        /// handler (the bus a handler is given is the context of the message it handles).
        /// </summary>
        private bool HeldBack(IInvocationOperation invocation)
        {
            var receiver = invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
                ? invocation.Arguments[0].Value.WithoutImplicitConversions()
                : invocation.Instance?.WithoutImplicitConversions();
            if (receiver?.Type is { } receiverType
                && (receiverType.IsOrImplements(_symbols.WolverineIDbContextOutbox) || receiverType.IsOrImplements(_symbols.WolverineIDbContextOutbox1)))
            {
                return true;
            }

            var enclosing = invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart);
            for (var symbol = enclosing; symbol is not null; symbol = symbol.ContainingSymbol)
            {
                if (symbol is IMethodSymbol method && WolverineHandlers.IsHandlerMethod(method, _symbols))
                {
                    return true;
                }

                if (symbol is INamedTypeSymbol)
                {
                    break;
                }
            }

            return false;
        }
    }
}
