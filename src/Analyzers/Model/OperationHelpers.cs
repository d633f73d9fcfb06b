using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QueueLint.Model
{
    internal static class OperationHelpers
    {
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
