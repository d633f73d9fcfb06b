using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// MassTransit: <c>Publish</c> and <c>Send</c> on <c>IPublishEndpoint</c>, <c>ISendEndpoint</c> and
    /// <c>ConsumeContext</c> (and their extension methods). The message object is payload; so is each value of
    /// the anonymous object given to <c>Publish&lt;T&gt;(object values)</c>. Message types (and their properties)
    /// are recorded on the site.
    /// </summary>
    internal sealed class MassTransitAdapter : IEnqueueAdapter
    {
        private readonly KnownSymbols _symbols;

        public MassTransitAdapter(KnownSymbols symbols) => _symbols = symbols;

        public bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site)
        {
            site = null;
            if (operation is not IInvocationOperation invocation)
            {
                return false;
            }

            var method = invocation.TargetMethod;
            if ((method.Name != "Publish" && method.Name != "Send") || !IsEndpointMethod(method))
            {
                return false;
            }

            IArgumentOperation? messageArgument = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Name: "message" or "values" })
                {
                    messageArgument = argument;
                    break;
                }
            }

            if (messageArgument is null)
            {
                return false;
            }

            var message = messageArgument.Value.WithoutImplicitConversions();
            var messageType = method.IsGenericMethod && method.TypeArguments.Length == 1 ? method.TypeArguments[0] : message.Type;
            ImmutableArray<PayloadValue> payload;
            if (messageArgument.Parameter!.Name == "values" && message is IAnonymousObjectCreationOperation anonymous)
            {
                var builder = ImmutableArray.CreateBuilder<PayloadValue>(anonymous.Initializers.Length);
                foreach (var initializer in anonymous.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
                    {
                        builder.Add(new PayloadValue(assignment.Value.WithoutImplicitConversions(), property.Property.Name, parameter: null, PayloadOrigin.MessageValue));
                    }
                }

                payload = builder.ToImmutable();
            }
            else
            {
                payload = ImmutableArray.Create(new PayloadValue(message, "message", messageArgument.Parameter, PayloadOrigin.Message));
            }

            var typeName = messageType?.Name;
            site = new EnqueueSite(
                JobFramework.MassTransit,
                invocation,
                string.IsNullOrEmpty(typeName) ? "MassTransit message" : "MassTransit message '" + typeName + "'",
                jobInvocation: null,
                messageType,
                payload,
                _symbols.HasMassTransitEntityFrameworkOutbox ? EnqueueTraits.DeliveredOnCommit : EnqueueTraits.None);
            return true;
        }

        private bool IsEndpointMethod(IMethodSymbol method)
        {
            var type = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type : method.ContainingType;
            return type.IsOrImplements(_symbols.MassTransitIPublishEndpoint)
                || type.IsOrImplements(_symbols.MassTransitISendEndpoint)
                || type.IsOrImplements(_symbols.MassTransitConsumeContext);
        }
    }
}
