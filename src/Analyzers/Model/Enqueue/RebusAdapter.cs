using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// Rebus: <c>Send</c>, <c>SendLocal</c>, <c>Publish</c>, <c>Defer</c>, <c>DeferLocal</c> and <c>Reply</c> on
    /// <c>IBus</c> and <c>ISyncBus</c>, and the explicitly routed <c>Send</c>/<c>Defer</c> and topic <c>Publish</c> of
    /// <c>bus.Advanced</c>. The message object (the <c>object</c> parameter) is payload; its type is the message type.
    /// <para>
    /// Rebus holds back what is sent inside a transaction context until the context completes: in a handler, the
    /// handled message's own (the messages go out after the handler returns, and not at all when it throws); elsewhere,
    /// a <c>RebusTransactionScope</c> (they go out at <c>CompleteAsync</c>). Such sites are delivered on commit.
    /// </para>
    /// </summary>
    internal sealed class RebusAdapter : IEnqueueAdapter
    {
        private readonly KnownSymbols _symbols;

        public RebusAdapter(KnownSymbols symbols) => _symbols = symbols;

        /// <summary>The names of the calls that hand Rebus a message.</summary>
        public static readonly string[] MethodNames = { "Send", "SendLocal", "Publish", "Defer", "DeferLocal", "Reply" };

        public bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site)
        {
            site = null;
            if (operation is not IInvocationOperation invocation
                || System.Array.IndexOf(MethodNames, invocation.TargetMethod.Name) < 0
                || !IsBusMethod(invocation.TargetMethod))
            {
                return false;
            }

            IArgumentOperation? messageArgument = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_Object })
                {
                    messageArgument = argument;
                    break;
                }
            }

            if (messageArgument is null)
            {
                return false;
            }

            site = EnqueueSite.ForMessage(JobFramework.Rebus, "Rebus message", invocation, messageArgument, InTransactionContext(invocation) ? EnqueueTraits.DeliveredOnCommit : EnqueueTraits.None);
            return true;
        }

        private bool IsBusMethod(IMethodSymbol method)
        {
            var type = method.ContainingType;
            return SymbolEqualityComparer.Default.Equals(type, _symbols.RebusIBus)
                || SymbolEqualityComparer.Default.Equals(type, _symbols.RebusISyncBus)
                || SymbolEqualityComparer.Default.Equals(type, _symbols.RebusIRoutingApi)
                || SymbolEqualityComparer.Default.Equals(type, _symbols.RebusITopicsApi);
        }

        /// <summary>
        /// Whether the call runs inside a transaction context that holds its messages back: in a class that handles
        /// messages, or after a <c>RebusTransactionScope</c> is opened in the same body.
        /// </summary>
        private bool InTransactionContext(IInvocationOperation invocation)
        {
            var type = invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart)?.ContainingType;
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.IsOrImplements(_symbols.RebusIHandleMessages1))
                {
                    return true;
                }
            }

            return _symbols.RebusTransactionScope is not null && InTransactionScope(invocation);
        }

        private bool InTransactionScope(IInvocationOperation invocation)
            => EarlierInBody.Any(invocation.Syntax, (Adapter: this, Invocation: invocation), static (node, state) => node switch
            {
                VariableDeclarationSyntax declaration => state.Adapter.Creates(declaration, state.Invocation),
                LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } local => state.Adapter.Creates(local.Declaration, state.Invocation),
                _ => false,
            });

        /// <summary>Whether the declaration makes a <c>RebusTransactionScope</c> (checked by name, then by symbol).</summary>
        private bool Creates(VariableDeclarationSyntax declaration, IInvocationOperation invocation)
        {
            foreach (var variable in declaration.Variables)
            {
                if (variable.Initializer?.Value is BaseObjectCreationExpressionSyntax creation
                    && (creation is not ObjectCreationExpressionSyntax { Type: var type } || SyntaxNames.Rightmost(type) == "RebusTransactionScope")
                    && invocation.SemanticModel!.GetTypeInfo(creation).Type is { } created
                    && SymbolEqualityComparer.Default.Equals(created, _symbols.RebusTransactionScope))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
