using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0051: job code that blocks its thread on a task or a timer: <c>Thread.Sleep</c>, <c>Task.Wait</c>,
    /// <c>.Result</c>, <c>.GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c>/<c>WaitAny</c>. Quiet on tasks known to be
    /// complete, and in synchronous code that a contract outside the source keeps synchronous.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BlockingWaitAnalyzer : JobCodeAnalyzer
    {
        /// <summary>Diagnostic property: the kind of wait (a <c>BlockingWaitKind</c> name).</summary>
        public const string KindProperty = "Kind";

        // The kinds of operation a wait can be (BlockingWaits.GetKind), and the kind CollectAwaitedLocals reads.
        private static readonly OperationKindSet s_waits = OperationKindSet.Of(OperationKind.Invocation, OperationKind.PropertyReference);
        private static readonly OperationKindSet s_awaits = OperationKindSet.Of(OperationKind.Await);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.BlockingWait);

        internal override void AnalyzeMethod(JobCodeContext context)
        {
            var symbols = context.Symbols;
            if (symbols.Task is null || context.GetBody() is not { } body)
            {
                return;
            }

            var method = context.Method.Method;
            if (HasNoAsyncPath(method, symbols) || (IsSynchronous(method, symbols) && HasNoAsyncPath(context.Method.EntryPoint, symbols)))
            {
                return;
            }

            Dictionary<ILocalSymbol, int>? awaited = null;
            foreach (var operation in context.GetOperations().OfKind(s_waits))
            {
                var kind = BlockingWaits.GetKind(operation, symbols, out var task);
                if (kind == BlockingWaitKind.None)
                {
                    continue;
                }

                if (kind == BlockingWaitKind.ThreadSleep && operation is IInvocationOperation { Arguments.Length: 1 } sleep
                    && sleep.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 })
                {
                    // Sleep(0) yields the rest of a time slice; it does not wait.
                    continue;
                }

                if (task is not null)
                {
                    awaited ??= CollectAwaitedLocals(body);
                    if (IsCompleted(task, operation, awaited, symbols))
                    {
                        continue;
                    }
                }

                var span = BlockingWaits.GetSpan(operation, kind, task);
                var location = Location.Create(operation.Syntax.SyntaxTree, span);
                var advice = kind == BlockingWaitKind.ThreadSleep ? "await Task.Delay instead" : kind is BlockingWaitKind.WaitAll or BlockingWaitKind.WaitAny ? "await Task." + (kind == BlockingWaitKind.WaitAll ? "WhenAll" : "WhenAny") + " instead" : "await the task instead";
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.BlockingWait,
                    location,
                    ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind.ToString()),
                    BlockingWaits.Describe(kind),
                    advice));
            }
        }

        internal static bool IsSynchronous(IMethodSymbol method, KnownSymbols symbols)
            => !method.IsAsync && !IsAwaitable(method.ReturnType, symbols);

        internal static bool IsAwaitable(ITypeSymbol type, KnownSymbols symbols)
        {
            var original = type.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(original, symbols.Task) || SymbolEqualityComparer.Default.Equals(original, symbols.Task1)
                || SymbolEqualityComparer.Default.Equals(original, symbols.ValueTask) || SymbolEqualityComparer.Default.Equals(original, symbols.ValueTask1);
        }

        /// <summary>
        /// A synchronous method whose signature a contract outside the source fixes (an override of, or an
        /// implementation of an interface member declared in, a referenced assembly): it cannot become async, so
        /// blocking there is the only way to wait.
        /// </summary>
        internal static bool HasNoAsyncPath(IMethodSymbol method, KnownSymbols symbols)
        {
            if (!IsSynchronous(method, symbols))
            {
                return false;
            }

            if (method.IsOverride && method.OverriddenMethod is { } overridden && !overridden.IsInSource())
            {
                return true;
            }

            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                if (!implemented.IsInSource())
                {
                    return true;
                }
            }

            if (method.DeclaredAccessibility != Accessibility.Public || method.IsStatic)
            {
                return false;
            }

            foreach (var @interface in method.ContainingType.AllInterfaces)
            {
                if (@interface.IsInSource())
                {
                    continue;
                }

                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Locals awaited in the body (alone or through <c>Task.WhenAll</c>), with the position of their first await.</summary>
        private static Dictionary<ILocalSymbol, int> CollectAwaitedLocals(IOperation body)
        {
            var locals = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
            foreach (var operation in OperationHelpers.OperationsOfBody(body).OfKind(s_awaits))
            {
                var await = (IAwaitOperation)operation;

                var awaitedValue = await.Operation.WithoutImplicitConversions();
                if (awaitedValue is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance is { } configured)
                {
                    awaitedValue = configured.WithoutImplicitConversions();
                }

                switch (awaitedValue)
                {
                    case ILocalReferenceOperation local:
                        Add(locals, local.Local, await.Syntax.SpanStart);
                        break;
                    case IInvocationOperation { TargetMethod.Name: "WhenAll" } whenAll:
                        foreach (var argument in whenAll.Arguments)
                        {
                            foreach (var value in argument.Value.DescendantsAndSelf())
                            {
                                if (value is ILocalReferenceOperation reference)
                                {
                                    Add(locals, reference.Local, await.Syntax.SpanStart);
                                }
                            }
                        }

                        break;
                }
            }

            return locals;
        }

        private static void Add(Dictionary<ILocalSymbol, int> locals, ILocalSymbol local, int position)
        {
            if (!locals.TryGetValue(local, out var known) || position < known)
            {
                locals[local] = position;
            }
        }

        /// <summary>A task known to be complete: made complete, or awaited before this point.</summary>
        private static bool IsCompleted(IOperation task, IOperation wait, Dictionary<ILocalSymbol, int> awaited, KnownSymbols symbols)
        {
            task = task.WithoutImplicitConversions();
            switch (task)
            {
                case IInvocationOperation { TargetMethod.Name: "FromResult" or "FromException" or "FromCanceled" }:
                case IPropertyReferenceOperation { Property.Name: "CompletedTask" }:
                case IObjectCreationOperation:
                case IDefaultValueOperation:
                    return true;
                case ILocalReferenceOperation local when awaited.TryGetValue(local.Local, out var position) && position < wait.Syntax.SpanStart:
                    return true;
                case ILocalReferenceOperation local:
                    // foreach (var t in tasks) after await Task.WhenAll(tasks)
                    for (var parent = wait.Parent; parent is not null; parent = parent.Parent)
                    {
                        if (parent is IForEachLoopOperation loop && loop.Locals.Contains(local.Local)
                            && loop.Collection.WithoutImplicitConversions() is ILocalReferenceOperation collection
                            && awaited.TryGetValue(collection.Local, out var awaitedAt) && awaitedAt < loop.Syntax.SpanStart)
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }
    }
}
