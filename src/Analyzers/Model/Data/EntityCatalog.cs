using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Data
{
    /// <summary>
    /// Which types are persisted rows. Built once per compilation from symbols alone: the <c>DbSet&lt;T&gt;</c>
    /// properties of every <c>DbContext</c> subclass and every <c>IEntityTypeConfiguration&lt;T&gt;</c>, in this
    /// compilation and in referenced assemblies that reference EF Core, plus the configured entity types.
    /// Types named only in <c>ModelBuilder.Entity&lt;T&gt;()</c> calls are collected while the compilation is
    /// analyzed and consulted at its end (see <see cref="JobModel"/>).
    /// </summary>
    internal sealed class EntityCatalog
    {
        private readonly KnownSymbols _symbols;
        // A hash set rather than an immutable one: it is asked for every payload, parameter and entity member a rule
        // looks at, and never changes once built.
        private readonly HashSet<INamedTypeSymbol> _declared;

        private EntityCatalog(KnownSymbols symbols, HashSet<INamedTypeSymbol> declared)
        {
            _symbols = symbols;
            _declared = declared;
        }

        /// <summary>Entities declared in <paramref name="sourceTypes"/> (this compilation's) and in the referenced assemblies that use EF Core.</summary>
        public static EntityCatalog Create(KnownSymbols symbols, SourceTypes sourceTypes)
        {
            if (symbols.EfDbContext is null)
            {
                return new EntityCatalog(symbols, new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default));
            }

            var builder = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            var compilation = symbols.Compilation;
            foreach (var type in sourceTypes.Types)
            {
                if (type.Kind == TypeKind.Class)
                {
                    Collect(type.Symbol, type.IsDbContext, type.Interfaces, symbols, builder);
                }
            }

            var efAssembly = symbols.EfDbContext.ContainingAssembly;
            foreach (var referenced in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (ReferencesAssembly(referenced, efAssembly) && !IsEntityFrameworkItself(referenced))
                {
                    Collect(SymbolHelpers.GetAllTypes(referenced.GlobalNamespace), symbols, builder);
                }
            }

            return new EntityCatalog(symbols, builder);
        }

        /// <summary>Entities found from EF Core declarations (not options), for tests and diagnostics.</summary>
        public IReadOnlyCollection<INamedTypeSymbol> DeclaredEntities => _declared;

        /// <summary>
        /// True when <paramref name="type"/> is an entity or a collection of entities; <paramref name="entity"/>
        /// is the entity type (the element type for collections).
        /// </summary>
        public bool IsEntity(ITypeSymbol? type, QueueLintOptions options, JobModel model, out INamedTypeSymbol? entity, out bool isCollection)
        {
            entity = null;
            isCollection = false;
            var element = GetElementType(type, out isCollection);
            if (element is not INamedTypeSymbol named || named.SpecialType != SpecialType.None)
            {
                return false;
            }

            if (IsEntity(named, options, model, extra: null))
            {
                entity = named;
                return true;
            }

            return false;
        }

        /// <summary>Entity test on a single (non-collection) type, with extra facts gathered at compilation end.</summary>
        public bool IsEntity(INamedTypeSymbol type, QueueLintOptions options, JobModel model, ICollection<INamedTypeSymbol>? extra)
        {
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Interface or TypeKind.Struct))
            {
                return false;
            }

            var definition = type.OriginalDefinition;
            if (_declared.Contains(definition) || (extra is not null && extra.Contains(definition)))
            {
                return true;
            }

            if (!options.EntityTypes.IsEmpty && model.ResolveTypes(options.EntityTypes).Contains(definition))
            {
                return true;
            }

            if (!options.EntityBaseTypes.IsEmpty)
            {
                var bases = model.ResolveTypes(options.EntityBaseTypes);
                if (!bases.IsEmpty)
                {
                    for (var current = definition.BaseType; current is not null; current = current.BaseType)
                    {
                        if (bases.Contains(current.OriginalDefinition))
                        {
                            return true;
                        }
                    }

                    foreach (var implemented in definition.AllInterfaces)
                    {
                        if (bases.Contains(implemented.OriginalDefinition))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>The element type of arrays and generic collections; the type itself otherwise.</summary>
        public ITypeSymbol? GetElementType(ITypeSymbol? type, out bool isCollection)
        {
            isCollection = false;
            switch (type)
            {
                case IArrayTypeSymbol array:
                    isCollection = true;
                    return array.ElementType;
                case INamedTypeSymbol { IsGenericType: true, SpecialType: SpecialType.None } named when named.TypeArguments.Length == 1:
                    if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _symbols.IEnumerable1))
                    {
                        isCollection = true;
                        return named.TypeArguments[0];
                    }

                    foreach (var implemented in named.AllInterfaces)
                    {
                        if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, _symbols.IEnumerable1))
                        {
                            isCollection = true;
                            return implemented.TypeArguments[0];
                        }
                    }

                    return type;
                default:
                    return type;
            }
        }

        private static void Collect(IReadOnlyList<INamedTypeSymbol> types, KnownSymbols symbols, HashSet<INamedTypeSymbol> entities)
        {
            foreach (var type in types)
            {
                if (type.TypeKind == TypeKind.Class)
                {
                    var isDbContext = type.InheritsFrom(symbols.EfDbContext) && !SymbolEqualityComparer.Default.Equals(type, symbols.EfDbContext);
                    Collect(type, isDbContext, symbols.EfIEntityTypeConfiguration1 is null ? default : type.AllInterfaces, symbols, entities);
                }
            }
        }

        /// <summary>The entities a class declares: the sets of a context, the type an entity configuration configures.</summary>
        private static void Collect(INamedTypeSymbol type, bool isDbContext, ImmutableArray<INamedTypeSymbol> interfaces, KnownSymbols symbols, HashSet<INamedTypeSymbol> entities)
        {
            if (isDbContext)
            {
                CollectDbSets(type, symbols, entities);
            }

            if (symbols.EfIEntityTypeConfiguration1 is not null)
            {
                foreach (var implemented in interfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, symbols.EfIEntityTypeConfiguration1)
                        && implemented.TypeArguments[0] is INamedTypeSymbol configured)
                    {
                        entities.Add(configured.OriginalDefinition);
                    }
                }
            }
        }

        private static void CollectDbSets(INamedTypeSymbol context, KnownSymbols symbols, HashSet<INamedTypeSymbol> entities)
        {
            for (var current = context; current is not null && !SymbolEqualityComparer.Default.Equals(current, symbols.EfDbContext); current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false, Type: INamedTypeSymbol propertyType }
                        && SymbolEqualityComparer.Default.Equals(propertyType.OriginalDefinition, symbols.EfDbSet1)
                        && propertyType.TypeArguments[0] is INamedTypeSymbol entity)
                    {
                        entities.Add(entity.OriginalDefinition);
                    }
                }
            }
        }

        private static bool ReferencesAssembly(IAssemblySymbol assembly, IAssemblySymbol target)
        {
            foreach (var module in assembly.Modules)
            {
                foreach (var referenced in module.ReferencedAssemblySymbols)
                {
                    if (SymbolEqualityComparer.Default.Equals(referenced, target))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // EF Core's own assemblies and providers declare no application entities; skipping them keeps the walk
        // proportional to the application's code.
        private static bool IsEntityFrameworkItself(IAssemblySymbol assembly)
            => assembly.Name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal);
    }
}
