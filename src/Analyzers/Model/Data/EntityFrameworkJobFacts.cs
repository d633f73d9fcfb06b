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
    /// What job code does with EF Core, across the whole compilation: which job-code methods save, and which entity
    /// types some job loads by key. Computed once per compilation from job code (the methods of
    /// <see cref="JobCode"/>), so that a rule looking at one file can ask about the rest of the job.
    /// </summary>
    internal sealed class EntityFrameworkJobFacts
    {
        private static readonly OperationKindSet s_invocations = OperationKindSet.Of(OperationKind.Invocation);

        public static readonly EntityFrameworkJobFacts Empty = new(
            new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default),
            ImmutableDictionary<INamedTypeSymbol, IMethodSymbol>.Empty,
            new Dictionary<IMethodSymbol, HashSet<INamedTypeSymbol>>(SymbolEqualityComparer.Default));

        private readonly Dictionary<IMethodSymbol, HashSet<INamedTypeSymbol>> _checkedByJob;

        private readonly HashSet<IMethodSymbol> _methodsThatSave;

        private EntityFrameworkJobFacts(HashSet<IMethodSymbol> methodsThatSave, ImmutableDictionary<INamedTypeSymbol, IMethodSymbol> entitiesLoadedByKey, Dictionary<IMethodSymbol, HashSet<INamedTypeSymbol>> checkedByJob)
        {
            _checkedByJob = checkedByJob;
            _methodsThatSave = methodsThatSave;
            EntitiesLoadedByKey = entitiesLoadedByKey;
        }

        /// <summary>Job-code methods whose own body calls <c>SaveChanges[Async]</c> (lambdas and local functions included).</summary>
        public IReadOnlyCollection<IMethodSymbol> MethodsThatSave => _methodsThatSave;

        /// <summary>
        /// Entity types (original definitions) that job code loads by key (<c>Find</c>, or a first/single row by its
        /// key), each with the entry point of one job that does.
        /// </summary>
        public ImmutableDictionary<INamedTypeSymbol, IMethodSymbol> EntitiesLoadedByKey { get; }

        /// <summary>
        /// True when some job-code method reached from <paramref name="entryPoint"/> asks whether rows of
        /// <paramref name="entity"/> exist (<c>Any</c>, <c>Contains</c>, <c>Count</c>, <c>Find</c>, a first/single lookup).
        /// </summary>
        public bool JobChecks(IMethodSymbol entryPoint, INamedTypeSymbol entity)
            => _checkedByJob.TryGetValue(entryPoint.OriginalDefinition, out var checkedTypes) && checkedTypes.Contains(entity.OriginalDefinition);

        /// <summary>True when <paramref name="method"/> is job code that saves.</summary>
        public bool Saves(IMethodSymbol method) => _methodsThatSave.Contains(method.OriginalDefinition);

        internal static EntityFrameworkJobFacts Create(JobModel model, JobCode jobCode, CancellationToken cancellationToken)
        {
            var symbols = model.Symbols;
            if (symbols.EfDbContext is null || jobCode.Count == 0)
            {
                return Empty;
            }

            var saving = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var checkedByJob = new Dictionary<IMethodSymbol, HashSet<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
            var loaded = new Dictionary<INamedTypeSymbol, IMethodSymbol>(SymbolEqualityComparer.Default);
            var jobNames = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
            foreach (var method in jobCode.Methods)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // The calls that name an EF operation, from the method's operations (shared with every job-code rule).
                foreach (var operation in method.GetOperations(model.Compilation, cancellationToken).OfKind(s_invocations))
                {
                    var invocation = (IInvocationOperation)operation;
                    if (!EntityFramework.MayBeOperation(invocation.TargetMethod.Name))
                    {
                        continue;
                    }

                    var ef = EntityFramework.Classify(invocation, symbols);
                    if (ef.Kind == EfOperationKind.Save)
                    {
                        saving.Add(method.Method.OriginalDefinition);
                    }
                    else if (ef.Kind is EfOperationKind.Find or EfOperationKind.LoadOrDefault or EfOperationKind.LoadOrThrow or EfOperationKind.ExistenceCheck
                             && EntityFramework.GetCheckedEntity(ef, symbols) is { } checkedEntity)
                    {
                        if (!checkedByJob.TryGetValue(method.EntryPoint, out var checkedTypes))
                        {
                            checkedTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
                            checkedByJob.Add(method.EntryPoint, checkedTypes);
                        }

                        checkedTypes.Add(checkedEntity.OriginalDefinition);
                    }

                    if (ef.Kind != EfOperationKind.Save && ef.Entity is { } entity)
                    {
                        // The same job for every run, whatever order the methods come in: the first by name (named only
                        // when two jobs load the same entity). Whether the call loads by key is asked only when its answer
                        // would change the job kept.
                        var key = entity.OriginalDefinition;
                        var known = loaded.TryGetValue(key, out var found) ? found : null;
                        if ((known is null
                             || (!SymbolEqualityComparer.Default.Equals(known, method.EntryPoint)
                                 && string.CompareOrdinal(JobName(method.EntryPoint, jobNames), JobName(known, jobNames)) < 0))
                            && EntityFramework.IsKeyLookup(ef, symbols, out _))
                        {
                            loaded[key] = method.EntryPoint;
                        }
                    }
                }
            }

            var loadedByKey = ImmutableDictionary.CreateBuilder<INamedTypeSymbol, IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var pair in loaded)
            {
                loadedByKey.Add(pair.Key, pair.Value);
            }

            return new EntityFrameworkJobFacts(saving, loadedByKey.ToImmutable(), checkedByJob);
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
