using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Hangfire
{
    /// <summary>
    /// How Hangfire names a job it stores: the job type it records for an expression, the recurring-job id it
    /// derives from type and method, and the line that stands for the job method in a <c>QueueLint.Jobs.txt</c>
    /// contract.
    /// </summary>
    internal static class HangfireJobNames
    {
        /// <summary>
        /// The type Hangfire stores for a job expression: <c>T</c> of <c>x =&gt; x.Run()</c>, the declaring type of a
        /// static call. For <c>() =&gt; instance.Run()</c> Hangfire stores the instance's run-time type, known here
        /// only when the static type is sealed or a value type; otherwise null.
        /// </summary>
        public static INamedTypeSymbol? GetStoredJobType(IInvocationOperation job)
        {
            var method = job.TargetMethod;
            switch (job.Instance?.WithoutImplicitConversions())
            {
                case null:
                    return method.ContainingType;
                case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } parameter:
                    return parameter.Type as INamedTypeSymbol;
                case { Type: INamedTypeSymbol type } when type.IsSealed || type.IsValueType:
                    return type;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The id Hangfire's id-less <c>RecurringJob.AddOrUpdate</c> overloads derive:
        /// <c>{job.Type.ToGenericTypeString()}.{job.Method.Name}</c>, the type's name without its namespace,
        /// nested types joined by dots, generic arguments as <c>&lt;A,B&gt;</c> named the same way.
        /// </summary>
        public static string RecurringJobId(INamedTypeSymbol jobType, IMethodSymbol method)
        {
            var builder = new StringBuilder();
            AppendGenericTypeString(builder, jobType);
            return builder.Append('.').Append(method.Name).ToString();
        }

        private static void AppendGenericTypeString(StringBuilder builder, ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol named)
            {
                builder.Append(type.Name);
                return;
            }

            if (named.ContainingType is { } containing)
            {
                AppendGenericTypeString(builder, containing);
                builder.Append('.');
            }

            builder.Append(named.Name);
            if (named.TypeArguments.Length > 0)
            {
                builder.Append('<');
                for (var i = 0; i < named.TypeArguments.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    AppendGenericTypeString(builder, named.TypeArguments[i]);
                }

                builder.Append('>');
            }
        }

        /// <summary>
        /// The contract line of a job method: <c>Namespace.Type+Nested&lt;Arg&gt;.Method&lt;T&gt;(int, Namespace.Order)</c>.
        /// Types are fully qualified without <c>global::</c>, nested types joined by <c>+</c> as Hangfire stores them,
        /// generic arguments in angle brackets, built-in types by their C# keyword. A generic method is written
        /// once, with its type parameters, whatever it is called with.
        /// </summary>
        public static string ContractLine(INamedTypeSymbol jobType, IMethodSymbol method)
        {
            // Sized for a usual line, so that building one does not grow the buffer two or three times.
            var builder = new StringBuilder(128);
            AppendType(builder, jobType);
            builder.Append('.');
            AppendMethod(builder, method);
            return builder.ToString();
        }

        /// <summary><c>Method&lt;T&gt;(int, Namespace.Order)</c>: the part of a contract line after the type.</summary>
        public static void AppendMethod(StringBuilder builder, IMethodSymbol method)
        {
            var definition = method.IsGenericMethod ? method.ConstructedFrom : method;
            builder.Append(definition.Name);
            if (definition.TypeParameters.Length > 0)
            {
                builder.Append('<');
                for (var i = 0; i < definition.TypeParameters.Length; i++)
                {
                    builder.Append(i > 0 ? ", " : string.Empty).Append(definition.TypeParameters[i].Name);
                }

                builder.Append('>');
            }

            builder.Append('(');
            for (var i = 0; i < definition.Parameters.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }

                AppendType(builder, definition.Parameters[i].Type);
            }

            builder.Append(')');
        }

        public static void AppendType(StringBuilder builder, ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    AppendType(builder, array.ElementType);
                    builder.Append('[').Append(',', array.Rank - 1).Append(']');
                    return;
                case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                    AppendType(builder, nullable.TypeArguments[0]);
                    builder.Append('?');
                    return;
                case INamedTypeSymbol named when IsKeywordType(named.SpecialType):
                    builder.Append(named.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
                    return;
                case INamedTypeSymbol named when !named.IsTupleType:
                    if (named.ContainingType is { } containing)
                    {
                        AppendType(builder, containing);
                        builder.Append('+');
                    }
                    else if (named.ContainingNamespace is { IsGlobalNamespace: false } ns)
                    {
                        builder.Append(ns.ToDisplayString()).Append('.');
                    }

                    builder.Append(named.Name);
                    if (named.TypeArguments.Length > 0)
                    {
                        builder.Append('<');
                        for (var i = 0; i < named.TypeArguments.Length; i++)
                        {
                            if (i > 0)
                            {
                                builder.Append(", ");
                            }

                            AppendType(builder, named.TypeArguments[i]);
                        }

                        builder.Append('>');
                    }

                    return;
                default:
                    builder.Append(type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat));
                    return;
            }
        }

        private static bool IsKeywordType(SpecialType type)
            => type is SpecialType.System_Object or SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte
                or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32
                or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Decimal
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_String;
    }
}
