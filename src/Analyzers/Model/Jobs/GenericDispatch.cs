using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace QueueLint.Model.Jobs
{
    /// <summary>
    /// Calls whose target depends on type arguments: an in-house mediator's <c>Send&lt;TCommand&gt;(command)</c>
    /// resolving <c>ICommandHandler&lt;TCommand&gt;</c> and calling its <c>Handle</c>, a decorator
    /// <c>LoggingHandler&lt;T&gt; : ICommandHandler&lt;T&gt;</c> calling the handler it wraps. Which handler such a call runs
    /// depends on the type arguments its method (or the method's class) was reached with, so job code follows it per
    /// instantiation: a job that sends one command reaches that command's handler, not every handler of the
    /// application. Where a type argument is not known at the call (it is itself a type parameter, or the method is an
    /// entry point or handed on as a method group), every implementation is reached, as for any other interface call.
    /// The search from the entry points down (<see cref="JobCode"/>) and the search from a method up
    /// (<see cref="JobReach"/>) answer with these same words.
    /// <para>
    /// A method's instantiation lists the type arguments of its class's own type parameters, then of its own.
    /// </para>
    /// </summary>
    internal static class GenericDispatch
    {
        /// <summary>Whether <paramref name="method"/> (a definition) or its class has type parameters of its own.</summary>
        public static bool IsGeneric(IMethodSymbol method)
            => method.IsGenericMethod || method.ContainingType is { IsGenericType: true, TypeParameters.Length: > 0 };

        /// <summary>
        /// The instantiation <paramref name="target"/> (a definition) runs with when a call to <paramref name="calledAs"/>
        /// reaches it — its class's type arguments found from the receiver's type (<c>ICommandHandler&lt;Charge&gt;</c> for
        /// <c>LoggingHandler&lt;T&gt; : ICommandHandler&lt;T&gt;</c> gives <c>Charge</c>), then the call's own — or default
        /// when one of them is not known.
        /// </summary>
        public static ImmutableArray<ITypeSymbol> InstantiationOf(IMethodSymbol? calledAs, IMethodSymbol target)
        {
            if (calledAs is null || !IsGeneric(target))
            {
                return default;
            }

            var classParameters = ClassParameters(target);
            var arguments = new ITypeSymbol?[classParameters.Length + target.TypeParameters.Length];
            if (classParameters.Length > 0
                && (calledAs.ContainingType is not { } receiver || !BindClassArguments(target.ContainingType, receiver, arguments)))
            {
                return default;
            }

            if (target.IsGenericMethod)
            {
                if (!calledAs.IsGenericMethod
                    || SymbolEqualityComparer.Default.Equals(calledAs, calledAs.OriginalDefinition)
                    || calledAs.TypeArguments.Length != target.TypeParameters.Length)
                {
                    return default;
                }

                for (var i = 0; i < target.TypeParameters.Length; i++)
                {
                    arguments[classParameters.Length + i] = calledAs.TypeArguments[i];
                }
            }

            var builder = ImmutableArray.CreateBuilder<ITypeSymbol>(arguments.Length);
            foreach (var argument in arguments)
            {
                if (argument is null || MentionsTypeParameter(argument, depth: 0))
                {
                    return default;
                }

                builder.Add(argument);
            }

            return builder.MoveToImmutable();
        }

        /// <summary>
        /// Whether <paramref name="callee"/>, called in the body of <paramref name="caller"/> (a definition), depends on the
        /// type parameters of the caller or of its class: it is dispatched through a type built from them
        /// (<c>ICommandHandler&lt;T&gt;.Handle</c>), or given them as its own type arguments (<c>_inner.Send&lt;T&gt;(command)</c>).
        /// </summary>
        public static bool IsOpenCall(IMethodSymbol callee, IMethodSymbol caller)
        {
            if (!IsGeneric(caller))
            {
                return false;
            }

            if (callee.ContainingType is { } type && MentionsParameterOf(type, caller, depth: 0))
            {
                return true;
            }

            foreach (var argument in callee.TypeArguments)
            {
                if (MentionsParameterOf(argument, caller, depth: 0))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <paramref name="callee"/> (an open call in <paramref name="caller"/>, <see cref="IsOpenCall"/>) as it is called
        /// when the caller runs with <paramref name="instantiation"/>: the same member of its type with the type
        /// parameters replaced. Null when it cannot be built.
        /// </summary>
        public static IMethodSymbol? Specialize(IMethodSymbol callee, IMethodSymbol caller, ImmutableArray<ITypeSymbol> instantiation)
        {
            if (callee.ContainingType is not { } type
                || instantiation.Length != ClassParameters(caller).Length + caller.TypeParameters.Length
                || Substitute(type, caller, instantiation, depth: 0) is not INamedTypeSymbol specialized)
            {
                return null;
            }

            var definition = callee.OriginalDefinition;
            foreach (var member in specialized.GetMembers(callee.Name))
            {
                if (member is not IMethodSymbol method || !SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, definition))
                {
                    continue;
                }

                if (!method.IsGenericMethod || SymbolEqualityComparer.Default.Equals(callee, definition))
                {
                    return method;
                }

                var arguments = new ITypeSymbol[callee.TypeArguments.Length];
                for (var i = 0; i < arguments.Length; i++)
                {
                    if (Substitute(callee.TypeArguments[i], caller, instantiation, depth: 0) is not { } argument)
                    {
                        return null;
                    }

                    arguments[i] = argument;
                }

                return arguments.Length == method.TypeParameters.Length ? method.Construct(arguments) : null;
            }

            return null;
        }

        /// <summary>Instantiations compared type by type (default, the unknown one, equals only itself).</summary>
        public static readonly IEqualityComparer<ImmutableArray<ITypeSymbol>> Comparer = new InstantiationComparer();

        private static ImmutableArray<ITypeParameterSymbol> ClassParameters(IMethodSymbol method)
            => method.ContainingType is { IsGenericType: true } type ? type.OriginalDefinition.TypeParameters : ImmutableArray<ITypeParameterSymbol>.Empty;

        /// <summary>The position of a type parameter of <paramref name="method"/> or of its class in its instantiation, or -1.</summary>
        private static int IndexOf(ITypeParameterSymbol parameter, IMethodSymbol method)
        {
            if (parameter.TypeParameterKind == TypeParameterKind.Method)
            {
                return SymbolEqualityComparer.Default.Equals(parameter.DeclaringMethod?.OriginalDefinition, method.OriginalDefinition)
                    ? ClassParameters(method).Length + parameter.Ordinal
                    : -1;
            }

            return parameter.TypeParameterKind == TypeParameterKind.Type
                   && method.ContainingType is { IsGenericType: true } type
                   && SymbolEqualityComparer.Default.Equals(parameter.DeclaringType?.OriginalDefinition, type.OriginalDefinition)
                ? parameter.Ordinal
                : -1;
        }

        /// <summary>
        /// Binds the type parameters of <paramref name="type"/> (a generic definition) from <paramref name="receiver"/>:
        /// the type itself constructed, or one of its interfaces or base types as constructed in the receiver.
        /// </summary>
        private static bool BindClassArguments(INamedTypeSymbol type, INamedTypeSymbol receiver, ITypeSymbol?[] arguments)
        {
            var definition = type.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(receiver.OriginalDefinition, definition))
            {
                for (var i = 0; i < definition.TypeParameters.Length && i < receiver.TypeArguments.Length; i++)
                {
                    arguments[i] = receiver.TypeArguments[i];
                }

                return true;
            }

            foreach (var implemented in definition.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, receiver.OriginalDefinition))
                {
                    return Unify(implemented, receiver, definition, arguments, depth: 0);
                }
            }

            for (var baseType = definition.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(baseType.OriginalDefinition, receiver.OriginalDefinition))
                {
                    return Unify(baseType, receiver, definition, arguments, depth: 0);
                }
            }

            return false;
        }

        private static bool Unify(ITypeSymbol pattern, ITypeSymbol actual, INamedTypeSymbol definition, ITypeSymbol?[] arguments, int depth)
        {
            if (depth > 8)
            {
                return false;
            }

            if (pattern is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type } parameter
                && SymbolEqualityComparer.Default.Equals(parameter.DeclaringType?.OriginalDefinition, definition))
            {
                if (arguments[parameter.Ordinal] is { } bound)
                {
                    return SymbolEqualityComparer.Default.Equals(bound, actual);
                }

                arguments[parameter.Ordinal] = actual;
                return true;
            }

            if (pattern is INamedTypeSymbol { IsGenericType: true } named && actual is INamedTypeSymbol actualNamed)
            {
                if (!SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, actualNamed.OriginalDefinition)
                    || named.TypeArguments.Length != actualNamed.TypeArguments.Length)
                {
                    return false;
                }

                for (var i = 0; i < named.TypeArguments.Length; i++)
                {
                    if (!Unify(named.TypeArguments[i], actualNamed.TypeArguments[i], definition, arguments, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            }

            return SymbolEqualityComparer.Default.Equals(pattern, actual);
        }

        private static ITypeSymbol? Substitute(ITypeSymbol type, IMethodSymbol caller, ImmutableArray<ITypeSymbol> instantiation, int depth)
        {
            if (depth > 8)
            {
                return null;
            }

            switch (type)
            {
                case ITypeParameterSymbol parameter:
                    var index = IndexOf(parameter, caller);
                    return index < 0 ? type : index < instantiation.Length ? instantiation[index] : null;
                case IArrayTypeSymbol array:
                    // Rare in a receiver's type; left to the full expansion.
                    return MentionsParameterOf(array, caller, depth) ? null : array;
                case INamedTypeSymbol { IsGenericType: true } named:
                    if (named.ContainingType is { } outer && MentionsParameterOf(outer, caller, depth + 1))
                    {
                        return null;
                    }

                    var arguments = new ITypeSymbol[named.TypeArguments.Length];
                    for (var i = 0; i < arguments.Length; i++)
                    {
                        if (Substitute(named.TypeArguments[i], caller, instantiation, depth + 1) is not { } argument)
                        {
                            return null;
                        }

                        arguments[i] = argument;
                    }

                    return named.OriginalDefinition.Construct(arguments);
                default:
                    return type;
            }
        }

        /// <summary>Whether <paramref name="type"/> mentions a type parameter of <paramref name="method"/> or of its class.</summary>
        private static bool MentionsParameterOf(ITypeSymbol type, IMethodSymbol method, int depth)
        {
            if (depth > 8)
            {
                return false;
            }

            switch (type)
            {
                case ITypeParameterSymbol parameter:
                    return IndexOf(parameter, method) >= 0;
                case IArrayTypeSymbol array:
                    return MentionsParameterOf(array.ElementType, method, depth + 1);
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments)
                    {
                        if (MentionsParameterOf(argument, method, depth + 1))
                        {
                            return true;
                        }
                    }

                    return named.ContainingType is { } outer && MentionsParameterOf(outer, method, depth + 1);
                default:
                    return false;
            }
        }

        private static bool MentionsTypeParameter(ITypeSymbol type, int depth)
        {
            if (depth > 8)
            {
                return true;
            }

            switch (type)
            {
                case ITypeParameterSymbol:
                    return true;
                case IArrayTypeSymbol array:
                    return MentionsTypeParameter(array.ElementType, depth + 1);
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments)
                    {
                        if (MentionsTypeParameter(argument, depth + 1))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        private sealed class InstantiationComparer : IEqualityComparer<ImmutableArray<ITypeSymbol>>
        {
            public bool Equals(ImmutableArray<ITypeSymbol> x, ImmutableArray<ITypeSymbol> y)
            {
                if (x.IsDefault || y.IsDefault)
                {
                    return x.IsDefault && y.IsDefault;
                }

                if (x.Length != y.Length)
                {
                    return false;
                }

                for (var i = 0; i < x.Length; i++)
                {
                    if (!SymbolEqualityComparer.Default.Equals(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            public int GetHashCode(ImmutableArray<ITypeSymbol> obj)
            {
                if (obj.IsDefault)
                {
                    return 0;
                }

                var hash = obj.Length;
                foreach (var type in obj)
                {
                    hash = (hash * 31) + SymbolEqualityComparer.Default.GetHashCode(type);
                }

                return hash;
            }
        }
    }
}
