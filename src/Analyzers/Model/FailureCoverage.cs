using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace QueueLint.Model
{
    /// <summary>
    /// Which work in a method body can throw past it unreported: calls, awaits and throws that no catch-all on their
    /// way handles. Work that is a call to a source method which itself catches everything (a base class's
    /// <c>RunSafely(() =&gt; ...)</c>) is covered by that method.
    /// </summary>
    internal sealed class FailureCoverage
    {
        private const int MaxWrapperDepth = 2;

        private readonly JobModel _model;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _wrappers = new(SymbolEqualityComparer.Default);

        public FailureCoverage(JobModel model) => _model = model;

        /// <summary>The first operation of <paramref name="body"/> that can throw past it, or null when there is none.</summary>
        public IOperation? FindUncoveredWork(IOperation body, CancellationToken cancellationToken)
            => FindUncoveredWork(body, depth: 0, cancellationToken);

        private IOperation? FindUncoveredWork(IOperation body, int depth, CancellationToken cancellationToken)
        {
            foreach (var child in body.ChildOperations)
            {
                if (FindIn(child, depth, cancellationToken) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        private IOperation? FindIn(IOperation operation, int depth, CancellationToken cancellationToken)
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
                    if (!CatchesEverything(tryOperation))
                    {
                        if (FindIn(tryOperation.Body, depth, cancellationToken) is { } inBody)
                        {
                            return inBody;
                        }
                    }

                    return tryOperation.Finally is { } finallyBlock ? FindIn(finallyBlock, depth, cancellationToken) : null;
                case OperationKind.Throw:
                case OperationKind.DynamicInvocation:
                    return operation;
                case OperationKind.Invocation when !IsCoveredCall((IInvocationOperation)operation, depth, cancellationToken):
                    return operation;
                case OperationKind.Await:
                    return IsHarmlessAwait(((IAwaitOperation)operation).Operation) ? null : operation;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (FindIn(child, depth, cancellationToken) is { } found)
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

        private bool IsCoveredCall(IInvocationOperation invocation, int depth, CancellationToken cancellationToken)
        {
            var method = invocation.TargetMethod;
            if (IsHarmless(method))
            {
                return true;
            }

            if (depth >= MaxWrapperDepth || !method.IsInSource() || method.IsAbstract)
            {
                return false;
            }

            var definition = method.OriginalDefinition;
            if (_wrappers.TryGetValue(definition, out var known))
            {
                return known;
            }

            var covers = false;
            foreach (var reference in definition.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is BaseMethodDeclarationSyntax { } declaration
                    && (declaration.Body is not null || declaration.ExpressionBody is not null)
                    && _model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree)
                    && CrossFileBinding.GetSemanticModel(_model.Compilation, declaration.SyntaxTree).GetOperation(declaration, cancellationToken) is { } body)
                {
                    covers = FindUncoveredWork(body, depth + 1, cancellationToken) is null;
                    break;
                }
            }

            return _wrappers.GetOrAdd(definition, covers);
        }

        /// <summary>
        /// Awaits that end only by shutdown (a delay, a timer tick: their <c>OperationCanceledException</c> is how a job
        /// stops, and hosts expect it), or that do no work.
        /// </summary>
        private bool IsHarmlessAwait(IOperation awaited)
        {
            awaited = awaited.WithoutImplicitConversions();
            if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                awaited = configured.WithoutImplicitConversions();
            }

            return awaited switch
            {
                IInvocationOperation invocation => IsHarmless(invocation.TargetMethod)
                    || (SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _model.Symbols.Task) && invocation.TargetMethod.Name is "Delay" or "Yield")
                    || (SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _model.Symbols.PeriodicTimer) && invocation.TargetMethod.Name == "WaitForNextTickAsync"),
                IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _model.Symbols.Task),
                _ => false,
            };
        }

        /// <summary>
        /// Calls that hand back a ready value and do no work (<c>Task.FromResult</c>, <c>ToString()</c>), and logging and
        /// token registration, which nobody guards.
        /// </summary>
        private bool IsHarmless(IMethodSymbol method)
        {
            var type = method.ContainingType;
            var symbols = _model.Symbols;
            if (SymbolEqualityComparer.Default.Equals(type, symbols.LoggerExtensions)
                || type.IsOrImplements(symbols.ILogger)
                || (SymbolEqualityComparer.Default.Equals(type, symbols.CancellationToken) && method.Name == "Register"))
            {
                return true;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _model.Symbols.Task) || SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, _model.Symbols.ValueTask1))
            {
                return method.Name is "FromResult" or "FromCanceled" or "FromException";
            }

            return method.Name == "ToString" && method.Parameters.IsEmpty;
        }
    }
}
