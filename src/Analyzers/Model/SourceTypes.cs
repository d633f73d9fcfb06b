using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
    /// The types declared in a compilation's source. <see cref="Types"/> reads every type once (its kind, interfaces
    /// and base types), for the searches that go over all types (entry points, consumed messages, entities,
    /// reporters). <see cref="GetSubtypes(INamedTypeSymbol)"/> and <see cref="GetImplementations"/> answer "which source types derive
    /// from this one, which source methods implement or override this one": in a build from that pass; in an edit
    /// (<see cref="JobModel.AnswersByReach"/>), for a type declared in source, from the candidates whose base lists lead
    /// to its name (<see cref="TypeBaseNames"/>, kept with each tree), binding only those — one keystroke in the IDE then
    /// costs what the edited code asks, not a pass over the solution. Both give the same list in the same order.
    /// </summary>
    /// <remarks>
    /// <c>AllInterfaces</c> builds a new array at every call, and a type's symbol is cold memory by the time a search
    /// reaches it: a pass per search cost more than the searches themselves.
    /// </remarks>
    internal sealed class SourceTypes
    {
        // For each referenced assembly, the names of the types it declares that derive from a given referenced type: the
        // assembly symbols are shared by every compilation with the same references, so each is read once.
        private static readonly ConditionalWeakTable<IAssemblySymbol, ConcurrentDictionary<INamedTypeSymbol, string[]>> s_referencedSubtypeNames = new();

        private readonly JobModel _model;
        private readonly KnownSymbols _symbols;
        private readonly object _lock = new();
        private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> _implementations = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<INamedTypeSymbol, IReadOnlyList<INamedTypeSymbol>> _subtypesByName = new(SymbolEqualityComparer.Default);
        private AllTypes? _all;
        private AllTypes? _verifyingAll;
        private NameIndex? _names;

        public SourceTypes(JobModel model)
        {
            _model = model;
            _symbols = model.Symbols;
        }

        /// <summary>Every type declared in this compilation's source, nested types included, with what the one pass read of each.</summary>
        public IReadOnlyList<SourceType> Types => GetAll().Types;

        /// <summary>The source classes and structs that implement or derive from <paramref name="type"/> (by definition).</summary>
        public IReadOnlyList<INamedTypeSymbol> GetSubtypes(INamedTypeSymbol type)
        {
            type = type.OriginalDefinition;
            var all = Volatile.Read(ref _all);
            if (all is null && (!IsDeclaredHere(type) || !_model.AnswersByReach))
            {
                // A type from a reference may be derived from through other references: only the pass over every type
                // knows. A build reads every type for other facts anyway.
                all = GetAll();
            }

            VerifyInDebug(type);
            if (all is not null)
            {
                // The same list in the same order as the search by name.
                return all.Subtypes.TryGetValue(type, out var subtypes) ? subtypes : Array.Empty<INamedTypeSymbol>();
            }

            return _subtypesByName.TryGetValue(type, out var known) ? known : _subtypesByName.GetOrAdd(type, FindSubtypes(type, GetNameIndex()));
        }

        /// <summary>
        /// The source classes and structs that implement or derive from <paramref name="type"/>, a type from a reference,
        /// given the names of every referenced type that derives from it (<paramref name="referencedSubtypeNames"/>): a
        /// source type may derive from it through them. In an edit they are found by name as for a source type;
        /// otherwise as <see cref="GetSubtypes(INamedTypeSymbol)"/> finds them.
        /// </summary>
        public IReadOnlyList<INamedTypeSymbol> GetSubtypes(INamedTypeSymbol type, IReadOnlyCollection<string> referencedSubtypeNames)
        {
            type = type.OriginalDefinition;
            VerifyInDebug(type, referencedSubtypeNames);
            if (IsDeclaredHere(type) || Volatile.Read(ref _all) is not null || !_model.AnswersByReach)
            {
                return GetSubtypes(type);
            }

            return _subtypesByName.TryGetValue(type, out var known) ? known : _subtypesByName.GetOrAdd(type, FindSubtypes(type, GetNameIndex(), referencedSubtypeNames));
        }

        /// <summary>
        /// The source classes and structs that implement or derive from <paramref name="type"/>, a type from a reference,
        /// directly or through other referenced types: as <see cref="GetSubtypes(INamedTypeSymbol, IReadOnlyCollection{string})"/>,
        /// with the names of the referenced subtypes read from every referenced assembly that can declare one, once per
        /// assembly and type. A type that source types derive from without naming it (<c>object</c>, <c>ValueType</c>,
        /// <c>Enum</c>, delegates, the <c>IEquatable&lt;T&gt;</c> of records) is answered from every source type.
        /// </summary>
        public IReadOnlyList<INamedTypeSymbol> GetSubtypesOfReferenced(INamedTypeSymbol type)
        {
            type = type.OriginalDefinition;
            if (IsDeclaredHere(type) || Volatile.Read(ref _all) is not null || !_model.AnswersByReach || IsImplicitBase(type))
            {
                return GetSubtypes(type);
            }

            return _subtypesByName.TryGetValue(type, out var known) ? known : GetSubtypes(type, ReferencedSubtypeNames(type));
        }

        /// <summary>
        /// Whether <paramref name="type"/> is declared in this compilation: only then can every type deriving from it be
        /// found from the names in its files (a type of another project of the solution has source too, in the IDE).
        /// </summary>
        private bool IsDeclaredHere(INamedTypeSymbol type) => type.IsDeclaredIn(_symbols.Compilation);

        /// <summary>
        /// The source types that may implement one of <paramref name="interfaces"/> (types from references; null ones are
        /// ignored), each with every interface it implements: in an edit the classes and structs that do
        /// (<see cref="GetSubtypesOfReferenced"/>), otherwise every source type, which a build reads for other facts anyway.
        /// Callers check the interfaces themselves.
        /// </summary>
        public IEnumerable<(INamedTypeSymbol Symbol, ImmutableArray<INamedTypeSymbol> Interfaces)> GetMayImplementAny(params INamedTypeSymbol?[] interfaces)
        {
            if (Volatile.Read(ref _all) is not null || !_model.AnswersByReach)
            {
                foreach (var type in GetAll().Types)
                {
                    yield return (type.Symbol, type.Interfaces);
                }

                yield break;
            }

            var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var implemented in interfaces)
            {
                if (implemented is null)
                {
                    continue;
                }

                foreach (var type in GetSubtypesOfReferenced(implemented))
                {
                    if (seen.Add(type))
                    {
                        yield return (type, type.AllInterfaces);
                    }
                }
            }
        }

        /// <summary>
        /// Every name written in the base lists of the source types that derive by name from one of
        /// <paramref name="types"/> (types from references; null ones are ignored), directly or through other types, and
        /// the simple name each alias among them stands for: a type that a base list passes as a type argument
        /// (<c>IConsumer&lt;OrderPlaced&gt;</c>) is among them. Read from syntax alone.
        /// </summary>
        public HashSet<string> GetBaseListNamesOfSubtypes(params INamedTypeSymbol?[] types)
        {
            var index = GetNameIndex();
            var candidates = new HashSet<TypeDeclarationSyntax>();
            foreach (var type in types)
            {
                if (type is not null)
                {
                    index.CollectDerived(type.Name, IsImplicitBase(type) ? null : ReferencedSubtypeNames(type.OriginalDefinition), candidates, names: null);
                }
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var declaration in candidates)
            {
                foreach (var token in declaration.BaseList!.DescendantTokens())
                {
                    if (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken))
                    {
                        names.Add(token.ValueText);
                    }
                }
            }

            foreach (var tree in _symbols.Compilation.SyntaxTrees)
            {
                foreach (var (alias, target, _) in TypeBaseNames.Get(tree, CancellationToken.None).Aliases)
                {
                    if (names.Contains(alias))
                    {
                        names.Add(target);
                    }
                }
            }

            return names;
        }

        /// <summary>
        /// Whether <paramref name="tree"/> declares a type named in <paramref name="names"/>, or one from which a type so
        /// named derives by the names of base lists (directly or through other source types). Read from syntax alone.
        /// </summary>
        public bool DeclaresOrIsBaseOfAny(SyntaxTree tree, HashSet<string> names)
        {
            var declared = TypeBaseNames.Get(tree, CancellationToken.None).DeclaredNames;
            if (declared.IsEmpty)
            {
                return false;
            }

            var derived = new HashSet<string>(StringComparer.Ordinal);
            GetNameIndex().CollectDerived(declared[0], declared, new HashSet<TypeDeclarationSyntax>(), derived);
            return derived.Overlaps(names);
        }

        private static bool IsImplicitBase(INamedTypeSymbol type)
            => type.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum
                   or SpecialType.System_Delegate or SpecialType.System_MulticastDelegate
               || (type is { Name: "IEquatable", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });

        private IReadOnlyCollection<string> ReferencedSubtypeNames(INamedTypeSymbol type)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var assembly in AssembliesThatMayDeriveFrom(type.ContainingAssembly))
            {
                var byType = s_referencedSubtypeNames.GetValue(assembly, static _ => new ConcurrentDictionary<INamedTypeSymbol, string[]>(SymbolEqualityComparer.Default));
                if (!byType.TryGetValue(type, out var declared))
                {
                    declared = byType.GetOrAdd(type, ReadSubtypeNames(assembly, type));
                }

                names.UnionWith(declared);
            }

            return names;
        }

        /// <summary>
        /// The referenced assemblies that may declare a type deriving from one of <paramref name="declaring"/>'s: that one,
        /// and those that reference it or, in turn, one of these (a facade such as <c>netstandard</c> references the
        /// assemblies it forwards to; a class may derive through an assembly it does not reference itself). The answer
        /// depends only on the referenced assemblies, whose symbols every compilation after an edit shares: it is kept
        /// with <paramref name="declaring"/> for the list it was found in (<see cref="DerivingAssemblies"/>).
        /// </summary>
        private List<IAssemblySymbol> AssembliesThatMayDeriveFrom(IAssemblySymbol declaring)
        {
            var referenced = _symbols.Compilation.SourceModule.ReferencedAssemblySymbols;
            var known = s_derivingAssemblies.GetValue(declaring, static _ => new DerivingAssemblies());
            return known.Get(referenced) ?? known.Set(referenced, FindDerivingAssemblies(declaring, referenced));
        }

        private static readonly ConditionalWeakTable<IAssemblySymbol, DerivingAssemblies> s_derivingAssemblies = new();

        /// <summary>
        /// The positions in <paramref name="referenced"/> of the assemblies that reference <paramref name="declaring"/>,
        /// directly or through others of the list, and of <paramref name="declaring"/> itself when listed: one pass over
        /// the references to invert them, then a walk from <paramref name="declaring"/>.
        /// </summary>
        private static int[] FindDerivingAssemblies(IAssemblySymbol declaring, ImmutableArray<IAssemblySymbol> referenced)
        {
            var referencedBy = new Dictionary<IAssemblySymbol, List<int>>(SymbolEqualityComparer.Default);
            var position = -1;
            for (var i = 0; i < referenced.Length; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(referenced[i], declaring))
                {
                    position = i;
                }

                foreach (var module in referenced[i].Modules)
                {
                    foreach (var target in module.ReferencedAssemblySymbols)
                    {
                        if (!referencedBy.TryGetValue(target, out var sources))
                        {
                            referencedBy.Add(target, sources = new List<int>());
                        }

                        if (sources.Count == 0 || sources[sources.Count - 1] != i)
                        {
                            sources.Add(i);
                        }
                    }
                }
            }

            var result = new List<int>();
            var found = new HashSet<int>();
            if (position >= 0)
            {
                found.Add(position);
                result.Add(position);
            }

            var pending = new Queue<IAssemblySymbol>();
            pending.Enqueue(declaring);
            while (pending.Count > 0)
            {
                if (!referencedBy.TryGetValue(pending.Dequeue(), out var sources))
                {
                    continue;
                }

                foreach (var source in sources)
                {
                    if (found.Add(source))
                    {
                        result.Add(source);
                        pending.Enqueue(referenced[source]);
                    }
                }
            }

            return result.ToArray();
        }

        /// <summary>
        /// What <see cref="FindDerivingAssemblies"/> answered for one assembly, with the list of references it was asked
        /// in (held weakly, compared by identity): a compilation with the same references gets it without a walk.
        /// </summary>
        private sealed class DerivingAssemblies
        {
            private readonly object _gate = new();
            private WeakReference<IAssemblySymbol>[] _referenced = Array.Empty<WeakReference<IAssemblySymbol>>();
            private int[] _positions = Array.Empty<int>();

            public List<IAssemblySymbol>? Get(ImmutableArray<IAssemblySymbol> referenced)
            {
                WeakReference<IAssemblySymbol>[] known;
                int[] positions;
                lock (_gate)
                {
                    known = _referenced;
                    positions = _positions;
                }

                if (known.Length != referenced.Length || known.Length == 0)
                {
                    return null;
                }

                for (var i = 0; i < known.Length; i++)
                {
                    if (!known[i].TryGetTarget(out var assembly) || !ReferenceEquals(assembly, referenced[i]))
                    {
                        return null;
                    }
                }

                return Select(referenced, positions);
            }

            public List<IAssemblySymbol> Set(ImmutableArray<IAssemblySymbol> referenced, int[] positions)
            {
                var known = new WeakReference<IAssemblySymbol>[referenced.Length];
                for (var i = 0; i < known.Length; i++)
                {
                    known[i] = new WeakReference<IAssemblySymbol>(referenced[i]);
                }

                lock (_gate)
                {
                    _referenced = known;
                    _positions = positions;
                }

                return Select(referenced, positions);
            }

            private static List<IAssemblySymbol> Select(ImmutableArray<IAssemblySymbol> referenced, int[] positions)
            {
                var result = new List<IAssemblySymbol>(positions.Length);
                foreach (var position in positions)
                {
                    result.Add(referenced[position]);
                }

                return result;
            }
        }

        /// <summary>The names of the types <paramref name="assembly"/> declares that implement or derive from <paramref name="type"/>.</summary>
        private static string[] ReadSubtypeNames(IAssemblySymbol assembly, INamedTypeSymbol type)
        {
            var names = new List<string>();
            foreach (var candidate in SymbolHelpers.GetAllTypes(assembly.GlobalNamespace))
            {
                if (candidate.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface
                    && !SymbolEqualityComparer.Default.Equals(candidate, type)
                    && DerivesFrom(candidate, type))
                {
                    names.Add(candidate.Name);
                }
            }

            return names.ToArray();
        }

        /// <summary>
        /// The simple names of the source types (classes, structs, records, interfaces) whose base lists lead by name to
        /// <paramref name="type"/>'s name, directly or through other source types, and that name: read from each tree's
        /// declarations alone, a superset of the names of the source types that derive from it.
        /// </summary>
        public HashSet<string> GetDerivedNames(INamedTypeSymbol type)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            GetNameIndex().CollectDerived(type.Name, moreNames: null, new HashSet<TypeDeclarationSyntax>(), names);
            return names;
        }

        /// <summary>Whether <paramref name="name"/> may be a using alias in <paramref name="tree"/>: one of its own, or a global one.</summary>
        public bool MayBeAlias(SyntaxTree tree, string name)
        {
            if (GetNameIndex().GlobalAliases.Contains(name))
            {
                return true;
            }

            foreach (var (alias, _, _) in TypeBaseNames.Get(tree, CancellationToken.None).Aliases)
            {
                if (alias == name)
                {
                    return true;
                }
            }

            return false;
        }

        private AllTypes GetAll()
        {
            var all = Volatile.Read(ref _all);
            if (all is not null)
            {
                return all;
            }

            lock (_lock)
            {
                _all ??= new AllTypes(_symbols, _model.TreeOrder);
                return _all;
            }
        }

        /// <summary>Every source type declared with a base list, by each simple name its base list names.</summary>
        private NameIndex GetNameIndex()
        {
            var names = Volatile.Read(ref _names);
            if (names is not null)
            {
                return names;
            }

            lock (_lock)
            {
                _names ??= NameIndex.Create(_symbols.Compilation, _model.TreeOrder, CancellationToken.None);
                return _names;
            }
        }

        /// <summary>
        /// The classes and structs whose base lists lead to <paramref name="type"/>'s name (or an alias of it), directly
        /// or through other source types, bound and checked, in the compilation's order of files and declarations.
        /// </summary>
        private IReadOnlyList<INamedTypeSymbol> FindSubtypes(INamedTypeSymbol type, NameIndex index, IReadOnlyCollection<string>? referencedSubtypeNames = null)
        {
            var candidates = new HashSet<TypeDeclarationSyntax>();
            index.CollectDerived(type.Name, referencedSubtypeNames, candidates, names: null);
            if (candidates.Count == 0)
            {
                return Array.Empty<INamedTypeSymbol>();
            }

            var ordered = new List<TypeDeclarationSyntax>(candidates);
            ordered.Sort(index.Compare);
            var subtypes = new List<INamedTypeSymbol>();
            SemanticModel? model = null;
            foreach (var declaration in ordered)
            {
                if (model?.SyntaxTree != declaration.SyntaxTree)
                {
                    model = CrossFileBinding.GetSemanticModel(_symbols.Compilation, declaration.SyntaxTree);
                }

                if (model.GetDeclaredSymbol(declaration) is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } candidate
                    && !subtypes.Contains(candidate, SymbolEqualityComparer.Default)
                    && DerivesFrom(candidate, type))
                {
                    subtypes.Add(candidate);
                }
            }

            // A partial type counts where it is first declared, which may be a part without the base list.
            SortInCompilationOrder(subtypes, index.TreeOrder);
            return subtypes;
        }

        /// <summary>Sorts types by where each is first declared: the compilation's order of files, then position.</summary>
        private static void SortInCompilationOrder(List<INamedTypeSymbol> types, Dictionary<SyntaxTree, int> order)
        {
            if (types.Count < 2)
            {
                return;
            }

            var keys = new (int Tree, int Position)[types.Count];
            for (var i = 0; i < types.Count; i++)
            {
                keys[i] = FirstDeclared(types[i], order);
            }

            var sorted = types.ToArray();
            Array.Sort(keys, sorted);
            types.Clear();
            types.AddRange(sorted);
        }

        private static (int Tree, int Position) FirstDeclared(INamedTypeSymbol type, Dictionary<SyntaxTree, int> order)
        {
            var first = (int.MaxValue, int.MaxValue);
            foreach (var location in type.Locations)
            {
                if (location.SourceTree is { } tree && order.TryGetValue(tree, out var index) && (index, location.SourceSpan.Start).CompareTo(first) < 0)
                {
                    first = (index, location.SourceSpan.Start);
                }
            }

            return first;
        }

        private static bool DerivesFrom(INamedTypeSymbol candidate, INamedTypeSymbol type)
        {
            if (type.TypeKind == TypeKind.Interface)
            {
                foreach (var implemented in candidate.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, type))
                    {
                        return true;
                    }
                }

                return false;
            }

            for (var current = candidate.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// In debug builds, for small compilations (tests, the sample) or any with <c>QUEUELINT_VERIFY_JOB_CODE=1</c>,
        /// checks that the subtypes found by name are those the pass over every type finds: a difference would make the
        /// IDE and the build disagree.
        /// </summary>
        [System.Diagnostics.Conditional("DEBUG")]
        private void VerifyInDebug(INamedTypeSymbol type)
        {
            if (IsDeclaredHere(type) && Verifies)
            {
                VerifyInDebug(type, FindSubtypes(type, GetNameIndex()));
            }
        }

        [System.Diagnostics.Conditional("DEBUG")]
        private void VerifyInDebug(INamedTypeSymbol type, IReadOnlyCollection<string> referencedSubtypeNames)
        {
            if (!IsDeclaredHere(type) && Verifies)
            {
                VerifyInDebug(type, FindSubtypes(type, GetNameIndex(), referencedSubtypeNames));
            }
        }

        /// <summary>Whether searches by name are checked against the pass over every type (<see cref="VerifyInDebug(INamedTypeSymbol)"/>).</summary>
#pragma warning disable RS1035 // A debug-only switch, to check real applications too.
        private bool Verifies => _symbols.Compilation.SyntaxTrees.Count() <= 50 || Environment.GetEnvironmentVariable("QUEUELINT_VERIFY_JOB_CODE") == "1";
#pragma warning restore RS1035

        [System.Diagnostics.Conditional("DEBUG")]
        private void VerifyInDebug(INamedTypeSymbol type, IReadOnlyList<INamedTypeSymbol> found)
        {
            if (!Verifies)
            {
                return;
            }

            // A pass of its own, so that checking leaves the searches by name in use for the next question.
            lock (_lock)
            {
                _verifyingAll ??= new AllTypes(_symbols, _model.TreeOrder);
            }

            var expected = _verifyingAll.Subtypes.TryGetValue(type, out var list) ? list : (IReadOnlyList<INamedTypeSymbol>)Array.Empty<INamedTypeSymbol>();
            if (!expected.SequenceEqual(found, SymbolEqualityComparer.Default))
            {
                throw new InvalidOperationException($"Subtypes of {type} by name ({found.Count}) differ from the pass over every type ({expected.Count}), or come in another order.");
            }
        }

        /// <summary>Every source type, read in one pass, and the subtypes it gives each type.</summary>
        private sealed class AllTypes
        {
            public AllTypes(KnownSymbols symbols, Dictionary<SyntaxTree, int> treeOrder)
            {
                var all = SymbolHelpers.GetAllTypes(symbols.Compilation.Assembly.GlobalNamespace);
                var types = new SourceType[all.Count];
                var firstDeclared = new (int Tree, int Position)[all.Count];
                var inCompilationOrder = new int[all.Count];
                for (var i = 0; i < all.Count; i++)
                {
                    var type = all[i];
                    var kind = type.TypeKind;
                    var interfaces = ImmutableArray<INamedTypeSymbol>.Empty;
                    bool isHostedService = false, isDbContext = false;
                    if (kind is TypeKind.Class or TypeKind.Struct)
                    {
                        interfaces = type.AllInterfaces;

                        // The type itself counts as its own base for the framework types, as InheritsFrom has it (a framework type
                        // that is not referenced is null, equal to none).
                        isHostedService = SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.BackgroundService);
                        for (var current = type.BaseType; current is not null; current = current.BaseType)
                        {
                            var definition = current.OriginalDefinition;
                            isHostedService |= SymbolEqualityComparer.Default.Equals(definition, symbols.BackgroundService);
                            isDbContext |= SymbolEqualityComparer.Default.Equals(definition, symbols.EfDbContext);
                        }
                    }

                    types[i] = new SourceType(type, kind, type.IsAbstract, interfaces, isHostedService, isDbContext && kind == TypeKind.Class);
                    firstDeclared[i] = FirstDeclared(type, treeOrder);
                    inCompilationOrder[i] = i;
                }

                Types = types;

                // Subtypes are listed where each is first declared (file, then position), as the search by name lists them.
                Array.Sort(firstDeclared, inCompilationOrder);
                foreach (var index in inCompilationOrder)
                {
                    var type = types[index];
                    if (type.Kind is TypeKind.Class or TypeKind.Struct)
                    {
                        foreach (var implemented in type.Interfaces)
                        {
                            AddSubtype(implemented.OriginalDefinition, type.Symbol);
                        }

                        for (var current = type.Symbol.BaseType; current is not null; current = current.BaseType)
                        {
                            AddSubtype(current.OriginalDefinition, type.Symbol);
                        }
                    }
                }
            }

            public IReadOnlyList<SourceType> Types { get; }

            /// <summary>For each interface and class (by definition), the source classes and structs that implement or derive from it.</summary>
            public Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> Subtypes { get; } = new(SymbolEqualityComparer.Default);

            private void AddSubtype(INamedTypeSymbol supertype, INamedTypeSymbol type)
            {
                if (!Subtypes.TryGetValue(supertype, out var list))
                {
                    list = new List<INamedTypeSymbol>();
                    Subtypes.Add(supertype, list);
                }

                list.Add(type);
            }
        }

        /// <summary>
        /// The compilation's type declarations with a base list, by each simple name their base lists name (and, for an
        /// alias, the name it stands for), merged from each tree's <see cref="TypeBaseNames"/>.
        /// </summary>
        private sealed class NameIndex
        {
            private NameIndex(Dictionary<SyntaxTree, int> treeOrder) => TreeOrder = treeOrder;

            public Dictionary<SyntaxTree, int> TreeOrder { get; }

            public Dictionary<string, List<TypeDeclarationSyntax>> ByBaseName { get; } = new(StringComparer.Ordinal);

            public static NameIndex Create(Compilation compilation, Dictionary<SyntaxTree, int> treeOrder, CancellationToken cancellationToken)
            {
                var index = new NameIndex(treeOrder);
                var trees = new List<TypeBaseNames>();
                var globalAliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var tree in compilation.SyntaxTrees)
                {
                    var names = TypeBaseNames.Get(tree, cancellationToken);
                    trees.Add(names);
                    foreach (var (alias, target, isGlobal) in names.Aliases)
                    {
                        if (isGlobal)
                        {
                            AddTo(globalAliases, alias, target);
                            index.GlobalAliases.Add(alias);
                        }
                    }
                }

                var localAliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var names in trees)
                {
                    localAliases.Clear();
                    foreach (var (alias, target, isGlobal) in names.Aliases)
                    {
                        if (!isGlobal)
                        {
                            AddTo(localAliases, alias, target);
                        }
                    }

                    foreach (var (declaration, baseNames) in names.Declarations)
                    {
                        foreach (var baseName in baseNames)
                        {
                            AddTo(index.ByBaseName, baseName, declaration);
                            AddAliasTargets(index.ByBaseName, localAliases, baseName, declaration);
                            AddAliasTargets(index.ByBaseName, globalAliases, baseName, declaration);
                        }
                    }
                }

                return index;
            }

            private static void AddAliasTargets(Dictionary<string, List<TypeDeclarationSyntax>> byBaseName, Dictionary<string, List<string>> aliases, string baseName, TypeDeclarationSyntax declaration)
            {
                if (aliases.TryGetValue(baseName, out var targets))
                {
                    foreach (var target in targets)
                    {
                        AddTo(byBaseName, target, declaration);
                    }
                }
            }

            private static void AddTo<T>(Dictionary<string, List<T>> map, string key, T value)
            {
                if (!map.TryGetValue(key, out var list))
                {
                    list = new List<T>();
                    map.Add(key, list);
                }

                list.Add(value);
            }

            /// <summary>The names of the file-independent aliases (<c>global using X = …;</c>) declared anywhere.</summary>
            public HashSet<string> GlobalAliases { get; } = new(StringComparer.Ordinal);

            /// <summary>
            /// The declarations whose base lists lead to <paramref name="name"/> or one of <paramref name="moreNames"/>
            /// by name, directly or through other source declarations (into <paramref name="candidates"/>), and every name
            /// on the way, those given included (into <paramref name="names"/>).
            /// </summary>
            public void CollectDerived(string name, IReadOnlyCollection<string>? moreNames, HashSet<TypeDeclarationSyntax> candidates, HashSet<string>? names)
            {
                names ??= new HashSet<string>(StringComparer.Ordinal);
                var pending = new Queue<string>();
                if (names.Add(name))
                {
                    pending.Enqueue(name);
                }

                if (moreNames is not null)
                {
                    foreach (var more in moreNames)
                    {
                        if (names.Add(more))
                        {
                            pending.Enqueue(more);
                        }
                    }
                }

                while (pending.Count > 0)
                {
                    if (!ByBaseName.TryGetValue(pending.Dequeue(), out var declarations))
                    {
                        continue;
                    }

                    foreach (var declaration in declarations)
                    {
                        if (candidates.Add(declaration) && names.Add(declaration.Identifier.ValueText))
                        {
                            pending.Enqueue(declaration.Identifier.ValueText);
                        }
                    }
                }
            }

            /// <summary>The compilation's order: file, then position.</summary>
            public int Compare(TypeDeclarationSyntax first, TypeDeclarationSyntax second)
                => first.SyntaxTree == second.SyntaxTree
                    ? first.SpanStart.CompareTo(second.SpanStart)
                    : TreeOrder[first.SyntaxTree].CompareTo(TreeOrder[second.SyntaxTree]);
        }

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
            if (declaringType is not null)
            {
                foreach (var type in GetSubtypesOfReferenced(declaringType))
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

        private void AddInterfaceImplementations(INamedTypeSymbol type, INamedTypeSymbol declaringInterface, IMethodSymbol method, ImmutableArray<IMethodSymbol>.Builder builder)
        {
            foreach (var implementation in FindImplementations(type, declaringInterface, method))
            {
                // A base type's implementation from another project of the solution is source in the IDE, metadata in a build.
                if (IsDeclaredHere(implementation.ContainingType) && !builder.Contains(implementation.OriginalDefinition))
                {
                    builder.Add(implementation.OriginalDefinition);
                }
            }
        }

        /// <summary>
        /// The methods with which <paramref name="type"/> implements <paramref name="member"/> (by definition) of
        /// <paramref name="declaringInterface"/>, once for each construction of the interface the type implements.
        /// </summary>
        public static IEnumerable<IMethodSymbol> FindImplementations(INamedTypeSymbol type, INamedTypeSymbol declaringInterface, IMethodSymbol member)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, declaringInterface))
                {
                    continue;
                }

                foreach (var candidate in implemented.GetMembers(member.Name))
                {
                    if (candidate is IMethodSymbol interfaceMethod
                        && SymbolEqualityComparer.Default.Equals(interfaceMethod.OriginalDefinition, member)
                        && type.FindImplementationForInterfaceMember(interfaceMethod) is IMethodSymbol implementation)
                    {
                        yield return implementation;
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
