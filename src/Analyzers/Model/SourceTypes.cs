using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using QueueLint.Model.Syntax;

namespace QueueLint.Model
{
    /// <summary>
    /// One type declared in source, with what the model's searches ask of every such type (its kind, its interfaces,
    /// which framework base it derives from), read in the one pass of <see cref="SourceTypes"/>.
    /// </summary>
    internal readonly struct SourceType
    {
        public SourceType(INamedTypeSymbol symbol, TypeKind kind, bool isAbstract, ImmutableArray<INamedTypeSymbol> interfaces, bool isHostedService, bool isDbContext)
        {
            Symbol = symbol;
            Kind = kind;
            IsAbstract = isAbstract;
            Interfaces = interfaces;
            IsHostedService = isHostedService;
            IsDbContext = isDbContext;
        }

        public INamedTypeSymbol Symbol { get; }

        public TypeKind Kind { get; }

        public bool IsAbstract { get; }

        /// <summary>Every interface a class or struct implements (<c>AllInterfaces</c>); empty for other kinds.</summary>
        public ImmutableArray<INamedTypeSymbol> Interfaces { get; }

        /// <summary>The type is or derives from <c>BackgroundService</c>.</summary>
        public bool IsHostedService { get; }

        /// <summary>A class deriving from EF Core's <c>DbContext</c> (not <c>DbContext</c> itself).</summary>
        public bool IsDbContext { get; }
    }

    /// <summary>
    /// The types declared in a compilation's source, read in one pass per compilation: each type's kind, interfaces and
    /// base types are looked up once (<see cref="Types"/>), for every search that goes over all types (entry points,
    /// consumed messages, entities, reporters), and the subtypes they give answer "which source methods implement or
    /// override this one" without a search per call.
    /// </summary>
    /// <remarks>
    /// <c>AllInterfaces</c> builds a new array at every call, and a type's symbol is cold memory by the time a search
    /// reaches it: a pass per search cost more than the searches themselves.
    /// </remarks>
    internal sealed class SourceTypes
    {
        private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> _implementations = new(SymbolEqualityComparer.Default);

        // For each interface and class (by definition), the source classes and structs that implement or derive from it.
        private readonly Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> _subtypes = new(SymbolEqualityComparer.Default);

        public SourceTypes(KnownSymbols symbols)
        {
            var all = SymbolHelpers.GetAllTypes(symbols.Compilation.Assembly.GlobalNamespace);
            var types = new SourceType[all.Count];
            for (var i = 0; i < all.Count; i++)
            {
                var type = all[i];
                var kind = type.TypeKind;
                var interfaces = ImmutableArray<INamedTypeSymbol>.Empty;
                bool isHostedService = false, isDbContext = false;
                if (kind is TypeKind.Class or TypeKind.Struct)
                {
                    interfaces = type.AllInterfaces;
                    foreach (var implemented in interfaces)
                    {
                        AddSubtype(implemented.OriginalDefinition, type);
                    }

                    // The type itself counts as its own base for the framework types, as InheritsFrom has it (a framework type
                    // that is not referenced is null, equal to none).
                    isHostedService = SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.BackgroundService);
                    for (var current = type.BaseType; current is not null; current = current.BaseType)
                    {
                        var definition = current.OriginalDefinition;
                        AddSubtype(definition, type);
                        isHostedService |= SymbolEqualityComparer.Default.Equals(definition, symbols.BackgroundService);
                        isDbContext |= SymbolEqualityComparer.Default.Equals(definition, symbols.EfDbContext);
                    }
                }

                types[i] = new SourceType(type, kind, type.IsAbstract, interfaces, isHostedService, isDbContext && kind == TypeKind.Class);
            }

            Types = types;
        }

        /// <summary>Every type declared in this compilation's source, nested types included, with what the one pass read of each.</summary>
        public IReadOnlyList<SourceType> Types { get; }

