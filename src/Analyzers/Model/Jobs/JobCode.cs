using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
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

        public JobCodeMethod(IMethodSymbol method, SyntaxNode declaration, IMethodSymbol entryPoint, JobEntryPointKind entryKind, int depth, SyntaxNode entryDeclaration)
        {
            Method = method;
            Declaration = declaration;
            EntryPoint = entryPoint;
            EntryKind = entryKind;
            Depth = depth;
            EntryDeclaration = entryDeclaration;
        }

        public IMethodSymbol Method { get; }

        /// <summary>The declaration with the body (a method declaration).</summary>
        public SyntaxNode Declaration { get; }

        /// <summary>
        /// The nearest entry point that reaches this method (itself, for an entry point); of several as near, the first
        /// declared (<see cref="JobCodeSearch.Precedes"/>), however job code was found.
        /// </summary>
        public IMethodSymbol EntryPoint { get; private set; }

        public JobEntryPointKind EntryKind { get; private set; }

        /// <summary>The declaration of <see cref="EntryPoint"/>.</summary>
        internal SyntaxNode EntryDeclaration { get; private set; }

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

        /// <summary>Takes the entry point of a caller as near as the one known, when that entry point comes first.</summary>
        internal void TakeEntryPointOf(JobCodeMethod caller)
        {
            EntryPoint = caller.EntryPoint;
            EntryKind = caller.EntryKind;
            EntryDeclaration = caller.EntryDeclaration;
        }

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
    /// its interface). Shared by every rule that judges code running in a job, through <see cref="JobModel"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Reach is a cross-file fact, found one of two ways that give the same methods, depths and entry points
    /// (<see cref="JobCodeSearch"/> holds what both follow). For a compilation seen whole — a build, the IDE's
    /// first analysis — it is found once from every entry point down (<see cref="Whole"/>), binding only the bodies of
    /// job code. After an edit, the IDE analyzes the edited file alone in a new compilation that reuses every other
    /// file's tree: then the file's own methods are followed up to their callers (<see cref="JobReach"/>), by names
    /// kept with each tree, so that a keystroke costs what reaches that file rather than the solution's job code.
    /// When more than a few files of such a compilation ask, it is found whole after all.
    /// </para>
    /// <para>
    /// A job-code method's calls are read from its body's operations, which every job-code rule reads too
    /// (<see cref="OperationHelpers.OperationsOfBody"/>): only a call to a source method, or to a member that source
    /// types may implement or override, is followed.
    /// </para>
    /// </remarks>
    internal sealed class JobCode
    {
        /// <summary>How many calls deep job code reaches from an entry point.</summary>
        public const int MaxDepth = 3;

        /// <summary>How many files of an edited compilation are answered from their own methods up before job code is found whole.</summary>
        private const int FilesAnsweredAlone = 4;

        public static readonly JobCode Empty = new(null, null, editing: false);

        private readonly JobModel? _model;
        private readonly JobCodeSearch? _search;
        private readonly bool _editing;
        private readonly object _lock = new();
        private readonly ConcurrentDictionary<SyntaxTree, ImmutableArray<JobCodeMethod>> _answeredAlone = new();
        private Whole? _whole;
        private JobReach? _reach;
        private JobReach? _verifyingReach;
        private Whole? _verifyingWhole;
        private int _filesAsked;

        private JobCode(JobModel? model, JobCodeSearch? search, bool editing)
        {
            _model = model;
            _search = search;
            _editing = editing;
        }

        internal static JobCode Create(JobModel model, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
        {
            var globalOptions = QueueLintOptions.Get(analyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions);
            if (!model.IsActive(globalOptions))
            {
                return Empty;
            }

            return new JobCode(model, new JobCodeSearch(model, analyzerOptions), model.IsEdit);
        }

        /// <summary>What makes a method job code, for searches of their own through it (null for <see cref="Empty"/>).</summary>
        internal JobCodeSearch? Search => _search;

        /// <summary>
        /// True while this compilation is an edit answered file by file (<see cref="JobReach"/>): facts are then worth
        /// finding for the symbols asked about; a build, which reads all job code anyway, looks them up there.
        /// </summary>
        internal bool AnswersByReach => _editing && Volatile.Read(ref _whole) is null;

        /// <summary>The number of job-code methods of the compilation (found whole).</summary>
        public int GetCount(CancellationToken cancellationToken) => GetWhole(cancellationToken).Methods.Count;

        /// <summary>Every job-code method of the compilation (found whole).</summary>
        public IEnumerable<JobCodeMethod> GetMethods(CancellationToken cancellationToken) => GetWhole(cancellationToken).Methods.Values;

        /// <summary>The job-code methods declared in <paramref name="tree"/>, in source order.</summary>
        public ImmutableArray<JobCodeMethod> GetMethodsIn(SyntaxTree tree, CancellationToken cancellationToken)
        {
            if (_model is null)
            {
                return ImmutableArray<JobCodeMethod>.Empty;
            }

            ImmutableArray<JobCodeMethod> methods;
            if (_editing && Volatile.Read(ref _whole) is null)
            {
                if (_answeredAlone.TryGetValue(tree, out methods))
                {
                    return methods;
                }

                if (Interlocked.Increment(ref _filesAsked) <= FilesAnsweredAlone)
                {
                    methods = _answeredAlone.GetOrAdd(tree, GetReach().GetMethodsIn(tree, cancellationToken));
                    VerifyInDebug(tree, methods, cancellationToken);
                    return methods;
                }
            }

            methods = GetWhole(cancellationToken).GetMethodsIn(tree);
            VerifyInDebug(tree, methods, cancellationToken);
            return methods;
        }

        /// <summary>True when <paramref name="node"/> is inside the declaration of a job-code method (its lambdas and local functions included).</summary>
        public bool Contains(SyntaxNode node, CancellationToken cancellationToken)
        {
            var methods = GetMethodsIn(node.SyntaxTree, cancellationToken);
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
        public JobCodeMethod? Find(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (_model is null)
            {
                return null;
            }

            if (_editing && Volatile.Read(ref _whole) is null)
            {
                return GetReach().Find(method, cancellationToken);
            }

            return GetWhole(cancellationToken).Methods.TryGetValue(method.OriginalDefinition, out var found) ? found : null;
        }

        /// <summary>
        /// The declaration of <paramref name="method"/> when it is job code and a call to <paramref name="called"/> in the
        /// job-code method <paramref name="caller"/> may run it: an implementation the call cannot dispatch to (one for
        /// another type argument, <c>IRepository&lt;Learner&gt;</c> asked about from a call through
        /// <c>IRepository&lt;Order&gt;</c>) is not what the call runs, whether or not other job code reaches it. In an edit,
        /// every method the calls of a caller less than <see cref="MaxDepth"/> deep run is job code, which needs no search;
        /// otherwise (and in a build, which has all job code at hand) it is found (<see cref="Find"/>). The same answer
        /// either way.
        /// </summary>
        public SyntaxNode? GetDeclarationReachedBy(JobCodeMethod caller, IMethodSymbol called, IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (_model is null)
            {
                return null;
            }

            method = method.OriginalDefinition;
            var follows = _search!.Follows(called);
            if (follows && !_search.Dispatches(called, method))
            {
                return null;
            }

            if (AnswersByReach && caller.Depth < MaxDepth && follows && !GenericDispatch.IsOpenCall(called, caller.Method))
            {
                return _search.GetBodyDeclaration(method, cancellationToken);
            }

            return Find(method, cancellationToken)?.Declaration;
        }

        /// <summary>
        /// The calls to <paramref name="method"/> (directly, or through the interface member or base method it
        /// implements) from job code, with the job-code method each is in. Calls are found by the invoked name in the
        /// files' call lists first, and only those are bound: meant for the rare question about one method's callers.
        /// </summary>
        public List<(IInvocationOperation Call, JobCodeMethod Caller)> FindCallsTo(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
        {
            var found = new List<(IInvocationOperation, JobCodeMethod)>();
            if (_model is null)
            {
                return found;
            }

            var definition = method.OriginalDefinition;
            foreach (var pair in GetWhole(cancellationToken).ByTree)
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

        private JobReach GetReach()
        {
            if (Volatile.Read(ref _reach) is { } reach)
            {
                return reach;
            }

            lock (_lock)
            {
                return _reach ??= new JobReach(_model!, _search!);
            }
        }

        /// <summary>
        /// Job code found from every entry point down, once. A cancelled search leaves nothing behind, so the next
        /// question starts afresh.
        /// </summary>
        private Whole GetWhole(CancellationToken cancellationToken)
        {
            if (_model is null)
            {
                return Whole.Empty;
            }

            if (Volatile.Read(ref _whole) is { } whole)
            {
                return whole;
            }

            lock (_lock)
            {
                if (_whole is null)
                {
                    Volatile.Write(ref _whole, FindWhole(cancellationToken));
                }

                return _whole!;
            }
        }

        private Whole FindWhole(CancellationToken cancellationToken)
        {
            var walker = new Walker(_model!, _search!, cancellationToken);
            walker.AddDeclaredEntryPoints();
            walker.AddEnqueuedJobs();
            return new Whole(walker.Run());
        }

        /// <summary>
        /// In debug builds, for small compilations (tests, the sample) or any with <c>QUEUELINT_VERIFY_JOB_CODE=1</c>, checks
        /// that both searches find the same job code in <paramref name="tree"/>: a difference would make the IDE and the
        /// build disagree.
        /// </summary>
        [System.Diagnostics.Conditional("DEBUG")]
        private void VerifyInDebug(SyntaxTree tree, ImmutableArray<JobCodeMethod> methods, CancellationToken cancellationToken)
        {
#pragma warning disable RS1035 // A debug-only switch, to check real applications too.
            if (_model!.Compilation.SyntaxTrees.Count() > 50 && Environment.GetEnvironmentVariable("QUEUELINT_VERIFY_JOB_CODE") != "1")
#pragma warning restore RS1035
            {
                return;
            }

            var other = _editing && Volatile.Read(ref _whole) is null
                ? GetVerifyingWhole(cancellationToken).GetMethodsIn(tree)
                : GetVerifyingReach().GetMethodsIn(tree, cancellationToken);
            var expected = Describe(methods);
            var actual = Describe(other);
            if (expected != actual)
            {
                throw new InvalidOperationException("Job code found two ways differs in " + tree.FilePath + ":\n" + expected + "\nagainst\n" + actual);
            }

            static string Describe(ImmutableArray<JobCodeMethod> found)
                => string.Join("\n", found.Select(m => m.Method.ToDisplayString() + " @" + m.Depth + " from " + m.EntryPoint.ToDisplayString() + " as " + m.EntryKind));
        }

        // A search from the methods up of its own, so that checking does not change what the searched job code holds.
        private JobReach GetVerifyingReach()
        {
            lock (_lock)
            {
                return _verifyingReach ??= new JobReach(_model!, _search!);
            }
        }

        // Job code found whole, kept apart so that checking an edit does not end its answers by reach.
        private Whole GetVerifyingWhole(CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                return _verifyingWhole ??= FindWhole(cancellationToken);
            }
        }

        /// <summary>Job code found from every entry point down.</summary>
        private sealed class Whole
        {
            public static readonly Whole Empty = new(new Dictionary<IMethodSymbol, JobCodeMethod>(SymbolEqualityComparer.Default));

            public Whole(Dictionary<IMethodSymbol, JobCodeMethod> methods)
            {
                Methods = methods;
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

                ByTree = new Dictionary<SyntaxTree, ImmutableArray<JobCodeMethod>>(builders.Count);
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
                    ByTree.Add(pair.Key, ImmutableArray.Create(sorted));
                }
            }

            public Dictionary<IMethodSymbol, JobCodeMethod> Methods { get; }

            public Dictionary<SyntaxTree, ImmutableArray<JobCodeMethod>> ByTree { get; }

            public ImmutableArray<JobCodeMethod> GetMethodsIn(SyntaxTree tree)
                => ByTree.TryGetValue(tree, out var methods) ? methods : ImmutableArray<JobCodeMethod>.Empty;
        }

        private sealed class Walker
        {
            private readonly JobModel _model;
            private readonly JobCodeSearch _search;
            private readonly Compilation _compilation;
            private readonly CancellationToken _cancellationToken;
            private readonly Dictionary<IMethodSymbol, JobCodeMethod> _found = new(SymbolEqualityComparer.Default);
            private readonly Queue<WorkItem> _queue = new();

            // For each generic method reached, the instantiations it was reached with (GenericDispatch), each with the
            // method as reached that way: its entry point and depth, which the calls that depend on it inherit.
            private readonly Dictionary<IMethodSymbol, Dictionary<ImmutableArray<ITypeSymbol>, JobCodeMethod>> _instantiations = new(SymbolEqualityComparer.Default);

            public Walker(JobModel model, JobCodeSearch search, CancellationToken cancellationToken)
            {
                _model = model;
                _search = search;
                _compilation = model.Compilation;
                _cancellationToken = cancellationToken;
            }

            /// <summary>Entry points known from declarations: interface implementations, overrides, configured interfaces.</summary>
            public void AddDeclaredEntryPoints()
            {
                foreach (var sourceType in _model.SourceTypes.Types)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (sourceType.Kind != TypeKind.Class || !_search.MayDeclareEntryPoints(sourceType.Symbol, sourceType.IsHostedService, sourceType.Interfaces))
                    {
                        continue;
                    }

                    QueueLintOptions? options = null;
                    foreach (var member in sourceType.Symbol.GetMembers())
                    {
                        if (member is IMethodSymbol method && _search.MayBeEntryPoint(method))
                        {
                            options ??= _search.OptionsOf(sourceType.Symbol);
                            var kind = JobEntryPoints.GetKind(method, _model, options);
                            if (kind != JobEntryPointKind.None)
                            {
                                Add(method, null, kind, 0);
                            }
                        }
                    }
                }
            }

            /// <summary>Entry points known from enqueue sites: the methods Hangfire (or a configured wrapper) is told to run.</summary>
            public void AddEnqueuedJobs()
            {
                var analyzerOptions = _search.AnalyzerOptions;
                var finder = _model.GetSiteFinder(analyzerOptions);
                if (finder is null)
                {
                    return;
                }

                foreach (var tree in _compilation.SyntaxTrees)
                {
                    var semanticModel = CrossFileBinding.GetSemanticModel(_compilation, tree);
                    foreach (var site in finder.GetJobMethodSites(semanticModel, analyzerOptions, _cancellationToken))
                    {
                        var kind = JobCodeSearch.KindOf(site);
                        foreach (var method in _search.Expand(site.JobMethod!))
                        {
                            Add(method, null, kind, 0);
                        }
                    }
                }
            }

            public Dictionary<IMethodSymbol, JobCodeMethod> Run()
            {
                while (_queue.Count > 0)
                {
                    var (current, open, instantiation) = _queue.Dequeue();
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

                    if (!open)
                    {
                        current.Body = body;
                    }

                    // A method's calls are followed once, except those that depend on the type arguments of a generic
                    // method or class: once per instantiation it is reached with.
                    var generic = GenericDispatch.IsGeneric(current.Method) ? current.Method : null;
                    foreach (var operation in OperationHelpers.OperationsOfBody(body).OfKind(JobCodeSearch.Calls))
                    {
                        if (JobCodeSearch.GetCallee(operation) is not { } callee
                            || !_search.Follows(callee)
                            || open != (generic is not null && GenericDispatch.IsOpenCall(callee, generic)))
                        {
                            continue;
                        }

                        var called = open && !instantiation.IsDefault ? GenericDispatch.Specialize(callee, generic!, instantiation) ?? callee : callee;
                        foreach (var method in _search.Expand(called))
                        {
                            Add(method, current, current.EntryKind, current.Depth + 1, called);
                        }
                    }
                }

                return _found;
            }

            /// <summary>
            /// Adds a method reached from <paramref name="caller"/> (null for an entry point) by a call to
            /// <paramref name="calledAs"/>. Methods are found in the order of their depth; one found again as near takes
            /// the caller's entry point when it comes first. A generic method is also noted with the instantiation it is
            /// called with, for the calls of its that depend on it.
            /// </summary>
            private void Add(IMethodSymbol method, JobCodeMethod? caller, JobEntryPointKind kind, int depth, IMethodSymbol? calledAs = null)
            {
                method = method.OriginalDefinition;
                if (_found.TryGetValue(method, out var known))
                {
                    if (caller is not null && known.Depth == depth && _search.Precedes(caller.EntryDeclaration, known.EntryDeclaration))
                    {
                        known.TakeEntryPointOf(caller);
                    }
                }
                else if (_search.GetBodyDeclaration(method, _cancellationToken) is { } declaration)
                {
                    known = NewEntry(method, declaration, caller, kind, depth);
                    _found.Add(method, known);
                    _queue.Enqueue(new WorkItem(known, open: false, instantiation: default));
                }
                else
                {
                    return;
                }

                if (GenericDispatch.IsGeneric(method))
                {
                    AddInstantiation(known, GenericDispatch.InstantiationOf(calledAs, method), caller, kind, depth);
                }
            }

            private void AddInstantiation(JobCodeMethod found, ImmutableArray<ITypeSymbol> instantiation, JobCodeMethod? caller, JobEntryPointKind kind, int depth)
            {
                if (!_instantiations.TryGetValue(found.Method, out var reached))
                {
                    reached = new Dictionary<ImmutableArray<ITypeSymbol>, JobCodeMethod>(GenericDispatch.Comparer);
                    _instantiations.Add(found.Method, reached);
                }

                if (reached.TryGetValue(instantiation, out var known))
                {
                    if (caller is not null && known.Depth == depth && _search.Precedes(caller.EntryDeclaration, known.EntryDeclaration))
                    {
                        known.TakeEntryPointOf(caller);
                    }

                    return;
                }

                var via = NewEntry(found.Method, found.Declaration, caller, kind, depth);
                reached.Add(instantiation, via);
                _queue.Enqueue(new WorkItem(via, open: true, instantiation));
            }

            private static JobCodeMethod NewEntry(IMethodSymbol method, SyntaxNode declaration, JobCodeMethod? caller, JobEntryPointKind kind, int depth)
                => caller is null
                    ? new JobCodeMethod(method, declaration, method, kind, depth, declaration)
                    : new JobCodeMethod(method, declaration, caller.EntryPoint, caller.EntryKind, depth, caller.EntryDeclaration);

            /// <summary>A method whose calls are to be followed: all but those that depend on its type arguments, or only those, for one instantiation.</summary>
            private readonly struct WorkItem
            {
                private readonly JobCodeMethod _method;
                private readonly bool _open;
                private readonly ImmutableArray<ITypeSymbol> _instantiation;

                public WorkItem(JobCodeMethod method, bool open, ImmutableArray<ITypeSymbol> instantiation)
                {
                    _method = method;
                    _open = open;
                    _instantiation = instantiation;
                }

                public void Deconstruct(out JobCodeMethod method, out bool open, out ImmutableArray<ITypeSymbol> instantiation)
                {
                    method = _method;
                    open = _open;
                    instantiation = _instantiation;
                }
            }
        }
    }
}
