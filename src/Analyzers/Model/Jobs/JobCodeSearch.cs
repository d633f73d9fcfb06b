using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Jobs
{
    /// <summary>
    /// What makes a method job code, shared by the search from the entry points down (<see cref="JobCode"/>) and the
    /// search from a file's methods up (<see cref="JobReach"/>), so that both find the same: which methods are entry
    /// points, which calls are followed and to which methods, and which of two entry points comes first.
    /// </summary>
    internal sealed class JobCodeSearch
    {
        private readonly JobModel _model;
        private readonly AnalyzerOptions _analyzerOptions;
        private readonly Dictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> _expansions = new(SymbolEqualityComparer.Default);

        public JobCodeSearch(JobModel model, AnalyzerOptions analyzerOptions)
        {
            _model = model;
            _analyzerOptions = analyzerOptions;
            JobInterfacesConfigured = AnyJobInterfacesConfigured(model.Compilation, analyzerOptions.AnalyzerConfigOptionsProvider);
        }

        /// <summary>Whether some file's options (or the global ones) name job interfaces: then any method may be an entry point.</summary>
        public bool JobInterfacesConfigured { get; }

        public AnalyzerOptions AnalyzerOptions => _analyzerOptions;

        /// <summary>The entry-point kind of a method its class declares (<see cref="MayDeclareEntryPoints"/>, <see cref="MayBeEntryPoint"/>).</summary>
        public JobEntryPointKind GetDeclaredKind(IMethodSymbol method)
        {
            var type = method.ContainingType;
            return type is { TypeKind: TypeKind.Class }
                   && MayBeEntryPoint(method)
                   && type.IsDeclaredIn(_model.Compilation)
                   && MayDeclareEntryPoints(type, IsHostedService(type), type.AllInterfaces)
                ? JobEntryPoints.GetKind(method, _model, OptionsOf(type))
                : JobEntryPointKind.None;
        }

        /// <summary>
        /// Whether a class with these traits has entry points: only a hosted service, a class implementing a framework's
        /// job interface, one that may implement a configured one, a Wolverine handler type, a CAP subscriber type, a class
        /// with attributed methods where Azure Functions is referenced or a Durable Task activity class; the members of every
        /// other class are never looked at.
        /// </summary>
        public bool MayDeclareEntryPoints(INamedTypeSymbol type, bool isHostedService, ImmutableArray<INamedTypeSymbol> interfaces)
            => isHostedService
               || (!interfaces.IsEmpty && (JobInterfacesConfigured || ImplementsJobInterface(interfaces, _model.Symbols)))
               || WolverineHandlers.IsHandlerType(type, _model.Symbols, interfaces)
               || CapSubscribers.IsSubscriberType(type, _model.Symbols, interfaces)
               || AzureFunctions.MayDeclareFunctions(type, _model.Symbols)
               || DurableActivities.IsActivityType(type, _model.Symbols);

        /// <summary>Without configured job interfaces, only a framework's member names can be entry points.</summary>
        public bool MayBeEntryPoint(IMethodSymbol method) => JobInterfacesConfigured || JobEntryPoints.MayBeFrameworkEntryPoint(method, _model.Symbols);

        /// <summary>The <c>queuelint.*</c> options of the file that declares <paramref name="type"/> (its first declaration).</summary>
        public QueueLintOptions OptionsOf(INamedTypeSymbol type)
            => type.DeclaringSyntaxReferences.Length > 0
                ? QueueLintOptions.Get(_analyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(type.DeclaringSyntaxReferences[0].SyntaxTree))
                : QueueLintOptions.Empty;

        private bool IsHostedService(INamedTypeSymbol type)
        {
            var hosted = _model.Symbols.BackgroundService;
            if (hosted is null)
            {
                return false;
            }

            for (var current = (INamedTypeSymbol?)type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, hosted))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ImplementsJobInterface(ImmutableArray<INamedTypeSymbol> interfaces, KnownSymbols symbols)
        {
            foreach (var implemented in interfaces)
            {
                var definition = implemented.OriginalDefinition;
                if (SymbolEqualityComparer.Default.Equals(definition, symbols.QuartzIJob)
                    || SymbolEqualityComparer.Default.Equals(definition, symbols.MassTransitIConsumer1)
                    || SymbolEqualityComparer.Default.Equals(definition, symbols.MassTransitIJobConsumer1)
                    || SymbolEqualityComparer.Default.Equals(definition, symbols.CoravelIInvocable)
                    || SymbolEqualityComparer.Default.Equals(definition, symbols.RebusIHandleMessages1))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AnyJobInterfacesConfigured(Compilation compilation, AnalyzerConfigOptionsProvider provider)
        {
            if (!QueueLintOptions.Get(provider.GlobalOptions).JobInterfaces.IsEmpty)
            {
                return true;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if (!QueueLintOptions.Get(provider.GetOptions(tree)).JobInterfaces.IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The entry-point kind a job-method site gives the methods it enqueues.</summary>
        public static JobEntryPointKind KindOf(EnqueueSite site)
            => site.Framework == JobFramework.Hangfire ? JobEntryPointKind.HangfireJob : JobEntryPointKind.EnqueuedJob;

        /// <summary>
        /// The method a call names, when the operation is a call, or a method group handed on as an argument
        /// (<c>Task.Run(Work)</c>, <c>Policy.ExecuteAsync(SendAsync)</c>); null otherwise.
        /// </summary>
        public static IMethodSymbol? GetCallee(IOperation? operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return invocation.TargetMethod;
                case IDelegateCreationOperation { Target: IMethodReferenceOperation reference }:
                    return GetCallee(reference);
                case IConversionOperation { Operand: { } operand } when operand is IDelegateCreationOperation or IMethodReferenceOperation:
                    return GetCallee(operand);
                case IMethodReferenceOperation reference when reference.Parent is IDelegateCreationOperation creation && IsArgument(creation.Parent):
                    return reference.Method;
                default:
                    return null;
            }
        }

        /// <summary>
        /// <see cref="GetCallee(IOperation)"/> of the operation at <paramref name="node"/> (a call, or a method group handed on
        /// as an argument), with the same answer as far as job code goes. A call is read from its symbol, which binds the
        /// statement it is in; an operation would bind the whole body of the method it is in.
        /// </summary>
        public static IMethodSymbol? GetCallee(SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken)
        {
            if (node is not InvocationExpressionSyntax)
            {
                return GetCallee(semanticModel.GetOperation(node, cancellationToken));
            }

            // An extension method called as one is the static method an invocation operation names.
            return semanticModel.GetSymbolInfo(node, cancellationToken).Symbol is IMethodSymbol method ? method.ReducedFrom ?? method : null;
        }

        /// <summary>The operation kinds that may call a method: calls, and method groups (which lead somewhere only when handed on as an argument).</summary>
        public static readonly OperationKindSet Calls = OperationKindSet.Of(OperationKind.Invocation, OperationKind.MethodReference);

        /// <summary>
        /// The methods <paramref name="operation"/> (of <see cref="Calls"/>) leads to in job code: those a call runs
        /// (<see cref="Expand"/>) when it calls a method that is followed (<see cref="Follows"/>), else none.
        /// </summary>
        public ImmutableArray<IMethodSymbol> GetCalledMethods(IOperation operation)
            => GetCallee(operation) is { } callee && Follows(callee) ? Expand(callee) : ImmutableArray<IMethodSymbol>.Empty;

        private static bool IsArgument(IOperation? operation)
            => operation is IArgumentOperation || (operation is IConversionOperation { Parent: IArgumentOperation });

        /// <summary>Whether a call to <paramref name="callee"/> leads to job code: a source method, or a member that source types may implement or override.</summary>
        public bool Follows(IMethodSymbol callee)
            => callee is { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation }
               && (!callee.DeclaringSyntaxReferences.IsEmpty || callee.IsAbstract || callee.IsVirtual || callee.ContainingType?.TypeKind == TypeKind.Interface);

        /// <summary>
        /// The methods a call to <paramref name="method"/> (as called) runs: its source implementations and overrides
        /// for an interface, abstract or virtual member (a call through <c>IRepository&lt;Order&gt;</c> reaches the
        /// implementations for orders, not every repository), and the method itself unless abstract. Not every one has a body.
        /// </summary>
        public ImmutableArray<IMethodSymbol> Expand(IMethodSymbol method)
        {
            lock (_expansions)
            {
                if (_expansions.TryGetValue(method, out var known))
                {
                    return known;
                }
            }

            var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
            var reduced = method.ReducedFrom ?? method;
            var called = reduced.ContainingType;
            var definition = reduced.OriginalDefinition;
            if (definition.IsAbstract || definition.IsVirtual || definition.ContainingType?.TypeKind == TypeKind.Interface)
            {
                foreach (var implementation in _model.SourceTypes.GetImplementations(definition))
                {
                    if (called is null || SourceTypes.MayImplement(implementation.ContainingType, called))
                    {
                        builder.Add(implementation.OriginalDefinition);
                    }
                }
            }

            if (!definition.IsAbstract)
            {
                builder.Add(definition);
            }

            var expansion = builder.ToImmutable();
            lock (_expansions)
            {
                _expansions[method] = expansion;
            }

            return expansion;
        }

        /// <summary>
        /// Whether a call to <paramref name="callee"/> may run <paramref name="method"/>: the same answer as
        /// <c><see cref="Expand"/>(callee).Contains(method)</c>, found from the method's side — its type and that type's
        /// subtypes — without finding every implementation of the callee.
        /// </summary>
        public bool Dispatches(IMethodSymbol callee, IMethodSymbol method)
        {
            var reduced = callee.ReducedFrom ?? callee;
            var called = reduced.ContainingType;
            var definition = reduced.OriginalDefinition;
            if (!definition.IsAbstract && SymbolEqualityComparer.Default.Equals(definition, method))
            {
                return true;
            }

            var declaringType = definition.ContainingType;
            if (!(definition.IsAbstract || definition.IsVirtual || declaringType?.TypeKind == TypeKind.Interface)
                || declaringType is null
                || !method.IsInSource()
                || (called is not null && !SourceTypes.MayImplement(method.ContainingType, called)))
            {
                return false;
            }

            if (declaringType.TypeKind != TypeKind.Interface)
            {
                for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, definition))
                    {
                        return method.IsOverride;
                    }
                }

                return false;
            }

            // The method implements the interface member for its own type, or for a subtype (a base class's method
            // implementing the interface of a class derived from it).
            if (ImplementsFor(method.ContainingType, declaringType, definition, method))
            {
                return true;
            }

            foreach (var subtype in _model.SourceTypes.GetSubtypes(method.ContainingType))
            {
                if (ImplementsFor(subtype, declaringType, definition, method))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ImplementsFor(INamedTypeSymbol type, INamedTypeSymbol declaringInterface, IMethodSymbol member, IMethodSymbol method)
        {
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            {
                return false;
            }

            foreach (var implementation in SourceTypes.FindImplementations(type, declaringInterface, member))
            {
                if (SymbolEqualityComparer.Default.Equals(implementation.OriginalDefinition, method))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The declaration with the body of a method of this compilation, or null.</summary>
        public SyntaxNode? GetBodyDeclaration(IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is BaseMethodDeclarationSyntax declaration
                    && (declaration.Body is not null || declaration.ExpressionBody is not null)
                    && _model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    return declaration;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether the entry point declared at <paramref name="first"/> comes before the one at <paramref name="second"/>:
        /// by the compilation's order of files, then by position. Of several entry points as near to a method, the first
        /// is its entry point, whichever search found it.
        /// </summary>
        public bool Precedes(SyntaxNode first, SyntaxNode second)
        {
            if (first.SyntaxTree == second.SyntaxTree)
            {
                return first.SpanStart < second.SpanStart;
            }

            var order = _model.TreeOrder;
            return order[first.SyntaxTree] < order[second.SyntaxTree];
        }
    }
}
