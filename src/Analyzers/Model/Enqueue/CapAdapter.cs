using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// CAP (DotNetCore.CAP): <c>Publish</c>, <c>PublishAsync</c>, <c>PublishDelay</c> and <c>PublishDelayAsync</c> on
    /// <c>ICapPublisher</c>. The content object (<c>contentObj</c>) is payload; its type is the message type.
    /// <para>
    /// CAP stores a message published inside a CAP transaction in that transaction and sends it only once the
    /// transaction commits (the storage packages' <c>BeginTransaction(publisher)</c> on a connection or on EF Core's
    /// <c>Database</c>); with <c>autoCommit: true</c> the publish itself commits, so what is saved after it is not in
    /// the message's transaction. Anywhere else, a subscriber included, the message is stored and sent at once.
    /// </para>
    /// </summary>
    internal sealed class CapAdapter : IEnqueueAdapter
    {
        private readonly KnownSymbols _symbols;

        public CapAdapter(KnownSymbols symbols) => _symbols = symbols;

        /// <summary>The names of the calls that hand CAP a message.</summary>
        public static readonly string[] MethodNames = { "Publish", "PublishAsync", "PublishDelay", "PublishDelayAsync" };

        private static readonly string[] s_beginTransactionNames = { "BeginTransaction", "BeginTransactionAsync" };

        public bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site)
        {
            site = null;
            if (operation is not IInvocationOperation invocation
                || Array.IndexOf(MethodNames, invocation.TargetMethod.Name) < 0
                || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _symbols.CapICapPublisher))
            {
                return false;
            }

            IArgumentOperation? content = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "contentObj")
                {
                    content = argument;
                    break;
                }
            }

            if (content is null)
            {
                return false;
            }

            site = EnqueueSite.ForMessage(JobFramework.Cap, "CAP message", invocation, content, InCapTransaction(invocation) ? EnqueueTraits.DeliveredOnCommit : EnqueueTraits.None);
            return true;
        }

        /// <summary>
        /// Whether a CAP transaction that commits after the call is opened before it in the same body: a
        /// <c>BeginTransaction[Async]</c> taking the publisher, in a statement before the call or in the resources of a
        /// <c>using</c> statement around it, without <c>autoCommit: true</c>.
        /// </summary>
        private bool InCapTransaction(IInvocationOperation invocation)
            => invocation.SemanticModel is { } semanticModel
               && EarlierInBody.Any(invocation.Syntax, (Adapter: this, Model: semanticModel), static (node, state) => state.Adapter.BeginsTransaction(node, state.Model));

        /// <summary>A call in <paramref name="node"/> (not in a nested function) that opens a CAP transaction that does not commit at the publish.</summary>
        private bool BeginsTransaction(SyntaxNode node, SemanticModel semanticModel)
        {
            foreach (var descendant in node.DescendantNodesAndSelf(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (descendant is InvocationExpressionSyntax call
                    && Array.IndexOf(s_beginTransactionNames, EnqueueSiteActions.GetInvokedName(call)) >= 0
                    && semanticModel.GetOperation(call) is IInvocationOperation begin
                    && IsCapBeginTransaction(begin.TargetMethod))
                {
                    return !CommitsAtPublish(begin);
                }
            }

            return false;
        }

        /// <summary>
        /// The storage packages' <c>BeginTransaction</c> extensions, each declared in its own
        /// <c>DotNetCore.CAP.CapTransactionExtensions</c> (so found by name, not by a type lookup): they take the publisher.
        /// </summary>
        private bool IsCapBeginTransaction(IMethodSymbol method)
        {
            if (method.ContainingType is not { Name: "CapTransactionExtensions" } type || type.ContainingNamespace?.ToDisplayString() != "DotNetCore.CAP")
            {
                return false;
            }

            foreach (var parameter in (method.ReducedFrom ?? method).Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, _symbols.CapICapPublisher))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>autoCommit: true</c>: the transaction commits at the publish, so what follows it is not in the message's transaction.</summary>
        private static bool CommitsAtPublish(IInvocationOperation begin)
        {
            foreach (var argument in begin.Arguments)
            {
                if (argument.Parameter?.Name == "autoCommit")
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: true };
                }
            }

            return false;
        }
    }
}
