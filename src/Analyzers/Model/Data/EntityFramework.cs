using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Data
{
    /// <summary>What an EF Core call does, as far as job rules care.</summary>
    internal enum EfOperationKind
    {
        None,

        /// <summary><c>SaveChanges[Async]</c> of a <c>DbContext</c>.</summary>
        Save,

        /// <summary><c>Add[Async]</c> / <c>AddRange[Async]</c> on a set or a context.</summary>
        Add,

        /// <summary><c>Remove</c> / <c>RemoveRange</c> on a set or a context.</summary>
        Remove,

        /// <summary><c>ExecuteUpdate[Async]</c>: a set-based update, saved at once.</summary>
        ExecuteUpdate,

        /// <summary><c>ExecuteDelete[Async]</c>: a set-based delete, saved at once.</summary>
        ExecuteDelete,

        /// <summary><c>Database.ExecuteSql*</c>: raw SQL, run at once.</summary>
        RawSql,

        /// <summary><c>Database.BeginTransaction[Async]</c> (or a connection's <c>BeginTransaction</c>).</summary>
        BeginTransaction,

        /// <summary><c>Database.CreateExecutionStrategy()</c>: its <c>Execute</c> retries a whole unit, usually with a transaction.</summary>
        ExecutionStrategy,

        /// <summary><c>Find[Async]</c>: a lookup by key that returns null when the row is gone.</summary>
        Find,

        /// <summary><c>FirstOrDefault</c>, <c>SingleOrDefault</c>, <c>LastOrDefault</c> (and async): null when nothing matches.</summary>
        LoadOrDefault,

        /// <summary><c>First</c>, <c>Single</c>, <c>Last</c> (and async): throw when nothing matches.</summary>
        LoadOrThrow,

        /// <summary><c>Any</c>, <c>Contains</c>, <c>Count</c> (and async): asks whether rows exist.</summary>
        ExistenceCheck,
    }

    /// <summary>An EF Core call recognised by symbol.</summary>
    internal readonly struct EfOperation
    {
        public EfOperation(EfOperationKind kind, IInvocationOperation invocation, INamedTypeSymbol? entity)
        {
            Kind = kind;
            Invocation = invocation;
            Entity = entity;
        }

        public EfOperationKind Kind { get; }

        public IInvocationOperation Invocation { get; }

        /// <summary>
        /// The row type involved: the set's element for set operations and queries (<c>TSource</c>), the added or
        /// removed type; null when unknown (a save, raw SQL, a non-generic <c>AddRange(object[])</c>).
        /// </summary>
        public INamedTypeSymbol? Entity { get; }

        public bool IsAsync => Invocation.TargetMethod.Name.EndsWith("Async", StringComparison.Ordinal);
    }

    /// <summary>
    /// The EF Core adapter of the model: recognises EF Core calls by their symbols (never by their text alone), so
    /// that rules ask "is this a save / an insert / a load by key" and not which method names EF uses.
    /// </summary>
    internal static class EntityFramework
    {
        private static readonly HashSet<string> s_names = new(StringComparer.Ordinal)
        {
            "SaveChanges", "SaveChangesAsync",
            "Add", "AddAsync", "AddRange", "AddRangeAsync",
            "Remove", "RemoveRange",
            "ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync",
            "ExecuteSql", "ExecuteSqlAsync", "ExecuteSqlRaw", "ExecuteSqlRawAsync", "ExecuteSqlInterpolated", "ExecuteSqlInterpolatedAsync",
            "BeginTransaction", "BeginTransactionAsync", "CreateExecutionStrategy",
            "Find", "FindAsync",
            "FirstOrDefault", "FirstOrDefaultAsync", "SingleOrDefault", "SingleOrDefaultAsync", "LastOrDefault", "LastOrDefaultAsync",
            "First", "FirstAsync", "Single", "SingleAsync", "Last", "LastAsync",
            "Any", "AnyAsync", "Contains", "ContainsAsync", "Count", "CountAsync", "LongCount", "LongCountAsync",
        };

        private static readonly HashSet<string> s_snapshotNames = new(StringComparer.Ordinal)
        {
            "ToList", "ToListAsync", "ToArray", "ToArrayAsync", "ToHashSet", "ToHashSetAsync", "ToDictionary", "ToDictionaryAsync",
        };

        /// <summary>Cheap pre-filter: only calls with these names can be EF Core operations.</summary>
        public static bool MayBeOperation(string name) => s_names.Contains(name);

        /// <summary>Cheap pre-filter: only calls with these names can read a set into memory (<see cref="GetSnapshotEntity"/>).</summary>
        public static bool MayBeSnapshot(string name) => s_snapshotNames.Contains(name);

        /// <summary>
        /// For a query read into memory (<c>ToList</c>, <c>ToArray</c>, <c>ToHashSet</c>, <c>ToDictionary</c> and their
        /// async forms), the entity whose set it reads: <c>db.Orders.Select(o =&gt; o.Id).ToListAsync()</c> → <c>Order</c>;
        /// null for anything else.
        /// </summary>
        public static INamedTypeSymbol? GetSnapshotEntity(IInvocationOperation invocation, KnownSymbols symbols)
            => symbols.EfDbContext is not null && s_snapshotNames.Contains(invocation.TargetMethod.Name)
                ? GetSetEntity(GetSource(invocation), symbols)
                : null;

        public static EfOperation Classify(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (symbols.EfDbContext is null || !s_names.Contains(method.Name))
            {
                return default;
            }

            var containing = method.ContainingType;
            if (containing is null)
            {
                return default;
            }

            var definition = method.ReducedFrom ?? method;
            var onSet = SymbolEqualityComparer.Default.Equals(containing.OriginalDefinition, symbols.EfDbSet1);
            var onContext = !onSet && containing.InheritsFrom(symbols.EfDbContext);
            var queryOperator = IsQueryOperator(definition, symbols);
            switch (method.Name)
            {
                case "SaveChanges":
                case "SaveChangesAsync":
                    return onContext ? new EfOperation(EfOperationKind.Save, invocation, null) : default;

                case "Add":
                case "AddAsync":
                case "AddRange":
                case "AddRangeAsync":
                    return onSet || onContext ? new EfOperation(EfOperationKind.Add, invocation, ChangedEntity(invocation, onSet)) : default;

                case "Remove":
                case "RemoveRange":
                    return onSet || onContext ? new EfOperation(EfOperationKind.Remove, invocation, ChangedEntity(invocation, onSet)) : default;

                case "ExecuteUpdate":
                case "ExecuteUpdateAsync":
                    return IsEfQueryExtension(definition, symbols) ? new EfOperation(EfOperationKind.ExecuteUpdate, invocation, SourceType(method)) : default;

                case "ExecuteDelete":
                case "ExecuteDeleteAsync":
                    return IsEfQueryExtension(definition, symbols) ? new EfOperation(EfOperationKind.ExecuteDelete, invocation, SourceType(method)) : default;

                case "ExecuteSql":
                case "ExecuteSqlAsync":
                case "ExecuteSqlRaw":
                case "ExecuteSqlRawAsync":
                case "ExecuteSqlInterpolated":
                case "ExecuteSqlInterpolatedAsync":
                    return SymbolEqualityComparer.Default.Equals(containing, symbols.EfRelationalDatabaseFacadeExtensions)
                        ? new EfOperation(EfOperationKind.RawSql, invocation, null)
                        : default;

                case "BeginTransaction":
                case "BeginTransactionAsync":
                    return containing.InheritsFrom(symbols.DatabaseFacade)
                           || SymbolEqualityComparer.Default.Equals(containing, symbols.EfRelationalDatabaseFacadeExtensions)
                           || containing.InheritsFrom(symbols.DbConnection)
                           || containing.IsOrImplements(symbols.IDbConnection)
                        ? new EfOperation(EfOperationKind.BeginTransaction, invocation, null)
                        : default;

                case "CreateExecutionStrategy":
                    return containing.InheritsFrom(symbols.DatabaseFacade) || SymbolEqualityComparer.Default.Equals(containing, symbols.EfRelationalDatabaseFacadeExtensions)
                        ? new EfOperation(EfOperationKind.ExecutionStrategy, invocation, null)
                        : default;

                case "Find":
                case "FindAsync":
                    if (onSet)
                    {
                        return new EfOperation(EfOperationKind.Find, invocation, containing.TypeArguments[0] as INamedTypeSymbol);
                    }

                    return onContext && method.IsGenericMethod
                        ? new EfOperation(EfOperationKind.Find, invocation, method.TypeArguments[0] as INamedTypeSymbol)
                        : default;

                case "FirstOrDefault":
                case "FirstOrDefaultAsync":
                case "SingleOrDefault":
                case "SingleOrDefaultAsync":
                case "LastOrDefault":
                case "LastOrDefaultAsync":
                    return queryOperator ? new EfOperation(EfOperationKind.LoadOrDefault, invocation, SourceType(method)) : default;

                case "First":
                case "FirstAsync":
                case "Single":
                case "SingleAsync":
                case "Last":
                case "LastAsync":
                    return queryOperator ? new EfOperation(EfOperationKind.LoadOrThrow, invocation, SourceType(method)) : default;

                default:
                    return queryOperator ? new EfOperation(EfOperationKind.ExistenceCheck, invocation, SourceType(method)) : default;
            }
        }

        /// <summary>
        /// The entity of the <c>DbSet&lt;T&gt;</c> a query starts from (<c>db.Orders.Where(…).AsNoTracking()</c> →
        /// <c>Order</c>), following LINQ and EF query operators back to the set, through query syntax and through a
        /// local the query was kept in (<c>var open = from a in db.Alarms where … select a; if (open.Any())</c>); null
        /// when the root is not a set.
        /// </summary>
        public static INamedTypeSymbol? GetSetEntity(IOperation? source, KnownSymbols symbols)
        {
            for (var i = 0; source is not null && i < 32; i++)
            {
                source = source.WithoutImplicitConversions();
                if (source.Type is INamedTypeSymbol type && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.EfDbSet1))
                {
                    return type.TypeArguments[0] as INamedTypeSymbol;
                }

                if (source is ITranslatedQueryOperation query)
                {
                    source = query.Operation;
                    continue;
                }

                if (source is ILocalReferenceOperation local)
                {
                    source = GetInitializer(local);
                    continue;
                }

                if (source is IInvocationOperation invocation && IsQueryOperator(invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod, symbols))
                {
                    source = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                    continue;
                }

                return null;
            }

            return null;
        }

        /// <summary>The value a local was declared with, in the same file (null when it has none, or several declarations).</summary>
        private static IOperation? GetInitializer(ILocalReferenceOperation local)
            => local.Local.DeclaringSyntaxReferences is { Length: 1 } references
               && references[0].GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: var initializer }
               && initializer.SyntaxTree == local.Syntax.SyntaxTree
                ? local.SemanticModel?.GetOperation(initializer)
                : null;

        /// <summary>
        /// For a lookup or an existence check, the entity whose set it reads (<c>db.Invoices.AnyAsync(…)</c> →
        /// <c>Invoice</c>, <c>db.Invoices.Select(i =&gt; i.Number).Contains(n)</c> → <c>Invoice</c>); null otherwise.
        /// </summary>
        public static INamedTypeSymbol? GetCheckedEntity(EfOperation operation, KnownSymbols symbols)
        {
            switch (operation.Kind)
            {
                case EfOperationKind.Find:
                    return operation.Entity;
                case EfOperationKind.LoadOrDefault:
                case EfOperationKind.LoadOrThrow:
                case EfOperationKind.ExistenceCheck:
                    return GetSetEntity(GetSource(operation.Invocation), symbols);
                default:
                    return null;
            }
        }

        /// <summary>The query an operator runs on: its receiver, or the <c>this</c> argument of an extension method.</summary>
        public static IOperation? GetSource(IInvocationOperation invocation)
            => invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod || invocation.TargetMethod.ReducedFrom is not null
                ? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null)
                : null);

        /// <summary>
        /// True when a load reads one row by its key: <c>Find</c>, or <c>First</c>/<c>Single</c>(…OrDefault) whose
        /// predicate (or a <c>Where</c> just before it) compares the entity's key with a value
        /// (<c>o =&gt; o.Id == orderId</c>, possibly among other conditions joined by <c>&amp;&amp;</c>).
        /// <paramref name="keyValue"/> is the compared value, when there is one.
        /// </summary>
        public static bool IsKeyLookup(EfOperation operation, KnownSymbols symbols, out IOperation? keyValue)
        {
            keyValue = null;
            if (operation.Kind == EfOperationKind.Find)
            {
                foreach (var argument in operation.Invocation.Arguments)
                {
                    // Find(params object[] keyValues): one key value, boxed into the array.
                    if (argument.Value.WithoutImplicitConversions() is IArrayCreationOperation { Initializer.ElementValues: { Length: 1 } values })
                    {
                        keyValue = values[0].WithoutImplicitConversions();
                        break;
                    }
                }

                return true;
            }

            if (operation.Kind is not (EfOperationKind.LoadOrDefault or EfOperationKind.LoadOrThrow) || operation.Entity is not { } entity)
            {
                return false;
            }

            if (symbols.GetEntityKey(entity) is not { } key)
            {
                return false;
            }

            var invocation = operation.Invocation;
            foreach (var argument in invocation.Arguments)
            {
                if (GetLambda(argument.Value) is { } lambda)
                {
                    return ComparesKey(lambda, key, out keyValue);
                }
            }

            // No predicate: a Where(key) just before the load.
            if (GetSource(invocation)?.WithoutImplicitConversions() is IInvocationOperation { TargetMethod.Name: "Where" } where
                && IsQueryOperator(where.TargetMethod.ReducedFrom ?? where.TargetMethod, symbols))
            {
                foreach (var argument in where.Arguments)
                {
                    if (GetLambda(argument.Value) is { } lambda)
                    {
                        return ComparesKey(lambda, key, out keyValue);
                    }
                }
            }

            return false;
        }

        /// <summary>The text of the SQL a raw-SQL call runs, with interpolations as <c>@p</c>; null when it is not written in place.</summary>
        public static string? GetSqlText(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value.WithoutImplicitConversions();
                if (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (value.ConstantValue is { HasValue: true, Value: string text })
                {
                    return text;
                }

                if (value is IInterpolatedStringOperation interpolated)
                {
                    var builder = new StringBuilder();
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string piece } })
                        {
                            builder.Append(piece);
                        }
                        else
                        {
                            builder.Append("@p");
                        }
                    }

                    return builder.ToString();
                }
            }

            return null;
        }

        /// <summary>The lambda written as an argument, whether it becomes a delegate or an expression tree.</summary>
        public static IAnonymousFunctionOperation? GetLambda(IOperation? value)
        {
            for (var i = 0; value is not null && i < 4; i++)
            {
                switch (value)
                {
                    case IAnonymousFunctionOperation lambda:
                        return lambda;
                    case IDelegateCreationOperation creation:
                        value = creation.Target;
                        break;
                    case IConversionOperation conversion:
                        value = conversion.Operand;
                        break;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The single expression a lambda returns (<c>o =&gt; o.Id == id</c> → <c>o.Id == id</c>).</summary>
        public static IOperation? GetReturnedValue(IAnonymousFunctionOperation lambda)
            => lambda.Body.Operations.Length >= 1 && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } value }
                ? value.WithoutImplicitConversions()
                : null;

        private static bool ComparesKey(IAnonymousFunctionOperation lambda, IPropertySymbol key, out IOperation? keyValue)
        {
            keyValue = null;
            if (lambda.Symbol.Parameters.Length != 1 || GetReturnedValue(lambda) is not { } body)
            {
                return false;
            }

            return ComparesKey(body, lambda.Symbol.Parameters[0], key, out keyValue);
        }

        private static bool ComparesKey(IOperation condition, IParameterSymbol row, IPropertySymbol key, out IOperation? keyValue)
        {
            keyValue = null;
            condition = condition.WithoutImplicitConversions();
            if (condition is not IBinaryOperation binary)
            {
                return false;
            }

            if (binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And)
            {
                return ComparesKey(binary.LeftOperand, row, key, out keyValue) || ComparesKey(binary.RightOperand, row, key, out keyValue);
            }

            if (binary.OperatorKind != BinaryOperatorKind.Equals)
            {
                return false;
            }

            if (IsKeyOf(binary.LeftOperand, row, key) && !Mentions(binary.RightOperand, row))
            {
                keyValue = binary.RightOperand.WithoutImplicitConversions();
                return true;
            }

            if (IsKeyOf(binary.RightOperand, row, key) && !Mentions(binary.LeftOperand, row))
            {
                keyValue = binary.LeftOperand.WithoutImplicitConversions();
                return true;
            }

            return false;
        }

        private static bool IsKeyOf(IOperation operation, IParameterSymbol row, IPropertySymbol key)
            => operation.WithoutImplicitConversions() is IPropertyReferenceOperation { Instance: IParameterReferenceOperation reference } property
               && SymbolEqualityComparer.Default.Equals(reference.Parameter, row)
               && string.Equals(property.Property.Name, key.Name, StringComparison.Ordinal);

        private static bool Mentions(IOperation operation, IParameterSymbol parameter)
        {
            if (operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
            {
                return true;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (Mentions(child, parameter))
                {
                    return true;
                }
            }

            return false;
        }

        private static INamedTypeSymbol? SourceType(IMethodSymbol method)
            => method.TypeArguments.Length > 0 ? method.TypeArguments[0] as INamedTypeSymbol : null;

        private static INamedTypeSymbol? ChangedEntity(IInvocationOperation invocation, bool onSet)
        {
            var method = invocation.TargetMethod;
            if (onSet)
            {
                return method.ContainingType.TypeArguments[0] as INamedTypeSymbol;
            }

            if (method.IsGenericMethod)
            {
                return RowType(method.TypeArguments[0]);
            }

            if (invocation.Arguments.Length > 0 && invocation.Arguments[0].ArgumentKind == ArgumentKind.Explicit)
            {
                return RowType(invocation.Arguments[0].Value.WithoutImplicitConversions().Type);
            }

            return null;
        }

        /// <summary>
        /// The row type of an added or removed value: the value's type, or for a collection handed to a context's
        /// <c>AddRange</c>/<c>RemoveRange</c> (<c>List&lt;Order&gt;</c>, <c>IEnumerable&lt;Order&gt;</c>) its element type.
        /// </summary>
        private static INamedTypeSymbol? RowType(ITypeSymbol? type)
        {
            if (type is null || type.SpecialType == SpecialType.System_String)
            {
                return type as INamedTypeSymbol;
            }

            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType.SpecialType == SpecialType.System_Object ? null : array.ElementType as INamedTypeSymbol;
            }

            var named = type as INamedTypeSymbol;
            var enumerable = named?.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T ? named : null;
            if (enumerable is null)
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    if (implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                    {
                        enumerable = implemented;
                        break;
                    }
                }
            }

            if (enumerable is null)
            {
                return named;
            }

            return enumerable.TypeArguments[0].SpecialType == SpecialType.System_Object ? null : enumerable.TypeArguments[0] as INamedTypeSymbol;
        }

        private static bool IsQueryOperator(IMethodSymbol method, KnownSymbols symbols)
        {
            var containing = method.ContainingType;
            return SymbolEqualityComparer.Default.Equals(containing, symbols.LinqQueryable) || IsEfQueryExtension(method, symbols);
        }

        private static bool IsEfQueryExtension(IMethodSymbol method, KnownSymbols symbols)
        {
            var containing = method.ContainingType;
            return SymbolEqualityComparer.Default.Equals(containing, symbols.EfQueryableExtensions)
                   || SymbolEqualityComparer.Default.Equals(containing, symbols.EfRelationalQueryableExtensions);
        }
    }
}
