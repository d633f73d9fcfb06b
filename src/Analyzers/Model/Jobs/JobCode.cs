using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Jobs
{
    /// <summary>A method whose code runs inside a job: an entry point, or a source method that job code calls.</summary>
    internal sealed class JobCodeMethod
    {
        private JobCodeSyntax? _syntax;

        public JobCodeMethod(IMethodSymbol method, SyntaxNode declaration, IMethodSymbol entryPoint, JobEntryPointKind entryKind, int depth)
        {
            Method = method;
            Declaration = declaration;
            EntryPoint = entryPoint;
            EntryKind = entryKind;
            Depth = depth;
        }

        public IMethodSymbol Method { get; }

        /// <summary>The declaration with the body (a method declaration).</summary>
        public SyntaxNode Declaration { get; }

        /// <summary>The nearest entry point that reaches this method (itself, for an entry point).</summary>
        public IMethodSymbol EntryPoint { get; }

        public JobEntryPointKind EntryKind { get; }

        /// <summary>Calls between the entry point and this method: 0 for an entry point.</summary>
        public int Depth { get; }

        public bool IsEntryPoint => Depth == 0;

        /// <summary>
        /// The body as operations, when finding job code read it (every method but those at <see cref="JobCode.MaxDepth"/>),
        /// until the rules of its file take it (<see cref="JobCodeBodies"/>) rather than ask the semantic model again.
        /// </summary>
        internal IOperation? Body { get; set; }

        /// <summary>
        /// Every operation under the method's body (empty when it does not bind), as <see cref="OperationHelpers.OperationsOfBody"/>
        /// collects them once for every reader.
        /// </summary>
        internal BodyOperations GetOperations(Compilation compilation, CancellationToken cancellationToken)
            => GetBody(compilation, cancellationToken) is { } body ? OperationHelpers.OperationsOfBody(body) : BodyOperations.Empty;

        /// <summary>The body as operations, from <see cref="Body"/> while it is kept, else from the compilation's semantic model.</summary>
        internal IOperation? GetBody(Compilation compilation, CancellationToken cancellationToken)
            => Body ?? CrossFileBinding.GetSemanticModel(compilation, Declaration.SyntaxTree).GetOperation(Declaration, cancellationToken);

        /// <summary>The method's catches, loops, statements and local functions, read from its file's one walk and shared by every rule.</summary>
        public JobCodeSyntax GetSyntax(CancellationToken cancellationToken)
        {
            if (_syntax is null)
            {
                Interlocked.CompareExchange(ref _syntax, JobCodeSyntax.Create(Declaration, cancellationToken), null);
            }

            return _syntax;
        }
    }

    /// <summary>
    /// Job code: the job entry points of a compilation and the source methods they call, transitively, up to
    /// <see cref="MaxDepth"/> calls deep. Calls to an interface or abstract member reach every source implementation;
    /// calls to a virtual member reach its source overrides too (a base job's template method, a service behind
    /// its interface). Computed once per compilation and shared by every rule that judges code running in a job.
    /// </summary>
    /// <remarks>
    /// Reach is a cross-file fact. It is kept in the per-compilation <see cref="JobModel"/> and computed on the first
    /// question, binding only the bodies of job code (with the compilation's cached semantic models), so that
    /// rules report live in the IDE as well as in builds. A job-code method's calls are read from its body's
    /// operations, which every job-code rule reads too (<see cref="OperationHelpers.OperationsOfBody"/>): only a call
    /// to a source method, or to a member that source types may implement or override, is followed.
    /// </remarks>
    internal sealed class JobCode
    {
        /// <summary>How many calls deep job code reaches from an entry point.</summary>
        public const int MaxDepth = 3;

        public static readonly JobCode Empty = new(new Dictionary<IMethodSymbol, JobCodeMethod>(SymbolEqualityComparer.Default));

        private readonly Dictionary<IMethodSymbol, JobCodeMethod> _methods;
        private readonly Dictionary<SyntaxTree, ImmutableArray<JobCodeMethod>> _byTree;

        private JobCode(Dictionary<IMethodSymbol, JobCodeMethod> methods)
        {
            _methods = methods;
            var builders = new Dictionary<SyntaxTree, ImmutableArray<JobCodeMethod>.Builder>();
            foreach (var method in methods.Values)
            {
                if (!builders.TryGetValue(method.Declaration.SyntaxTree, out var list))
                {
                    list = ImmutableArray.CreateBuilder<JobCodeMethod>();
                    builders.Add(method.Declaration.SyntaxTree, list);
                }

                list.Add(method);
            }

            _byTree = new Dictionary<SyntaxTree, ImmutableArray<JobCodeMethod>>(builders.Count);
            int[]? starts = null;
            foreach (var pair in builders)
            {
                // Sorted by where each declaration starts, read once per method (a node's start is computed from its tokens).
                var list = pair.Value;
                var sorted = list.ToArray();
                if (starts is null || starts.Length < sorted.Length)
                {
                    starts = new int[Math.Max(sorted.Length, 16)];
                }

                for (var i = 0; i < sorted.Length; i++)
                {
                    starts[i] = sorted[i].Declaration.SpanStart;
                }

                Array.Sort(starts, sorted, 0, sorted.Length);
                _byTree.Add(pair.Key, ImmutableArray.Create(sorted));
            }
        }

        public int Count => _methods.Count;

        public IEnumerable<JobCodeMethod> Methods => _methods.Values;

        /// <summary>The job-code methods declared in <paramref name="tree"/>, in source order.</summary>
        public ImmutableArray<JobCodeMethod> GetMethodsIn(SyntaxTree tree)
            => _byTree.TryGetValue(tree, out var methods) ? methods : ImmutableArray<JobCodeMethod>.Empty;

        /// <summary>
        /// The calls to <paramref name="method"/> (directly, or through the interface member or base method it
        /// implements) from job code, with the job-code method each is in. Calls are found by the invoked name in the
        /// files' call lists first, and only those are bound: meant for the rare question about one method's callers.
        /// </summary>
        public List<(IInvocationOperation Call, JobCodeMethod Caller)> FindCallsTo(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
        {
            var found = new List<(IInvocationOperation, JobCodeMethod)>();
            var definition = method.OriginalDefinition;
            foreach (var pair in _byTree)
            {
                var file = FileSyntax.Get(pair.Key, cancellationToken);
                var methods = pair.Value;
                SemanticModel? semanticModel = null;
                var next = 0;
                for (var i = 0; i < file.Invocations.Length; i++)
                {
                    if (file.InvokedNames[i] != definition.Name)
                    {
                        continue;
                    }

                    var syntax = file.Invocations[i];
                    var start = syntax.SpanStart;
                    while (next < methods.Length && methods[next].Declaration.Span.End <= start)
                    {
                        next++;
                    }

                    if (next == methods.Length || !methods[next].Declaration.Span.Contains(start))
                    {
                        continue;
                    }

                    semanticModel ??= CrossFileBinding.GetSemanticModel(compilation, pair.Key);
                    if (semanticModel.GetOperation(syntax, cancellationToken) is IInvocationOperation call && Targets(call.TargetMethod, definition))
                    {
                        found.Add((call, methods[next]));
                    }
                }
            }

            return found;
        }

        private static bool Targets(IMethodSymbol target, IMethodSymbol definition)
        {
            target = (target.ReducedFrom ?? target).OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(target, definition))
            {
                return true;
            }

            if (target.ContainingType is { TypeKind: TypeKind.Interface })
            {
                return definition.ContainingType.FindImplementationForInterfaceMember(target) is IMethodSymbol implementation
                    && SymbolEqualityComparer.Default.Equals(implementation.OriginalDefinition, definition);
            }

            for (var overridden = definition.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, target))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="node"/> is inside the declaration of a job-code method (its lambdas and local functions included).</summary>
        public bool Contains(SyntaxNode node)
        {
            var methods = GetMethodsIn(node.SyntaxTree);
            var start = node.SpanStart;
            int low = 0, high = methods.Length - 1;
            while (low <= high)
            {
                var middle = low + ((high - low) >> 1);
                var span = methods[middle].Declaration.Span;
                if (span.End <= start)
                {
                    low = middle + 1;
                }
                else if (span.Start > start)
                {
                    high = middle - 1;
                }
                else
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The job-code entry for <paramref name="method"/>, or null when it does not run in a job.</summary>
        public JobCodeMethod? Find(IMethodSymbol method)
            => _methods.TryGetValue(method.OriginalDefinition, out var found) ? found : null;

        internal static JobCode Create(JobModel model, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
        {
            var symbols = model.Symbols;
            var globalOptions = QueueLintOptions.Get(analyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions);
            if (!model.IsActive(globalOptions))
            {
                return Empty;
            }

            var walker = new Walker(model, cancellationToken);
            walker.AddDeclaredEntryPoints(analyzerOptions);
            walker.AddEnqueuedJobs(analyzerOptions);
            return new JobCode(walker.Run());
        }

        private sealed class Walker
        {
            private readonly JobModel _model;
            private readonly Compilation _compilation;
            private readonly CancellationToken _cancellationToken;
            private readonly SourceTypes _types;
            private readonly Dictionary<IMethodSymbol, JobCodeMethod> _found = new(SymbolEqualityComparer.Default);
            private readonly Queue<JobCodeMethod> _queue = new();

            // Methods already followed from a call, as called (a call through IRepository<Order> differs from one through
            // IRepository<Customer>): methods are followed in the order of their depth, so the first call to a method
            // adds all that any later one would.
            private readonly HashSet<IMethodSymbol> _followed = new(SymbolEqualityComparer.Default);

            public Walker(JobModel model, CancellationToken cancellationToken)
            {
                _model = model;
                _compilation = model.Compilation;
                _cancellationToken = cancellationToken;
                _types = model.SourceTypes;
            }

            /// <summary>Entry points known from declarations: interface implementations, overrides, configured interfaces.</summary>
            public void AddDeclaredEntryPoints(AnalyzerOptions analyzerOptions)
            {
                var provider = analyzerOptions.AnalyzerConfigOptionsProvider;
                var symbols = _model.Symbols;
                var jobInterfacesConfigured = AnyJobInterfacesConfigured(provider);
                foreach (var sourceType in _types.Types)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    // Only a class that is a hosted service, implements a framework's job interface, or may implement a
                    // configured one has entry points: the members of every other class are never looked at.
                    if (sourceType.Kind != TypeKind.Class
                        || (!sourceType.IsHostedService
                            && (sourceType.Interfaces.IsEmpty || (!jobInterfacesConfigured && !ImplementsJobInterface(sourceType.Interfaces, symbols)))))
                    {
                        continue;
                    }

                    var type = sourceType.Symbol;

                    QueueLintOptions? options = null;
                    foreach (var member in type.GetMembers())
                    {
                        // Without configured job interfaces, only a framework's member names can be entry points.
                        if (member is not IMethodSymbol method || (!jobInterfacesConfigured && !JobEntryPoints.MayBeFrameworkEntryPoint(method)))
                        {
                            continue;
                        }

                        options ??= type.DeclaringSyntaxReferences.Length > 0
                            ? QueueLintOptions.Get(provider.GetOptions(type.DeclaringSyntaxReferences[0].SyntaxTree))
                            : QueueLintOptions.Empty;
                        var kind = JobEntryPoints.GetKind(method, _model, options);
                        if (kind != JobEntryPointKind.None)
                        {
                            Add(method, method, kind, 0);
                        }
                    }
                }
            }

            private static bool ImplementsJobInterface(ImmutableArray<INamedTypeSymbol> interfaces, KnownSymbols symbols)
            {
                foreach (var implemented in interfaces)
                {
                    var definition = implemented.OriginalDefinition;
                    if (SymbolEqualityComparer.Default.Equals(definition, symbols.QuartzIJob)
                        || SymbolEqualityComparer.Default.Equals(definition, symbols.MassTransitIConsumer1)
                        || SymbolEqualityComparer.Default.Equals(definition, symbols.MassTransitIJobConsumer1)
                        || SymbolEqualityComparer.Default.Equals(definition, symbols.CoravelIInvocable))
                    {
                        return true;
                    }
                }

                return false;
            }

            private bool AnyJobInterfacesConfigured(Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider provider)
            {
                if (!QueueLintOptions.Get(provider.GlobalOptions).JobInterfaces.IsEmpty)
                {
                    return true;
                }

                foreach (var tree in _compilation.SyntaxTrees)
                {
                    if (!QueueLintOptions.Get(provider.GetOptions(tree)).JobInterfaces.IsEmpty)
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>Entry points known from enqueue sites: the methods Hangfire (or a configured wrapper) is told to run.</summary>
            public void AddEnqueuedJobs(AnalyzerOptions analyzerOptions)
            {
                var finder = _model.GetSiteFinder(analyzerOptions);
                if (finder is null)
                {
                    return;
                }

                foreach (var tree in _compilation.SyntaxTrees)
                {
                    var semanticModel = GetSemanticModel(tree);
                    foreach (var site in finder.GetJobMethodSites(semanticModel, analyzerOptions, _cancellationToken))
                    {
                        var job = site.JobMethod!;
                        var kind = site.Framework == JobFramework.Hangfire ? JobEntryPointKind.HangfireJob : JobEntryPointKind.EnqueuedJob;
                        AddWithImplementations(job, entryPoint: null, kind, 0);
                    }
                }
            }

            public Dictionary<IMethodSymbol, JobCodeMethod> Run()
            {
                while (_queue.Count > 0)
                {
                    var current = _queue.Dequeue();
                    if (current.Depth >= MaxDepth)
                    {
                        continue;
                    }

                    _cancellationToken.ThrowIfCancellationRequested();
                    // The body's operations, shared with every rule that reads this method: a call names its method
                    // without a lookup per call.
                    var body = current.GetBody(_compilation, _cancellationToken);
                    if (body is null)
                    {
                        continue;
                    }

                    current.Body = body;
                    foreach (var operation in OperationHelpers.OperationsOfBody(body).OfKind(s_calls))
                    {
                        var callee = operation.Kind switch
                        {
                            OperationKind.Invocation => ((IInvocationOperation)operation).TargetMethod,
                            // A method group handed on: Task.Run(Work), Policy.ExecuteAsync(SendAsync).
                            OperationKind.MethodReference when operation.Parent is IDelegateCreationOperation creation && IsArgument(creation.Parent) => ((IMethodReferenceOperation)operation).Method,
                            _ => null,
                        };

                        // Only a source method, or a member that source types may implement or override, leads to job code.
                        if (callee is { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation }
                            && (!callee.DeclaringSyntaxReferences.IsEmpty || callee.IsAbstract || callee.IsVirtual || callee.ContainingType?.TypeKind == TypeKind.Interface)
                            && _followed.Add(callee))
                        {
                            AddWithImplementations(callee, current.EntryPoint, current.EntryKind, current.Depth + 1);
                        }
                    }
                }

                return _found;
            }

            // Calls, and method groups (which lead somewhere only when handed on as an argument).
            private static readonly OperationKindSet s_calls = OperationKindSet.Of(OperationKind.Invocation, OperationKind.MethodReference);

            private static bool IsArgument(IOperation? operation)
                => operation is IArgumentOperation || (operation is IConversionOperation { Parent: IArgumentOperation });

            private void AddWithImplementations(IMethodSymbol method, IMethodSymbol? entryPoint, JobEntryPointKind kind, int depth)
            {
                method = method.ReducedFrom ?? method;
                var called = method.ContainingType;
                method = method.OriginalDefinition;
                if (method.IsAbstract || method.IsVirtual || method.ContainingType?.TypeKind == TypeKind.Interface)
                {
                    foreach (var implementation in _types.GetImplementations(method))
                    {
                        // A call through IRepository<Order> reaches the implementations for orders, not every repository.
                        if (called is null || SourceTypes.MayImplement(implementation.ContainingType, called))
                        {
                            Add(implementation, entryPoint ?? implementation, kind, depth);
                        }
                    }
                }

                if (!method.IsAbstract)
                {
                    Add(method, entryPoint ?? method, kind, depth);
                }
            }

            private void Add(IMethodSymbol method, IMethodSymbol entryPoint, JobEntryPointKind kind, int depth)
            {
                method = method.OriginalDefinition;
                if (_found.ContainsKey(method) || GetBodyDeclaration(method) is not { } declaration)
                {
                    return;
                }

                var entry = new JobCodeMethod(method, declaration, entryPoint.OriginalDefinition, kind, depth);
                _found.Add(method, entry);
                _queue.Enqueue(entry);
            }

            private SyntaxNode? GetBodyDeclaration(IMethodSymbol method)
            {
                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(_cancellationToken) is BaseMethodDeclarationSyntax declaration
                        && (declaration.Body is not null || declaration.ExpressionBody is not null)
                        && _compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                    {
                        return declaration;
                    }
                }

                return null;
            }

            private SemanticModel GetSemanticModel(SyntaxTree tree) => CrossFileBinding.GetSemanticModel(_compilation, tree);
        }
    }
}