        private void AddSubtype(INamedTypeSymbol supertype, INamedTypeSymbol type)
        {
            if (!_subtypes.TryGetValue(supertype, out var list))
            {
                list = new List<INamedTypeSymbol>();
                _subtypes.Add(supertype, list);
            }

            list.Add(type);
        }

        /// <summary>The source classes and structs that implement or derive from <paramref name="type"/> (by definition).</summary>
        public IReadOnlyList<INamedTypeSymbol> GetSubtypes(INamedTypeSymbol type)
            => _subtypes.TryGetValue(type.OriginalDefinition, out var subtypes) ? subtypes : Array.Empty<INamedTypeSymbol>();

        /// <summary>Source methods that implement (interface member) or override (abstract or virtual member) <paramref name="method"/>.</summary>
        public ImmutableArray<IMethodSymbol> GetImplementations(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            if (_implementations.TryGetValue(method, out var cached))
            {
                return cached;
            }

            var builder = ImmutableArray.CreateBuilder<IMethodSymbol>(0);
            var declaringType = method.ContainingType?.OriginalDefinition;
            if (declaringType is not null && _subtypes.TryGetValue(declaringType, out var subtypes))
            {
                foreach (var type in subtypes)
                {
                    if (declaringType.TypeKind == TypeKind.Interface)
                    {
                        AddInterfaceImplementations(type, declaringType, method, builder);
                    }
                    else
                    {
                        AddOverrides(type, method, builder);
                    }
                }
            }

            return _implementations.GetOrAdd(method, builder.ToImmutable());
        }

        /// <summary>
        /// Whether <paramref name="type"/>'s members can implement or override those of <paramref name="called"/> as
        /// constructed at a call: always for a non-generic type or one constructed from type parameters, otherwise only
        /// when <paramref name="type"/> implements or derives from that construction (or from one still open).
        /// </summary>
        public static bool MayImplement(INamedTypeSymbol type, INamedTypeSymbol called)
        {
            if (!called.IsGenericType || ContainsTypeParameter(called))
            {
                return true;
            }

            var definition = called.OriginalDefinition;
            if (definition.TypeKind == TypeKind.Interface)
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, definition)
                        && (SymbolEqualityComparer.Default.Equals(implemented, called) || ContainsTypeParameter(implemented)))
                    {
                        return true;
                    }
                }

                return false;
            }

            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, definition))
                {
                    return SymbolEqualityComparer.Default.Equals(current, called) || ContainsTypeParameter(current);
                }
            }

            return true;
        }

        private static bool ContainsTypeParameter(ITypeSymbol type)
        {
            switch (type)
            {
                case ITypeParameterSymbol:
                    return true;
                case IArrayTypeSymbol array:
                    return ContainsTypeParameter(array.ElementType);
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments)
                    {
                        if (ContainsTypeParameter(argument))
                        {
                            return true;
                        }
                    }

                    return named.ContainingType is { } outer && ContainsTypeParameter(outer);
                default:
                    return false;
            }
        }

        private static void AddInterfaceImplementations(INamedTypeSymbol type, INamedTypeSymbol declaringInterface, IMethodSymbol method, ImmutableArray<IMethodSymbol>.Builder builder)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, declaringInterface))
                {
                    continue;
                }

                foreach (var member in implemented.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol candidate
                        && SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, method)
                        && type.FindImplementationForInterfaceMember(candidate) is IMethodSymbol implementation
                        && implementation.IsInSource()
                        && !builder.Contains(implementation.OriginalDefinition))
                    {
                        builder.Add(implementation.OriginalDefinition);
                    }
                }
            }
        }

        private static void AddOverrides(INamedTypeSymbol type, IMethodSymbol method, ImmutableArray<IMethodSymbol>.Builder builder)
        {
            foreach (var member in type.GetMembers(method.Name))
            {
                if (member is not IMethodSymbol { IsOverride: true } candidate)
                {
                    continue;
                }

                for (var overridden = candidate.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method))
                    {
                        builder.Add(candidate.OriginalDefinition);
                        break;
                    }
                }
            }
        }
    }
}
