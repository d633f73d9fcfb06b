using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    internal enum BlockingWaitKind
    {
        None,
        ThreadSleep,
        TaskWait,
        TaskResult,
        GetResult,
        WaitAll,
        WaitAny,
    }

    /// <summary>Calls that block the calling thread on a task or a timer, and the task they wait for.</summary>
    internal static class BlockingWaits
    {
        /// <summary>The blocking wait <paramref name="operation"/> is, with the task it waits for (null for sleeps and WaitAll).</summary>
        public static BlockingWaitKind GetKind(IOperation operation, KnownSymbols symbols, out IOperation? task)
        {
            task = null;
            switch (operation)
            {
                case IInvocationOperation invocation:
                {
                    var method = invocation.TargetMethod;
                    if (method.Name is not ("Sleep" or "Wait" or "WaitAll" or "WaitAny" or "GetResult"))
                    {
                        // Most calls are passed over by their name, before their type is looked at.
                        return BlockingWaitKind.None;
                    }

                    var type = method.ContainingType?.OriginalDefinition;
                    if (method.Name == "Sleep" && method.IsStatic && SymbolEqualityComparer.Default.Equals(type, symbols.Thread))
                    {
                        return BlockingWaitKind.ThreadSleep;
                    }

                    if (method.Name == "Wait" && !method.IsStatic && IsTask(type, symbols))
                    {
                        task = invocation.Instance;
                        return BlockingWaitKind.TaskWait;
                    }

                    if (method.IsStatic && SymbolEqualityComparer.Default.Equals(type, symbols.Task) && method.Name is "WaitAll" or "WaitAny")
                    {
                        return method.Name == "WaitAll" ? BlockingWaitKind.WaitAll : BlockingWaitKind.WaitAny;
                    }

                    if (method.Name == "GetResult" && method.Parameters.Length == 0
                        && invocation.Instance?.WithoutImplicitConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter
                        && getAwaiter.Instance is { } awaited
                        && (IsTask(awaited.Type?.OriginalDefinition, symbols) || awaited.Type?.Name is "ConfiguredTaskAwaitable" or "ConfiguredValueTaskAwaitable"))
                    {
                        task = awaited;
                        return BlockingWaitKind.GetResult;
                    }

                    return BlockingWaitKind.None;
                }

                case IPropertyReferenceOperation { Property.Name: "Result" } property
                    when property.Instance is not null
                         && (SymbolEqualityComparer.Default.Equals(property.Property.ContainingType.OriginalDefinition, symbols.Task1)
                             || SymbolEqualityComparer.Default.Equals(property.Property.ContainingType.OriginalDefinition, symbols.ValueTask1)):
                    task = property.Instance;
                    return BlockingWaitKind.TaskResult;

                default:
                    return BlockingWaitKind.None;
            }
        }

        private static bool IsTask(ITypeSymbol? type, KnownSymbols symbols)
            => type is not null
               && (SymbolEqualityComparer.Default.Equals(type, symbols.Task) || SymbolEqualityComparer.Default.Equals(type, symbols.Task1)
                   || SymbolEqualityComparer.Default.Equals(type, symbols.ValueTask) || SymbolEqualityComparer.Default.Equals(type, symbols.ValueTask1));

        /// <summary>
        /// The span to report: from the member name to the end of the call (<c>Wait()</c>, <c>Result</c>,
        /// <c>GetAwaiter().GetResult()</c>), or the whole call for static waits (<c>Thread.Sleep(1000)</c>).
        /// </summary>
        public static TextSpan GetSpan(IOperation operation, BlockingWaitKind kind, IOperation? task)
        {
            var syntax = operation.Syntax;
            if (kind == BlockingWaitKind.GetResult && task?.Syntax.Parent is MemberAccessExpressionSyntax getAwaiter)
            {
                return TextSpan.FromBounds(getAwaiter.Name.SpanStart, syntax.Span.End);
            }

            var access = syntax switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => member,
                MemberAccessExpressionSyntax member => member,
                _ => null,
            };
            if (task is not null && access is not null)
            {
                return TextSpan.FromBounds(access.Name.SpanStart, syntax.Span.End);
            }

            return syntax.Span;
        }

        public static string Describe(BlockingWaitKind kind) => kind switch
        {
            BlockingWaitKind.ThreadSleep => "Thread.Sleep",
            BlockingWaitKind.TaskWait => ".Wait()",
            BlockingWaitKind.TaskResult => ".Result",
            BlockingWaitKind.GetResult => ".GetAwaiter().GetResult()",
            BlockingWaitKind.WaitAll => "Task.WaitAll",
            _ => "Task.WaitAny",
        };
    }
}
