using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
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
    /// <remarks>
    /// A build reads the source types in the model's one pass over every type (<see cref="SourceTypes.Types"/>). An edit
    /// binds only the source classes whose base lists lead to <c>DbContext</c> or <c>IEntityTypeConfiguration&lt;T&gt;</c>
    /// by name, directly or through the referenced types that derive from them (<see cref="SourceTypes.GetSubtypes(INamedTypeSymbol, IReadOnlyCollection{string})"/>):
    /// the same classes, so the same entities. What a referenced assembly declares is read once per assembly, which
    /// compilations with the same references share.
    /// </remarks>
    internal sealed class EntityCatalog
    {
        private static readonly ConditionalWeakTable<IAssemblySymbol, Referenced> s_referenced = new();

        private readonly KnownSymbols _symbols;
        // A hash set rather than an immutable one: it is asked for every payload, parameter and entity member a rule
        // looks at, and never changes once built.
        private readonly HashSet<INamedTypeSymbol> _declared;

        private EntityCatalog(KnownSymbols symbols, HashSet<INamedTypeSymbol> declared)
        {
            _symbols = symbols;
            _declared = declared;
        }

        /// <summary>Entities declared in the model's compilation and in the referenced assemblies that use EF Core.</summary>
        public static EntityCatalog Create(JobModel model)
        {
            var symbols = model.Symbols;
            var builder = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            if (symbols.EfDbContext is null)
            {
                return new EntityCatalog(symbols, builder);
            }

            var contextNames = new HashSet<string>(StringComparer.Ordinal);
            var configurationNames = new HashSet<string>(StringComparer.Ordinal);
            var efAssembly = symbols.EfDbContext.ContainingAssembly;
            foreach (var assembly in symbols.Compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (assembly.References(efAssembly) && !IsEntityFrameworkItself(assembly))
                {
                    var referenced = s_referenced.GetValue(assembly, a => Referenced.Read(a, symbols));
                    builder.UnionWith(referenced.Entities);
                    contextNames.UnionWith(referenced.ContextNames);
                    configurationNames.UnionWith(referenced.ConfigurationNames);
                }
            }

            if (model.AnswersByReach)
            {
                foreach (var context in model.SourceTypes.GetSubtypes(symbols.EfDbContext, contextNames))
                {
                    if (context.TypeKind == TypeKind.Class)
                    {
                        CollectDbSets(context, symbols, builder);
                    }
                }

                if (symbols.EfIEntityTypeConfiguration1 is not null)
                {
                    foreach (var configuration in model.SourceTypes.GetSubtypes(symbols.EfIEntityTypeConfiguration1, configurationNames))
                    {
                        if (configuration.TypeKind == TypeKind.Class)
                        {
                            CollectConfigured(configuration.AllInterfaces, symbols, builder);
                        }
                    }
                }
            }
            else
            {
                foreach (var type in model.SourceTypes.Types)
                {
                    if (type.Kind == TypeKind.Class)
                    {
                        Collect(type.Symbol, type.IsDbContext, type.Interfaces, symbols, builder);
                    }
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

        /// <summary>The entities a class declares: the sets of a context, the type an entity configuration configures.</summary>
        private static void Collect(INamedTypeSymbol type, bool isDbContext, ImmutableArray<INamedTypeSymbol> interfaces, KnownSymbols symbols, HashSet<INamedTypeSymbol> entities)
        {
            if (isDbContext)
            {
                CollectDbSets(type, symbols, entities);
            }

            CollectConfigured(interfaces, symbols, entities);
        }

        private static void CollectConfigured(ImmutableArray<INamedTypeSymbol> interfaces, KnownSymbols symbols, HashSet<INamedTypeSymbol> entities)
        {
            if (symbols.EfIEntityTypeConfiguration1 is null)
            {
                return;
            }

            foreach (var implemented in interfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, symbols.EfIEntityTypeConfiguration1)
                    && implemented.TypeArguments[0] is INamedTypeSymbol configured)
                {
                    entities.Add(configured.OriginalDefinition);
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

        // EF Core's own assemblies and providers declare no application entities; skipping them keeps the walk
        // proportional to the application's code.
        private static bool IsEntityFrameworkItself(IAssemblySymbol assembly)
            => assembly.Name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal);

        /// <summary>
        /// What one referenced assembly declares: its entities, and the names of its <c>DbContext</c> subclasses and entity
        /// configurations, from which a source type may derive.
        /// </summary>
        private sealed class Referenced
        {
            private Referenced(HashSet<INamedTypeSymbol> entities, List<string> contextNames, List<string> configurationNames)
            {
                Entities = entities;
                ContextNames = contextNames;
                ConfigurationNames = configurationNames;
            }

            public HashSet<INamedTypeSymbol> Entities { get; }

            public List<string> ContextNames { get; }

            public List<string> ConfigurationNames { get; }

            public static Referenced Read(IAssemblySymbol assembly, KnownSymbols symbols)
            {
                var entities = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
                var contextNames = new List<string>();
                var configurationNames = new List<string>();
                foreach (var type in SymbolHelpers.GetAllTypes(assembly.GlobalNamespace))
                {
                    if (type.TypeKind != TypeKind.Class)
                    {
                        continue;
                    }

                    var isDbContext = type.InheritsFrom(symbols.EfDbContext) && !SymbolEqualityComparer.Default.Equals(type, symbols.EfDbContext);
                    var interfaces = symbols.EfIEntityTypeConfiguration1 is null ? ImmutableArray<INamedTypeSymbol>.Empty : type.AllInterfaces;
                    Collect(type, isDbContext, interfaces, symbols, entities);
                    if (isDbContext)
                    {
                        contextNames.Add(type.Name);
                    }

                    if (type.IsOrImplements(symbols.EfIEntityTypeConfiguration1))
                    {
                        configurationNames.Add(type.Name);
                    }
                }

                return new Referenced(entities, contextNames, configurationNames);
            }
        }
    }
}
