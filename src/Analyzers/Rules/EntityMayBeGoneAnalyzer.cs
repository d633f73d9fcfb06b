using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Data;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0040: in job code, a row looked up with <c>Find</c>/<c>FirstOrDefault</c>/<c>SingleOrDefault</c> (and async)
    /// is dereferenced where it may be null, or a row is read by key with <c>First</c>/<c>Single</c>, which throws
    /// when it is gone.
    /// </summary>
    /// <remarks>
    /// "May be null" is the compiler's own nullable flow state where nullable analysis is on. Where it is off, a
    /// dereference counts as guarded when the method tests the variable for null before it in the text
    /// (<c>is null</c>, <c>== null</c>, <c>is not null</c>, a pattern, <c>?.</c>, <c>??</c>) or hands it to a
    /// guard method (a name with "Null" or "Throw"): quiet when unsure.
    /// </remarks>
    [Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EntityMayBeGoneAnalyzer : JobCodeAnalyzer
    {
        /// <summary>Diagnostic property: which shape was found, for the fixer.</summary>
        public const string ShapeProperty = "Shape";

        /// <summary>A local holding a lookup result is dereferenced unguarded.</summary>
        public const string LocalShape = "Local";

        /// <summary>A lookup result is dereferenced in place.</summary>
        public const string InPlaceShape = "InPlace";

        /// <summary><c>First</c>/<c>Single</c> by key.</summary>
        public const string ThrowingShape = "Throwing";

        private static readonly OperationKindSet s_invocations = OperationKindSet.Of(OperationKind.Invocation);
        private static readonly OperationKindSet s_localReferences = OperationKindSet.Of(OperationKind.LocalReference);
        private static readonly OperationKindSet s_loops = OperationKindSet.Of(OperationKind.Loop);

        // The kinds IsTestedBefore recognizes as a null test or a guard.
        private static readonly OperationKindSet s_nullTests = OperationKindSet.Of(
            OperationKind.IsPattern, OperationKind.Coalesce, OperationKind.ConditionalAccess, OperationKind.Binary, OperationKind.Argument);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.EntityMayBeGone);

        internal override void AnalyzeMethod(JobCodeContext context)
        {
            var symbols = context.Symbols;
            if (symbols.EfDbContext is null || context.GetBody() is not { } body)
            {
                return;
            }

            foreach (var operation in context.GetOperations().OfKind(s_invocations))
            {
                if (operation is not IInvocationOperation invocation || !EntityFramework.MayBeOperation(invocation.TargetMethod.Name))
                {
                    continue;
                }

                var ef = EntityFramework.Classify(invocation, symbols);
                if (ef.Kind is not (EfOperationKind.Find or EfOperationKind.LoadOrDefault or EfOperationKind.LoadOrThrow)
                    || ef.Entity is not { } entity
                    || !IsRow(ef, entity, context))
                {
                    continue;
                }

                if (ef.Kind == EfOperationKind.LoadOrThrow)
                {
                    if (EntityFramework.IsKeyLookup(ef, symbols, out var keyValue)
                        && !IsInsideTryWithCatch(invocation.Syntax)
                        && !IsKeyOfQueriedRow(keyValue, body, symbols))
                    {
                        Report(context, invocation, ThrowingShape, $"'{invocation.TargetMethod.Name}' throws when no row has this key, and the job retries a failure that cannot succeed", entity);
                    }

                    continue;
                }

                var result = ResultOf(invocation);
                var parent = result.Parent;
                while (parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
                {
                    parent = parent.Parent;
                }

                if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
                {
                    if (FindUnguardedDereference(body, declarator.Symbol, context.SemanticModel, context) is not null && !LooksUpKeyOfQueriedRow(ef, body, symbols))
                    {
                        Report(context, invocation, LocalShape, $"'{declarator.Symbol.Name}' from '{invocation.TargetMethod.Name}' is used without a null check", entity);
                    }
                }
                else if (SymbolEqualityComparer.Default.Equals(result.Type?.OriginalDefinition, entity.OriginalDefinition)
                         && IsDereferencedInPlace(result, parent)
                         && !LooksUpKeyOfQueriedRow(ef, body, symbols))
                {
                    Report(context, invocation, InPlaceShape, $"The result of '{invocation.TargetMethod.Name}' is used without a null check", entity);
                }
            }
        }

        /// <summary>
        /// Whether the key a load compares is a member of the row a <c>foreach</c> over a query is reading
        /// (<c>foreach (var a in db.Applications.Where(…)) … db.Incentives.Single(i =&gt; i.Id == a.Id)</c>): that row was
        /// read by the job itself, now, so the key did not wait in a queue, and a row missing for it is a broken relation
        /// between two tables, not a row deleted after the job was enqueued.
        /// </summary>
        /// <summary><see cref="IsKeyOfQueriedRow"/> for a lookup by key, asked only of a lookup about to be reported.</summary>
        private static bool LooksUpKeyOfQueriedRow(EfOperation ef, IOperation body, KnownSymbols symbols)
            => EntityFramework.IsKeyLookup(ef, symbols, out var keyValue) && IsKeyOfQueriedRow(keyValue, body, symbols);

        private static bool IsKeyOfQueriedRow(IOperation? keyValue, IOperation body, KnownSymbols symbols)
        {
            if (keyValue?.WithoutImplicitConversions() is not IMemberReferenceOperation { Instance: { } instance }
                || instance.WithoutImplicitConversions() is not ILocalReferenceOperation { Local: var row })
            {
                return false;
            }

            foreach (var operation in OperationHelpers.OperationsOfBody(body).OfKind(s_loops))
            {
                if (operation is IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation { Symbol: var variable } } loop
                    && SymbolEqualityComparer.Default.Equals(variable, row))
                {
                    return EntityFramework.GetSetEntity(loop.Collection, symbols) is not null;
                }
            }

            return false;
        }

        /// <summary>The load's row type comes from a set, or is an entity the model knows.</summary>
        private static bool IsRow(EfOperation ef, INamedTypeSymbol entity, JobCodeContext context)
            => ef.Kind == EfOperationKind.Find
               || EntityFramework.GetSetEntity(EntityFramework.GetSource(ef.Invocation), context.Symbols) is not null
               || context.Model.Entities.IsEntity(entity, context.Options, context.Model, out _, out _);

        /// <summary>The operation that yields the loaded row: the call, or the await of it.</summary>
        private static IOperation ResultOf(IInvocationOperation invocation)
        {
            IOperation current = invocation;
            while (current.Parent is IAwaitOperation or IParenthesizedOperation or IConversionOperation { IsImplicit: true }
                   || (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current))
            {
                current = current.Parent;
                if (current is IAwaitOperation)
                {
                    break;
                }
            }

            return current;
        }

        private static bool IsDereferencedInPlace(IOperation result, IOperation? parent)
            => parent switch
            {
                IMemberReferenceOperation member => member.Instance is not null && IsSame(member.Instance, result),
                IInvocationOperation call => call.Instance is not null && IsSame(call.Instance, result),
                _ => false,
            };

        private static bool IsSame(IOperation instance, IOperation result)
        {
            var current = instance;
            while (current is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            {
                current = current is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)current).Operand;
            }

            return current == result;
        }

        /// <summary>The first dereference of <paramref name="local"/> that may see null, or null when every one is guarded.</summary>
        private static IOperation? FindUnguardedDereference(IOperation body, ILocalSymbol local, SemanticModel semanticModel, JobCodeContext context)
        {
            foreach (var operation in OperationHelpers.OperationsOfBody(body).OfKind(s_localReferences))
            {
                if (operation is not ILocalReferenceOperation reference
                    || !SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    || !IsDereference(reference))
                {
                    continue;
                }

                // 'x!' silences the compiler, it does not check: judge it as if nullable analysis were off.
                var state = reference.Syntax.Parent.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression)
                    ? NullableFlowState.None
                    : semanticModel.GetTypeInfo(reference.Syntax, context.CancellationToken).Nullability.FlowState;
                if (state == NullableFlowState.NotNull)
                {
                    continue;
                }

                if (state == NullableFlowState.MaybeNull || !IsTestedBefore(body, local, reference.Syntax.SpanStart))
                {
                    return reference;
                }
            }

            return null;
        }

        private static bool IsDereference(ILocalReferenceOperation reference)
        {
            var parent = reference.Parent;
            while (parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            return parent switch
            {
                IMemberReferenceOperation member => member.Instance is not null && !member.Member.IsStatic,
                IInvocationOperation call => call.Instance is not null && !call.TargetMethod.IsStatic,
                IArrayElementReferenceOperation => true,
                _ => false,
            };
        }

        /// <summary>Without nullable analysis: is the local tested for null (or handed to a guard) before <paramref name="position"/>?</summary>
        private static bool IsTestedBefore(IOperation body, ILocalSymbol local, int position)
        {
            foreach (var operation in OperationHelpers.OperationsOfBody(body).OfKind(s_nullTests))
            {
                if (operation.Syntax.SpanStart >= position)
                {
                    continue;
                }

                switch (operation)
                {
                    case IIsPatternOperation pattern when IsLocal(pattern.Value, local):
                    case ICoalesceOperation coalesce when IsLocal(coalesce.Value, local):
                    case IConditionalAccessOperation access when IsLocal(access.Operation, local):
                        return true;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                        when (IsLocal(binary.LeftOperand, local) && IsNull(binary.RightOperand)) || (IsLocal(binary.RightOperand, local) && IsNull(binary.LeftOperand)):
                        return true;
                    case IArgumentOperation argument when IsLocal(argument.Value, local) && argument.Parent is IInvocationOperation guard && IsGuardName(guard.TargetMethod.Name):
                        return true;
                }
            }

            return false;
        }

        private static bool IsGuardName(string name)
            => name.IndexOf("Null", System.StringComparison.Ordinal) >= 0 || name.IndexOf("Throw", System.StringComparison.Ordinal) >= 0;

        private static bool IsLocal(IOperation operation, ILocalSymbol local)
            => operation.WithoutImplicitConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

        private static bool IsNull(IOperation operation)
            => operation.WithoutImplicitConversions() is { ConstantValue: { HasValue: true, Value: null } };

        private static bool IsInsideTryWithCatch(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case TryStatementSyntax { Catches.Count: > 0 } tryStatement when tryStatement.Block.Span.Contains(node.Span):
                        return true;
                    case BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax:
                        return false;
                }
            }

            return false;
        }

        private static void Report(JobCodeContext context, IInvocationOperation invocation, string shape, string what, INamedTypeSymbol entity)
            => context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.EntityMayBeGone,
                invocation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, shape),
                what,
                entity.Name));
    }
}
