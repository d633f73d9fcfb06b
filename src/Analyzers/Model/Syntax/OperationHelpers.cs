using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Enqueue;

namespace QueueLint.Model.Syntax
{
    internal static class OperationHelpers
    {
        /// <summary>The argument a call passes to its parameter named <paramref name="parameterName"/>, or null.</summary>
        public static IArgumentOperation? FindArgument(IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName)
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>A <c>null</c> or <c>default</c> value, through conversions: a placeholder, not a payload.</summary>
        public static bool IsNullOrDefault(this IOperation value)
            => value is IDefaultValueOperation
               || (value is ILiteralOperation { ConstantValue.HasValue: true } literal && literal.ConstantValue.Value is null)
               || (value is IConversionOperation { Operand: var operand } && IsNullOrDefault(operand));

        // Kept per semantic model (one table entry per file, not per method), for as long as that model lives.
        private static readonly ConditionalWeakTable<SemanticModel, ConcurrentDictionary<IOperation, BodyOperations>> s_descendants = new();
        private static readonly ConditionalWeakTable<SemanticModel, ConcurrentDictionary<IOperation, BodyOperations>>.CreateValueCallback s_createTable =
            _ => new ConcurrentDictionary<IOperation, BodyOperations>();

        /// <summary>
        /// The operations under a method body, in the order of <see cref="OperationExtensions.Descendants(IOperation)"/>,
        /// with the kind of each (<see cref="BodyOperations.OfKind(OperationKindSet)"/>): collected once per body and
        /// shared by every rule that walks it, instead of a walk, with its own enumerators, per rule and per question.
        /// </summary>
        public static BodyOperations OperationsOfBody(IOperation body)
        {
            if (body.SemanticModel is not { } model)
            {
                return CollectDescendants(body);
            }

            var table = s_descendants.GetValue(model, s_createTable);
            return table.TryGetValue(body, out var found) ? found : table.GetOrAdd(body, CollectDescendants(body));
        }

        private static BodyOperations CollectDescendants(IOperation root)
        {
            // The order of OperationExtensions.Descendants (depth first, a parent before its children), walked with one
            // stack and one buffer per thread instead of an iterator and a growing builder per body. Each operation's
            // kind is read while the walk has it at hand.
            var stack = t_stack ??= new Stack<IOperation.OperationList.Enumerator>();
            var buffer = t_buffer ??= new List<BodyOperations.Slot>(256);
            var kinds = t_kinds ??= new List<OperationKind>(256);
            try
            {
                stack.Push(root.ChildOperations.GetEnumerator());
                while (stack.Count > 0)
                {
                    var children = stack.Pop();
                    if (!children.MoveNext())
                    {
                        continue;
                    }

                    var current = children.Current;
                    stack.Push(children);
                    buffer.Add(new BodyOperations.Slot(current));
                    kinds.Add(current.Kind);
                    stack.Push(current.ChildOperations.GetEnumerator());
                }

                return buffer.Count == 0 ? BodyOperations.Empty : new BodyOperations(buffer.ToArray(), ImmutableArray.CreateRange(kinds));
            }
            finally
            {
                stack.Clear();
                if (buffer.Capacity > MaxKeptBuffer)
                {
                    t_buffer = null;
                    t_kinds = null;
                }
                else
                {
                    buffer.Clear();
                    kinds.Clear();
                }
            }
        }

        // A buffer that grew past this many operations for an unusually large body is not kept.
        private const int MaxKeptBuffer = 1 << 14;

        [ThreadStatic]
        private static Stack<IOperation.OperationList.Enumerator>? t_stack;

        [ThreadStatic]
        private static List<BodyOperations.Slot>? t_buffer;

        [ThreadStatic]
        private static List<OperationKind>? t_kinds;

        /// <summary>Removes implicit conversions (boxing to <c>object</c>, reference widening) and parentheses.</summary>
        public static IOperation WithoutImplicitConversions(this IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion when conversion.IsImplicit:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>
        /// True when <paramref name="operation"/> is inside a lambda or local function below <paramref name="root"/> (below
        /// the whole tree when null): code that runs when something calls it, not where it is written.
        /// </summary>
        public static bool IsInFunction(this IOperation operation, IOperation? root = null)
        {
            for (var parent = operation.Parent; parent is not null && parent != root; parent = parent.Parent)
            {
                if (parent.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The method call in a job expression such as <c>() =&gt; svc.Run(x)</c> or <c>x =&gt; x.RunAsync(y)</c>,
        /// or null when the argument is not a lambda whose body is a single call.
        /// </summary>
        public static IInvocationOperation? GetJobInvocation(IOperation lambdaArgument)
        {
            var operation = lambdaArgument;
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IDelegateCreationOperation creation:
                        operation = creation.Target;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                }

                break;
            }

            if (operation is not IAnonymousFunctionOperation lambda || lambda.Body.Operations.Length == 0)
            {
                return null;
            }

            var body = lambda.Body.Operations[0] switch
            {
                IReturnOperation { ReturnedValue: { } returned } => returned,
                IExpressionStatementOperation statement => statement.Operation,
                _ => null,
            };

            return body?.WithoutImplicitConversions() as IInvocationOperation;
        }

        /// <summary>The payload of a job call: every explicit argument, with <c>params</c> arrays spread.</summary>
        public static ImmutableArray<PayloadValue> GetArgumentPayload(IInvocationOperation invocation, PayloadOrigin origin)
        {
            var builder = ImmutableArray.CreateBuilder<PayloadValue>(invocation.Arguments.Length);
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.ParamArray
                    && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        builder.Add(new PayloadValue(element.WithoutImplicitConversions(), argument.Parameter?.Name, argument.Parameter, origin));
                    }

                    continue;
                }

                builder.Add(new PayloadValue(argument.Value.WithoutImplicitConversions(), argument.Parameter?.Name, argument.Parameter, origin));
            }

            return builder.ToImmutable();
        }

        public static bool IsExpressionOrDelegate(ITypeSymbol? type, KnownSymbols symbols)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            return named.TypeKind == TypeKind.Delegate
                || (symbols.Expression1 is not null && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.Expression1));
        }
    }
}
