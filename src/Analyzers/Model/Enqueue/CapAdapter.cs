using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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

            if (OperationHelpers.FindArgument(invocation, "contentObj") is not { } content)
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

        /// <summary>
        /// A call in <paramref name="node"/> (not in a nested function) that opens a CAP transaction that does not commit at
        /// the publish: a <c>BeginTransaction[Async]</c> given the publisher. The storage packages' extensions, each
        /// declared in a <c>DotNetCore.CAP.CapTransactionExtensions</c> of its own, are the ones that take one; they are
        /// recognised by that argument, so that a call whose storage package is not referenced is read too.
        /// </summary>
        private bool BeginsTransaction(SyntaxNode node, SemanticModel semanticModel)
        {
            foreach (var descendant in node.DescendantNodesAndSelf(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (descendant is InvocationExpressionSyntax call
                    && Array.IndexOf(s_beginTransactionNames, EnqueueSiteActions.GetInvokedName(call)) >= 0
                    && FindPublisherArgument(call, semanticModel) is { } publisher)
                {
                    return !CommitsAtPublish(call.ArgumentList.Arguments, publisher);
                }
            }

            return false;
        }

        private int? FindPublisherArgument(InvocationExpressionSyntax call, SemanticModel semanticModel)
        {
            var arguments = call.ArgumentList.Arguments;
            for (var i = 0; i < arguments.Count; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(semanticModel.GetTypeInfo(arguments[i].Expression).Type, _symbols.CapICapPublisher))
                {
                    return i;
                }
            }

            return null;
        }

        /// <summary>
        /// <c>autoCommit: true</c> (named, or the argument after the publisher): the transaction commits at the publish, so
        /// what follows it is not in the message's transaction.
        /// </summary>
        private static bool CommitsAtPublish(SeparatedSyntaxList<ArgumentSyntax> arguments, int publisher)
        {
            foreach (var argument in arguments)
            {
                if (argument.NameColon?.Name.Identifier.ValueText == "autoCommit")
                {
                    return argument.Expression.IsKind(SyntaxKind.TrueLiteralExpression);
                }
            }

            return publisher + 1 < arguments.Count
                   && arguments[publisher + 1].NameColon is null
                   && arguments[publisher + 1].Expression.IsKind(SyntaxKind.TrueLiteralExpression);
        }
    }
}
