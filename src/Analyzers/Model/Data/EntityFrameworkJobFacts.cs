using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Data
{
    /// <summary>
    /// What job code does with EF Core: which job-code methods save, which entities a job checks for, and which entity
    /// types some job loads by key, so that a rule looking at one file can ask about the rest of the job. Each answer is
    /// found when first asked: whether a method saves from its own body, what a job checks from the methods it reaches,
    /// and only the entities loaded by key from all of the compilation's job code.
    /// </summary>
    internal sealed class EntityFrameworkJobFacts
    {
        private static readonly OperationKindSet s_invocations = OperationKindSet.Of(OperationKind.Invocation);

        public static readonly EntityFrameworkJobFacts Empty = new(null, JobCode.Empty);

        private readonly JobModel? _model;
        private readonly JobCode _jobCode;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _saves = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, HashSet<INamedTypeSymbol>> _checkedByJob = new(SymbolEqualityComparer.Default);
        private readonly object _lock = new();
        private ImmutableDictionary<INamedTypeSymbol, IMethodSymbol>? _loadedByKey;

        private EntityFrameworkJobFacts(JobModel? model, JobCode jobCode)
        {
            _model = model;
            _jobCode = jobCode;
        }

        internal static EntityFrameworkJobFacts Create(JobModel model, JobCode jobCode)
            => model.Symbols.EfDbContext is null ? Empty : new EntityFrameworkJobFacts(model, jobCode);

        /// <summary>True when <paramref name="method"/> is job code whose own body calls <c>SaveChanges[Async]</c> (lambdas and local functions included).</summary>
        public bool Saves(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (_model is null)
            {
                return false;
            }

            method = method.OriginalDefinition;
            if (_saves.TryGetValue(method, out var saves))
            {
                return saves;
            }

            saves = _jobCode.Find(method, cancellationToken) is { } jobMethod && SavesIn(jobMethod.GetOperations(_model.Compilation, cancellationToken));
            return _saves.GetOrAdd(method, saves);
        }

        /// <summary>
        /// <see cref="Saves(IMethodSymbol, CancellationToken)"/> of the method a call to <paramref name="called"/> in
        /// the job-code method <paramref name="caller"/> runs (<see cref="JobCode.GetDeclarationReachedBy"/>).
        /// </summary>
        public bool Saves(JobCodeMethod caller, IMethodSymbol called, CancellationToken cancellationToken)
        {
            if (_model is null)
            {
                return false;
            }

            var method = called.OriginalDefinition;
            if (!_jobCode.AnswersByReach)
            {
                return Saves(method, cancellationToken);
            }

            if (_saves.TryGetValue(method, out var saves))
            {
                return saves;
            }

            saves = _jobCode.GetDeclarationReachedBy(caller, called, method, cancellationToken) is { } declaration
                && CrossFileBinding.GetSemanticModel(_model.Compilation, declaration.SyntaxTree).GetOperation(declaration, cancellationToken) is { } body
                && SavesIn(OperationHelpers.OperationsOfBody(body));
            return _saves.GetOrAdd(method, saves);
        }

        private bool SavesIn(BodyOperations operations)
        {
            foreach (var operation in operations.OfKind(s_invocations))
            {
                var invocation = (IInvocationOperation)operation;
                if (EntityFramework.MayBeOperation(invocation.TargetMethod.Name) && EntityFramework.Classify(invocation, _model!.Symbols).Kind == EfOperationKind.Save)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Job-code methods that save (<see cref="Saves(IMethodSymbol, CancellationToken)"/>), over all of the compilation's job code.</summary>
        public IReadOnlyCollection<IMethodSymbol> GetMethodsThatSave(CancellationToken cancellationToken)
        {
            var saving = new List<IMethodSymbol>();
            foreach (var method in _jobCode.GetMethods(cancellationToken))
            {
                if (Saves(method.Method, cancellationToken))
                {
                    saving.Add(method.Method);
                }
            }

            return saving;
        }

        /// <summary>
        /// True when some job-code method whose entry point is <paramref name="entryPoint"/> asks whether rows of
        /// <paramref name="entity"/> exist (<c>Any</c>, <c>Contains</c>, <c>Count</c>, <c>Find</c>, a first/single lookup).
        /// </summary>
        public bool JobChecks(IMethodSymbol entryPoint, INamedTypeSymbol entity, CancellationToken cancellationToken)
            => GetCheckedEntities(entryPoint.OriginalDefinition, cancellationToken).Contains(entity.OriginalDefinition);

        /// <summary>
        /// The entities checked by the methods whose entry point is <paramref name="entryPoint"/>: found from the entry
        /// point down, through those methods only (a method between the entry point and one of them has the same entry point).
        /// </summary>
        private HashSet<INamedTypeSymbol> GetCheckedEntities(IMethodSymbol entryPoint, CancellationToken cancellationToken)
        {
            if (_checkedByJob.TryGetValue(entryPoint, out var known))
            {
                return known;
            }

            var checkedTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            if (_model is not null && _jobCode.Find(entryPoint, cancellationToken) is { IsEntryPoint: true } entry)
            {
                var symbols = _model.Symbols;
                var search = _jobCode.Search!;
                var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { entry.Method };
                var queue = new Queue<JobCodeMethod>();
                queue.Enqueue(entry);
                while (queue.Count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var method = queue.Dequeue();
                    foreach (var operation in method.GetOperations(_model.Compilation, cancellationToken).OfKind(JobCodeSearch.Calls))
                    {
                        if (operation is IInvocationOperation invocation
                            && EntityFramework.MayBeOperation(invocation.TargetMethod.Name)
                            && EntityFramework.Classify(invocation, symbols) is { Kind: EfOperationKind.Find or EfOperationKind.LoadOrDefault or EfOperationKind.LoadOrThrow or EfOperationKind.ExistenceCheck } ef
                            && EntityFramework.GetCheckedEntity(ef, symbols) is { } checkedEntity)
                        {
                            checkedTypes.Add(checkedEntity.OriginalDefinition);
                        }

                        if (method.Depth >= JobCode.MaxDepth)
                        {
                            continue;
                        }

                        foreach (var target in search.GetCalledMethods(operation))
                        {
                            if (visited.Add(target)
                                && _jobCode.Find(target, cancellationToken) is { } reached
                                && SymbolEqualityComparer.Default.Equals(reached.EntryPoint, entryPoint))
                            {
                                queue.Enqueue(reached);
                            }
                        }
                    }
                }
            }

            return _checkedByJob.GetOrAdd(entryPoint, checkedTypes);
        }

        /// <summary>
        /// Entity types (original definitions) that job code loads by key (<c>Find</c>, or a first/single row by its
        /// key), each with the entry point of one job that does: the first by name, whatever order the methods come in.
        /// Found from all of the compilation's job code.
        /// </summary>
        public ImmutableDictionary<INamedTypeSymbol, IMethodSymbol> GetEntitiesLoadedByKey(CancellationToken cancellationToken)
        {
            if (_model is null)
            {
                return ImmutableDictionary<INamedTypeSymbol, IMethodSymbol>.Empty;
            }

            if (Volatile.Read(ref _loadedByKey) is { } known)
            {
                return known;
            }

            lock (_lock)
            {
                return _loadedByKey ??= FindEntitiesLoadedByKey(cancellationToken);
            }
        }

        private ImmutableDictionary<INamedTypeSymbol, IMethodSymbol> FindEntitiesLoadedByKey(CancellationToken cancellationToken)
        {
            var loads = new ConcurrentQueue<(INamedTypeSymbol, IMethodSymbol)>();
            foreach (var method in _jobCode.GetMethods(cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                AddLoadsByKey(method.GetOperations(_model!.Compilation, cancellationToken), method.EntryPoint, _model.Symbols, loads);
            }

            return FirstJobByName(loads);
        }

        /// <summary>
        /// Adds the entity types that <paramref name="operations"/> (a job-code method's) load by key, each with the
        /// method's entry point: the calls that name an EF operation, from the operations every job-code rule shares.
        /// </summary>
        public static void AddLoadsByKey(BodyOperations operations, IMethodSymbol entryPoint, KnownSymbols symbols, ConcurrentQueue<(INamedTypeSymbol Entity, IMethodSymbol Job)> loads)
        {
            foreach (var operation in operations.OfKind(s_invocations))
            {
                var invocation = (IInvocationOperation)operation;
                if (EntityFramework.MayBeOperation(invocation.TargetMethod.Name)
                    && EntityFramework.Classify(invocation, symbols) is { Kind: not EfOperationKind.Save, Entity: { } entity } ef
                    && EntityFramework.IsKeyLookup(ef, symbols, out _))
                {
                    loads.Enqueue((entity.OriginalDefinition, entryPoint));
                }
            }
        }

        /// <summary>For each entity type, the job that loads it by key first by name: the same job whatever order the loads come in.</summary>
        public static ImmutableDictionary<INamedTypeSymbol, IMethodSymbol> FirstJobByName(IEnumerable<(INamedTypeSymbol Entity, IMethodSymbol Job)> loads)
        {
            var loaded = new Dictionary<INamedTypeSymbol, IMethodSymbol>(SymbolEqualityComparer.Default);
            var jobNames = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
            foreach (var (entity, job) in loads)
            {
                if (!loaded.TryGetValue(entity, out var known)
                    || (!SymbolEqualityComparer.Default.Equals(known, job) && string.CompareOrdinal(JobName(job, jobNames), JobName(known, jobNames)) < 0))
                {
                    loaded[entity] = job;
                }
            }

            var loadedByKey = ImmutableDictionary.CreateBuilder<INamedTypeSymbol, IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var pair in loaded)
            {
                loadedByKey.Add(pair.Key, pair.Value);
            }

            return loadedByKey.ToImmutable();
        }

        private static string JobName(IMethodSymbol entryPoint, Dictionary<IMethodSymbol, string> names)
        {
            if (!names.TryGetValue(entryPoint, out var name))
            {
                name = entryPoint.ToDisplayString();
                names.Add(entryPoint, name);
            }

            return name;
        }
    }
}
