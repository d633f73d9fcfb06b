using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    /// <summary>
    /// CAP (DotNetCore.CAP) runs the methods that carry <c>[CapSubscribe]</c> (any attribute deriving from its
    /// <c>TopicAttribute</c>, also one on the base method an override overrides) of the classes implementing
    /// <c>ICapSubscribe</c>, and of the public top-level classes whose name ends in <c>Controller</c>, whatever their
    /// accessibility (CAP's <c>ConsumerServiceSelector</c>). The message is handed to the first parameter not marked
    /// <c>[FromCap]</c> that is not a token. A static method is found but fails at every execution: it is not taken as a
    /// job here. An attribute on an interface method is not inherited and is not read either.
    /// </summary>
    internal static class CapSubscribers
    {
        /// <summary>Whether CAP looks for subscriptions in <paramref name="type"/>.</summary>
        public static bool IsSubscriberType(INamedTypeSymbol type, KnownSymbols symbols, ImmutableArray<INamedTypeSymbol> interfaces = default)
        {
            if (!symbols.HasCap || type.TypeKind != TypeKind.Class)
            {
                return false;
            }

            if (type.Name.EndsWith("Controller", StringComparison.OrdinalIgnoreCase)
                && type.DeclaredAccessibility == Accessibility.Public
                && type.ContainingType is null
                && !type.IsAbstract
                && !type.IsGenericType)
            {
                return true;
            }

            return symbols.CapICapSubscribe is { } marker && (interfaces.IsDefault ? type.AllInterfaces : interfaces).ContainsType(marker);
        }

        /// <summary>
        /// False when <paramref name="method"/> cannot be a subscription by its declaration alone: it has no attributes
        /// and overrides nothing (the cheap question asked before any attribute is bound).
        /// </summary>
        public static bool MayBeSubscription(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsStatic)
            {
                return false;
            }

            return method.IsOverride || method.HasAttributeSyntax();
        }

        /// <summary>Whether CAP runs <paramref name="method"/> for the messages of a topic.</summary>
        public static bool IsSubscription(IMethodSymbol method, KnownSymbols symbols)
            => MayBeSubscription(method)
               && HasTopicAttribute(method, symbols)
               && IsSubscriberType(method.ContainingType, symbols);

        /// <summary>The parameter CAP hands the message to: the first not marked <c>[FromCap]</c> that is not a token.</summary>
        public static IParameterSymbol? GetMessageParameter(IMethodSymbol method, KnownSymbols symbols)
        {
            foreach (var parameter in method.Parameters)
            {
                if (!SymbolEqualityComparer.Default.Equals(parameter.Type, symbols.CancellationToken) && !parameter.HasAttribute(symbols.CapFromCapAttribute))
                {
                    return parameter;
                }
            }

            return null;
        }

        /// <summary>A CAP topic attribute on the method or on a method it overrides (CAP reads them inherited).</summary>
        private static bool HasTopicAttribute(IMethodSymbol method, KnownSymbols symbols)
        {
            var topic = symbols.CapTopicAttribute;
            if (topic is null)
            {
                return false;
            }

            for (var current = method; current is not null; current = current.OverriddenMethod)
            {
                foreach (var attribute in current.GetAttributes())
                {
                    for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
                    {
                        if (SymbolEqualityComparer.Default.Equals(type, topic))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
