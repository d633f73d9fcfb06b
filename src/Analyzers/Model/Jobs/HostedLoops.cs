using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    /// <summary>
    /// The loops a hosted service starts from <c>IHostedService.StartAsync</c> without awaiting them
    /// (<c>_loop = LoopAsync(token)</c>, <c>_ = LoopAsync(token)</c>, <c>Task.Run(() =&gt; LoopAsync(token))</c>): the host
    /// keeps their tasks nowhere it looks, so an exception out of one ends the loop and nobody sees it.
    /// </summary>
    internal static class HostedLoops
    {
        public const string StartMethodName = "StartAsync";

        /// <summary>What such a loop is, and what becomes of a failure that escapes it.</summary>
        public const string EscapedFailure = "which StartAsync leaves running: nobody awaits the loop's task, so the loop ends, the service stops working, and the host runs on as if nothing happened";

        /// <summary>True when <paramref name="method"/> is its type's implementation of <c>IHostedService.StartAsync</c>.</summary>
        public static bool IsStart(IMethodSymbol method, KnownSymbols symbols)
        {
            if (method.Name != StartMethodName || symbols.IHostedService is not { } hostedService || !method.ContainingType.IsOrImplements(hostedService))
            {
                return false;
            }

            foreach (var member in hostedService.GetMembers(StartMethodName))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Adds to <paramref name="started"/> the source methods that <paramref name="body"/>, a <c>StartAsync</c>, starts and does not await.</summary>
        public static void FindStarted(IOperation body, KnownSymbols symbols, List<IMethodSymbol> started)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is not IInvocationOperation { TargetMethod: var method } invocation
                    || method.IsAbstract
                    || !method.IsInSource()
                    || !method.ReturnType.InheritsFrom(symbols.Task) && !SymbolEqualityComparer.Default.Equals(method.ReturnType.OriginalDefinition, symbols.ValueTask) && !SymbolEqualityComparer.Default.Equals(method.ReturnType.OriginalDefinition, symbols.ValueTask1))
                {
                    continue;
                }

                if ((IsLeftRunning(invocation) || IsRunByTaskRun(invocation, symbols)) && !started.Contains(method.OriginalDefinition))
                {
                    started.Add(method.OriginalDefinition);
                }
            }
        }

        /// <summary>A task that is neither awaited nor returned: a statement, or stored in a field, a property or a discard.</summary>
        private static bool IsLeftRunning(IOperation task)
        {
            var parent = Outer(task);
            return parent is IExpressionStatementOperation or ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation or IDiscardOperation }
                && !task.IsInFunction();
        }

        /// <summary><c>Task.Run(() =&gt; LoopAsync(token))</c> (or <c>async () =&gt; await LoopAsync(token)</c>, <c>Task.Factory.StartNew</c>) left running.</summary>
        private static bool IsRunByTaskRun(IOperation invocation, KnownSymbols symbols)
        {
            var parent = Outer(invocation);
            if (parent is IAwaitOperation awaited)
            {
                parent = Outer(awaited);
            }

            if (parent is not (IReturnOperation or IExpressionStatementOperation)
                || parent.Parent is not IBlockOperation { Parent: IAnonymousFunctionOperation function }
                || Outer(function) is not IDelegateCreationOperation creation
                || Outer(creation) is not IArgumentOperation { Parent: IInvocationOperation run }
                || !(SymbolEqualityComparer.Default.Equals(run.TargetMethod.ContainingType, symbols.Task) && run.TargetMethod.Name == "Run")
                   && !(SymbolEqualityComparer.Default.Equals(run.TargetMethod.ContainingType, symbols.TaskFactory) && run.TargetMethod.Name == "StartNew"))
            {
                return false;
            }

            return IsLeftRunning(run);
        }

        private static IOperation? Outer(IOperation operation)
        {
            var parent = operation.Parent;
            while (parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            return parent;
        }
    }
}
