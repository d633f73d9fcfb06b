using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Jobs
{
    /// <summary>What a per-item call in job code does to the outside world.</summary>
    internal enum WorkCallKind
    {
        None,

        /// <summary>An <c>HttpClient</c> request.</summary>
        HttpRequest,

        /// <summary><c>DbContext.SaveChanges</c> or <c>SaveChangesAsync</c>.</summary>
        Save,

        /// <summary>An enqueue site of any framework (a job, a published or sent message).</summary>
        Enqueue,

        /// <summary>Any other awaited call: asynchronous I/O, most likely remote.</summary>
        AwaitedCall,
    }

    /// <summary>
    /// EF Core, HTTP and enqueue knowledge for rules about the amount of work a job does: which expressions load a
    /// whole table, and which calls reach out per item.
    /// </summary>
    internal static class WorkCalls
    {
        /// <summary>
        /// True when <paramref name="collection"/> is a <c>DbSet</c>, or a query over one that nothing bounds: only
        /// ordering, projection, includes, tracking options and materialisation (<c>ToList</c>, <c>ToListAsync</c>...)
        /// between the set and the loop. A <c>Where</c>, <c>Take</c>, <c>Skip</c> or any other operator counts as bounding.
        /// </summary>
        public static bool IsWholeSet(IOperation? collection, KnownSymbols symbols)
        {
            if (symbols.EfDbSet1 is null)
            {
                return false;
            }

            var current = collection;
            for (var guard = 0; current is not null && guard < 32; guard++)
            {
                current = current.WithoutImplicitConversions();
                switch (current)
                {
                    case IAwaitOperation await:
                        current = await.Operation;
                        continue;
                    case IInvocationOperation invocation when IsPassThrough(invocation, symbols):
                        current = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                        continue;
                    case IInvocationOperation invocation:
                        // context.Set<T>()
                        return invocation.Arguments.Length == 0 && IsDbSet(invocation.Type, symbols) && invocation.TargetMethod.Name == "Set";
                    case IPropertyReferenceOperation or IFieldReferenceOperation:
                        return IsDbSet(current.Type, symbols);
                    default:
                        return false;
                }
            }

            return false;
        }

        private static bool IsDbSet(ITypeSymbol? type, KnownSymbols symbols)
            => type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.EfDbSet1);

        private static bool IsPassThrough(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            var linq = SymbolEqualityComparer.Default.Equals(type, symbols.LinqQueryable)
                || SymbolEqualityComparer.Default.Equals(type, symbols.LinqEnumerable)
                || SymbolEqualityComparer.Default.Equals(type, symbols.EfQueryableExtensions);
            if (!linq)
            {
                return false;
            }

            switch (method.Name)
            {
                case "ToList":
                case "ToArray":
                case "ToListAsync":
                case "ToArrayAsync":
                case "ToDictionary":
                case "ToDictionaryAsync":
                case "ToHashSet":
                case "ToHashSetAsync":
                case "AsEnumerable":
                case "AsQueryable":
                case "AsAsyncEnumerable":
                case "AsNoTracking":
                case "AsNoTrackingWithIdentityResolution":
                case "AsTracking":
                case "AsSplitQuery":
                case "AsSingleQuery":
                case "Include":
                case "ThenInclude":
                case "OrderBy":
                case "OrderByDescending":
                case "ThenBy":
                case "ThenByDescending":
                case "Select":
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>What <paramref name="invocation"/> does per item, or <see cref="WorkCallKind.None"/> for local work.</summary>
        public static WorkCallKind GetKind(IInvocationOperation invocation, JobModel model, QueueLintOptions options)
        {
            var symbols = model.Symbols;
            var method = invocation.TargetMethod;
            if (symbols.HttpClient is not null && method.ContainingType.InheritsFrom(symbols.HttpClient) && !method.IsStatic)
            {
                return WorkCallKind.HttpRequest;
            }

            if (symbols.EfDbContext is not null && method.Name is "SaveChanges" or "SaveChangesAsync" && method.ContainingType.InheritsFrom(symbols.EfDbContext))
            {
                return WorkCallKind.Save;
            }

            if (model.TryGetEnqueueSite(invocation, options, out _))
            {
                return WorkCallKind.Enqueue;
            }

            IOperation? awaited = invocation.Parent?.WithoutImplicitConversionsUp();
            if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured)
            {
                awaited = configured.Parent?.WithoutImplicitConversionsUp();
            }

            if (awaited is IAwaitOperation && !IsLocalAwaitable(method, symbols))
            {
                return WorkCallKind.AwaitedCall;
            }

            return WorkCallKind.None;
        }

        /// <summary><c>Task.Delay</c>, <c>Task.Yield</c>, <c>Task.WhenAll</c>...: awaited, but not remote.</summary>
        private static bool IsLocalAwaitable(IMethodSymbol method, KnownSymbols symbols)
            => SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Task)
            || (symbols.SemaphoreSlim is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.SemaphoreSlim));

        private static IOperation WithoutImplicitConversionsUp(this IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation && operation.Parent is not null)
            {
                operation = operation.Parent;
            }

            return operation;
        }
    }
}
