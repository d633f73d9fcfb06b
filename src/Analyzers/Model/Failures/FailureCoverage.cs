using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Failures
{
    /// <summary>
    /// Which work in a method body can throw past it unreported: calls, awaits and throws that no catch-all on their
    /// way handles. Work that is a call to a source method which itself catches everything (a base class's
    /// <c>RunSafely(() =&gt; ...)</c>) is covered by that method.
    /// <para>
    /// Two questions share the walk. <see cref="FindUncoveredWork(IOperation, CancellationToken)"/>: what fails with no report on its way (a catch-all
    /// that reports and rethrows covers it). <see cref="FindEscapingWork"/>: what throws out of the body at all (a
    /// catch-all covers it only when it does not rethrow; one whose filter lets only shutdown's cancellation through
    /// still covers it, and so does a catch of cancellation beside it).
    /// </para>
    /// </summary>
    internal sealed class FailureCoverage
    {
        private const int MaxWrapperDepth = 2;

        private readonly JobModel _model;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _wrappers = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _guards = new(SymbolEqualityComparer.Default);

        public FailureCoverage(JobModel model) => _model = model;

        /// <summary>The first operation of <paramref name="body"/> that can throw past it, or null when there is none.</summary>
        public IOperation? FindUncoveredWork(IOperation body, CancellationToken cancellationToken)
            => FindUncoveredWork(body, depth: 0, escaping: false, cancellationToken);

        /// <summary>
        /// The first operation of <paramref name="body"/> whose exception can leave it, or null when every failure is
        /// caught on the way (shutdown's cancellation may pass: hosts expect it).
        /// </summary>
        public IOperation? FindEscapingWork(IOperation body, CancellationToken cancellationToken)
            => FindUncoveredWork(body, depth: 0, escaping: true, cancellationToken);

        /// <summary>
        /// The first operation whose exception can leave <paramref name="body"/> from inside a loop: one of the body's own
        /// loops, or of the source methods it calls (two calls deep), that no catch-all on its way guards. Work before or
        /// after the loops is the service starting or ending: when it fails, the host logs the exception and stops, the
        /// fail-fast a start-up step wants. A failed iteration is what ends a long-running service for good.
        /// </summary>
        public IOperation? FindEscapingIteration(IOperation body, CancellationToken cancellationToken)
            => FindEscapingIteration(body, depth: 0, cancellationToken);

        private IOperation? FindEscapingIteration(IOperation body, int depth, CancellationToken cancellationToken)
        {
            foreach (var operation in body.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation.Kind == OperationKind.Loop)
                {
                    if (!operation.IsInFunction(body) && !IsGuarded(operation, body)
                        && FindEscapingWork(((ILoopOperation)operation).Body, cancellationToken) is { } inLoop)
                    {
                        return inLoop;
                    }
                }
                else if (operation.Kind == OperationKind.Invocation
                    && depth < MaxWrapperDepth
                    && ((IInvocationOperation)operation).TargetMethod is { IsAbstract: false } method
                    && method.IsInSource()
                    && !operation.IsInFunction(body)
                    && !IsGuarded(operation, body)
                    && GetSourceBody(method.OriginalDefinition, cancellationToken) is { } callee
                    && FindEscapingIteration(callee, depth + 1, cancellationToken) is { } inCallee)
                {
                    return inCallee;
                }
            }

            return null;
        }

        /// <summary>Whether a try of <paramref name="root"/> around <paramref name="operation"/> catches everything it throws.</summary>
        private bool IsGuarded(IOperation operation, IOperation root)
        {
            for (IOperation? child = operation, parent = operation.Parent; parent is not null && child != root; child = parent, parent = parent.Parent)
            {
                if (parent is ITryOperation tryOperation && tryOperation.Body == child && Guards(tryOperation))
                {
                    return true;
                }
            }

            return false;
        }

        private IOperation? FindUncoveredWork(IOperation body, int depth, bool escaping, CancellationToken cancellationToken)
        {
            foreach (var child in body.ChildOperations)
            {
                if (FindIn(child, depth, escaping, cancellationToken) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        private IOperation? FindIn(IOperation operation, int depth, bool escaping, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // By kind, read once, rather than by a type test per interface for every operation of the body.
            switch (operation.Kind)
            {
                case OperationKind.AnonymousFunction:
                case OperationKind.LocalFunction:
                    // Their bodies run when something calls them, and that call is the work.
                    return null;
                case OperationKind.Try:
                    var tryOperation = (ITryOperation)operation;
                    if (!(escaping ? Guards(tryOperation) : CatchesEverything(tryOperation)))
                    {
                        if (FindIn(tryOperation.Body, depth, escaping, cancellationToken) is { } inBody)
                        {
                            return inBody;
                        }
                    }

                    if (escaping && FindRethrow(tryOperation) is { } rethrow)
                    {
                        return rethrow;
                    }

                    return tryOperation.Finally is { } finallyBlock ? FindIn(finallyBlock, depth, escaping, cancellationToken) : null;
                case OperationKind.Throw:
                case OperationKind.DynamicInvocation:
                    return operation;
                case OperationKind.Invocation when !IsCoveredCall((IInvocationOperation)operation, depth, escaping, cancellationToken):
                    return operation;
                case OperationKind.Await:
                    var awaited = ((IAwaitOperation)operation).Operation;
                    if (IsHarmlessAwait(awaited))
                    {
                        return null;
                    }

                    // An async source method whose body catches everything puts no failure in its task: awaiting it is
                    // covered, and only the call's own arguments are left to look at.
                    // So is awaiting an interface's method whose implementations here all let nothing escape.
                    if (!(AwaitedTask(awaited) is IInvocationOperation { TargetMethod: { IsAsync: true } or { IsAbstract: true } } call && IsCoveredCall(call, depth, escaping, cancellationToken)))
                    {
                        return operation;
                    }

                    foreach (var part in call.ChildOperations)
                    {
                        if (FindIn(part, depth, escaping, cancellationToken) is { } inPart)
                        {
                            return inPart;
                        }
                    }

                    return null;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (FindIn(child, depth, escaping, cancellationToken) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        private bool CatchesEverything(ITryOperation tryOperation)
        {
            foreach (var clause in tryOperation.Catches)
            {
                if (clause.CatchesEverything(_model.Symbols) && (clause.Filter is null || PassesException(clause.Filter, clause)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A catch-all that nothing leaves: no filter, or one that lets only cancellation through
        /// (<c>when (!stoppingToken.IsCancellationRequested)</c>, <c>when (ex is not OperationCanceledException)</c>).
        /// </summary>
        private bool Guards(ITryOperation tryOperation)
        {
            foreach (var clause in tryOperation.Catches)
            {
                if (clause.CatchesEverything(_model.Symbols) && (clause.Filter is null || PassesOnlyCancellation(clause.Filter)) && FindThrow(clause.Handler) is null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A throw in a catch that is not one of cancellation (whose rethrow is how shutdown ends the work).</summary>
        private IOperation? FindRethrow(ITryOperation tryOperation)
        {
            foreach (var clause in tryOperation.Catches)
            {
                // catch when (token.IsCancellationRequested) { throw; }: only shutdown goes on from there.
                if (!clause.CatchesCancellation(_model.Symbols)
                    && !(clause.Filter is { } filter && IsCancellationTest(filter.WithoutImplicitConversions()))
                    && FindThrow(clause.Handler) is { } thrown)
                {
                    return thrown;
                }
            }

            return null;
        }

        private static IOperation? FindThrow(IOperation handler)
        {
            foreach (var operation in handler.DescendantsAndSelf())
            {
                if (operation.Kind == OperationKind.Throw && !operation.IsInFunction(handler))
                {
                    return operation;
                }
            }

            return null;
        }

        /// <summary>
        /// A filter true for every exception but cancellation: <c>!token.IsCancellationRequested</c>,
        /// <c>ex is not OperationCanceledException</c>, and <c>||</c> of such a filter with anything (<c>&amp;&amp;</c> of two).
        /// </summary>
        private bool PassesOnlyCancellation(IOperation filter)
        {
            filter = filter.WithoutImplicitConversions();
            switch (filter)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: var operand }:
                    return IsCancellationTest(operand.WithoutImplicitConversions());
                case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: var negated } }:
                    return IsCancellationPattern(negated);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } binary:
                    return PassesOnlyCancellation(binary.LeftOperand) || PassesOnlyCancellation(binary.RightOperand);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } binary:
                    return PassesOnlyCancellation(binary.LeftOperand) && PassesOnlyCancellation(binary.RightOperand);
                default:
                    return false;
            }
        }

        /// <summary><c>token.IsCancellationRequested</c>, or <c>ex is OperationCanceledException</c>.</summary>
        private bool IsCancellationTest(IOperation test)
            => test switch
            {
                IPropertyReferenceOperation property => property.Property.Name == "IsCancellationRequested"
                    && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _model.Symbols.CancellationToken),
                IIsTypeOperation isType => isType.TypeOperand.InheritsFrom(_model.Symbols.OperationCanceledException),
                IIsPatternOperation isPattern => IsCancellationPattern(isPattern.Pattern),
                _ => false,
            };

        private bool IsCancellationPattern(IPatternOperation pattern)
            => pattern switch
            {
                ITypePatternOperation type => type.MatchedType.InheritsFrom(_model.Symbols.OperationCanceledException),
                IDeclarationPatternOperation declaration => declaration.MatchedType?.InheritsFrom(_model.Symbols.OperationCanceledException) ?? false,
                _ => false,
            };

        /// <summary><c>when (Log(ex))</c>: a filter that hands the exception on reports it.</summary>
        private static bool PassesException(IOperation filter, ICatchClauseOperation clause)
        {
            if (clause.Locals.Length == 0)
            {
                return false;
            }

            foreach (var operation in filter.DescendantsAndSelf())
            {
                if (operation is IArgumentOperation { Value: ILocalReferenceOperation reference }
                    && SymbolEqualityComparer.Default.Equals(reference.Local, clause.Locals[0]))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsCoveredCall(IInvocationOperation invocation, int depth, bool escaping, CancellationToken cancellationToken)
        {
            var method = invocation.TargetMethod;
            if (IsHarmless(method) || IsShutdownWait(method))
            {
                return true;
            }

            // A call of an async method puts its failure in the task it returns: a call whose task is dropped or kept
            // (var running = job.Run(token)) throws nothing here. Awaiting that task later is judged at the await; a
            // task returned goes on to the caller with its failure; an async void method's failure goes to the thread pool.
            if (method.IsAsync && !method.ReturnsVoid && KeepsOrDropsTask(invocation))
            {
                return true;
            }

            // An interface's method is looked through to its implementations only for what escapes a hosted service's
            // loop (a queue's DequeueAsync): job code awaits interface methods everywhere, and binding every
            // implementation to ask whether it reports is not worth it.
            if (depth >= MaxWrapperDepth || !method.IsInSource() || (method.IsAbstract && !escaping))
            {
                return false;
            }

            var definition = method.OriginalDefinition;
            var cache = escaping ? _guards : _wrappers;
            if (cache.TryGetValue(definition, out var known))
            {
                return known;
            }

            bool covers;
            if (definition.IsAbstract)
            {
                // An application's own queue behind an interface (await _queue.DequeueAsync(stoppingToken)): covered when
                // every implementation here is, none outside the compilation being known.
                var implementations = 0;
                covers = true;
                foreach (var implementation in _model.SourceTypes.GetImplementations(definition))
                {
                    if (implementation.IsAbstract)
                    {
                        continue;
                    }

                    implementations++;
                    if (GetSourceBody(implementation, cancellationToken) is not { } body || FindUncoveredWork(body, depth + 1, escaping, cancellationToken) is not null)
                    {
                        covers = false;
                        break;
                    }
                }

                covers &= implementations > 0;
            }
            else
            {
                covers = GetSourceBody(definition, cancellationToken) is { } body && FindUncoveredWork(body, depth + 1, escaping, cancellationToken) is null;
            }

            return cache.GetOrAdd(definition, covers);
        }

        private static bool KeepsOrDropsTask(IInvocationOperation invocation)
        {
            var parent = invocation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent is IExpressionStatementOperation or IVariableInitializerOperation
                || (parent is ISimpleAssignmentOperation assignment && assignment.Parent is IExpressionStatementOperation);
        }

        /// <summary>The operations of a source method's body, or null when it has none in this compilation.</summary>
        private IOperation? GetSourceBody(IMethodSymbol definition, CancellationToken cancellationToken)
        {
            foreach (var reference in definition.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is BaseMethodDeclarationSyntax { } declaration
                    && (declaration.Body is not null || declaration.ExpressionBody is not null)
                    && _model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    return CrossFileBinding.GetSemanticModel(_model.Compilation, declaration.SyntaxTree).GetOperation(declaration, cancellationToken);
                }
            }

            return null;
        }

        /// <summary>
        /// What an await waits on: the task itself, without implicit conversions or a <c>ConfigureAwait</c> call
        /// (<c>await Run()</c> and <c>await Run().ConfigureAwait(false)</c> both wait on <c>Run()</c>).
        /// </summary>
        private static IOperation AwaitedTask(IOperation awaited)
        {
            awaited = awaited.WithoutImplicitConversions();
            return awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured }
                ? configured.WithoutImplicitConversions()
                : awaited;
        }

        /// <summary>
        /// Awaits that end only by shutdown (a delay, a timer tick: their <c>OperationCanceledException</c> is how a job
        /// stops, and hosts expect it), or that do no work.
        /// </summary>
        private bool IsHarmlessAwait(IOperation awaited)
        {
            awaited = AwaitedTask(awaited);
            return awaited switch
            {
                IInvocationOperation invocation => IsHarmless(invocation.TargetMethod) || IsShutdownWait(invocation.TargetMethod),
                IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _model.Symbols.Task),
                _ => false,
            };
        }

        /// <summary>A delay or a timer tick: its task fails only by shutdown's cancellation.</summary>
        private bool IsShutdownWait(IMethodSymbol method)
            => (SymbolEqualityComparer.Default.Equals(method.ContainingType, _model.Symbols.Task) && method.Name is "Delay" or "Yield")
               || (SymbolEqualityComparer.Default.Equals(method.ContainingType, _model.Symbols.PeriodicTimer) && method.Name == "WaitForNextTickAsync")
               // A semaphore's wait ends by a release, or by cancellation.
               || (SymbolEqualityComparer.Default.Equals(method.ContainingType, _model.Symbols.SemaphoreSlim) && method.Name == "WaitAsync")
               // A channel read waits for the next item: it ends by cancellation, or by the writer completing the channel.
               || (SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _model.Symbols.ChannelReader1) && method.Name is "WaitToReadAsync" or "ReadAsync");

        /// <summary>
        /// Calls that hand back a ready value and do no work (<c>Task.FromResult</c>, <c>TimeSpan.FromSeconds</c>,
        /// <c>ToString()</c>), and logging and token registration, which nobody guards.
        /// </summary>
        private bool IsHarmless(IMethodSymbol method)
        {
            var type = method.ContainingType;
            var symbols = _model.Symbols;
            if (SymbolEqualityComparer.Default.Equals(type, symbols.LoggerExtensions)
                || type.IsOrImplements(symbols.ILogger)
                || (SymbolEqualityComparer.Default.Equals(type, symbols.CancellationToken) && method.Name is "Register" or "ThrowIfCancellationRequested"))
            {
                return true;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _model.Symbols.Task) || SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, _model.Symbols.ValueTask1))
            {
                // A continuation's failure goes into the task ContinueWith returns, not out of the call.
                return method.Name is "FromResult" or "FromCanceled" or "FromException" or "ContinueWith";
            }

            if (IsBookkeeping(method))
            {
                return true;
            }

            if (SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, symbols.ChannelReader1))
            {
                return method.Name is "TryRead" or "TryPeek";
            }

            if (type is { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return method.Name.StartsWith("From", System.StringComparison.Ordinal);
            }

            return method.Name == "ToString" && method.Parameters.IsEmpty;
        }

        /// <summary>
        /// In-memory bookkeeping on the framework's collections (<c>running.Add(task)</c>, <c>pending.TryRemove(id, out _)</c>),
        /// which fails only when memory does. Not a dictionary's <c>Add(key, value)</c>, which throws on a duplicate key.
        /// </summary>
        private static bool IsBookkeeping(IMethodSymbol method)
        {
            if (method.ContainingNamespace is not { Name: "Generic" or "Concurrent", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
            {
                return false;
            }

            return method.Name switch
            {
                "Add" => method.Parameters.Length == 1,
                "Remove" or "Contains" or "ContainsKey" or "TryGetValue" or "TryAdd" or "TryRemove" or "TryDequeue" or "TryPeek" or "TryPop" or "TryTake"
                    or "Enqueue" or "Push" or "Clear" or "AddOrUpdate" or "GetOrAdd" => true,
                _ => false,
            };
        }
    }
}
