using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Data;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Failures;
using QueueLint.Model.Jobs;
using QueueLint.Model.Serialization;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model
{
    /// <summary>
    /// Per-compilation facts about background jobs: which framework calls enqueue work and with which payload,
    /// which methods run as jobs, which types are entities. Shared by every rule through
    /// <see cref="Get(Compilation)"/>, so symbols are resolved and types walked once per compilation.
    /// </summary>
    /// <remarks>
    /// Facts that a method's or call's own symbols decide (an enqueue site, an interface implementation, a
    /// <c>DbSet&lt;T&gt;</c> property) are answered at once, so the IDE shows them live. Facts that need every
    /// file (a type named only in <c>ModelBuilder.Entity&lt;T&gt;()</c>, a message type known only from a
    /// Publish site) are gathered by the rules and decided in compilation-end actions, which builds,
    /// CI and <c>dotnet format</c> always run.
    /// </remarks>
    internal sealed class JobModel
    {
        private static readonly ConditionalWeakTable<Compilation, JobModel> s_models = new();
        private static readonly ConditionalWeakTable<Compilation, JobModel>.CreateValueCallback s_create = c => new JobModel(c);

        // Trees of compilations whose model was asked whether it is an edit: a compilation holding one of them again is an
        // edit of an earlier one (a new compilation after a keystroke), where a file is analyzed alone.
        private static readonly ConditionalWeakTable<SyntaxTree, object> s_seenTrees = new();
        private static readonly object s_seen = new();

        private readonly ImmutableArray<IEnqueueAdapter> _adapters;
        private readonly ConcurrentDictionary<ImmutableArray<string>, ImmutableHashSet<INamedTypeSymbol>> _resolvedTypes = new();
        private readonly ConcurrentDictionary<ImmutableArray<string>, ImmutableHashSet<IMethodSymbol>> _resolvedMethods = new();
        private EntityCatalog? _entities;
        private ImmutableHashSet<INamedTypeSymbol>? _consumedMessageTypes;
        private EnqueueSiteActions.SiteFinder? _siteFinder;
        private bool _siteFinderCreated;
        private Dictionary<SyntaxTree, ImmutableArray<INamedTypeSymbol>>? _consumedMessageTypesByTree;
        private HashSet<string>? _consumerBaseListNames;
        private WolverineDispatch? _wolverineDispatch;
        private SourceTypes? _sourceTypes;
        private int _isEdit;
        private Dictionary<SyntaxTree, int>? _treeOrder;
        // One lock for every fact computed on first use: each is computed once (concurrent rules wait for the first
        // instead of repeating its work), and facts that need one another cannot deadlock (the lock is reentrant).
        private readonly object _factsLock = new();
        private JobCode? _jobCode;
        private FailureReporters? _failureReporters;
        private FailureCoverage? _failureCoverage;
        private EntityFrameworkJobFacts? _entityFrameworkJobFacts;
        private PayloadTypes? _payloadTypes;

        private JobModel(Compilation compilation)
        {
            Symbols = new KnownSymbols(compilation);
            var adapters = ImmutableArray.CreateBuilder<IEnqueueAdapter>();
            if (Symbols.HasHangfire)
            {
                adapters.Add(new HangfireAdapter(Symbols));
            }

            if (Symbols.QuartzJobDataMap is not null)
            {
                adapters.Add(new QuartzAdapter(Symbols));
            }

            if (Symbols.HasMassTransit)
            {
                adapters.Add(new MassTransitAdapter(Symbols));
            }

            if (Symbols.HasRebus)
            {
                adapters.Add(new RebusAdapter(Symbols));
            }

            if (Symbols.HasWolverine)
            {
                adapters.Add(new WolverineAdapter(Symbols));
            }

            if (Symbols.HasCap)
            {
                adapters.Add(new CapAdapter(Symbols));
            }

            if (Symbols.WebJobsQueueAttribute is not null)
            {
                adapters.Add(new AzureFunctionsAdapter(Symbols));
            }

            if (Symbols.HasDurableTask)
            {
                adapters.Add(new DurableTaskAdapter(Symbols));
            }

            adapters.Add(new UserDeclaredAdapter(this));
            _adapters = adapters.ToImmutable();
        }

        public static JobModel Get(Compilation compilation) => s_models.GetValue(compilation, s_create);

        public KnownSymbols Symbols { get; }

        public Compilation Compilation => Symbols.Compilation;

        /// <summary>Entity facts, computed on first use.</summary>
        public EntityCatalog Entities => Once(ref _entities, static model => EntityCatalog.Create(model));

        /// <summary>
        /// Whether any rule has work in this compilation: a job framework is referenced, or the global
        /// configuration declares enqueue wrappers or job interfaces. Rules register nothing otherwise.
        /// </summary>
        public bool IsActive(QueueLintOptions globalOptions) => Symbols.HasJobFramework || globalOptions.DeclaresJobs;

        public bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site)
        {
            foreach (var adapter in _adapters)
            {
                if (adapter.TryGetEnqueueSite(operation, options, out site))
                {
                    return true;
                }
            }

            site = null;
            return false;
        }

        /// <summary>
        /// The enqueue-site finder shared by every rule of this compilation (null when nothing here can enqueue).
        /// The options are those of the first rule to ask: every analyzer of a compilation is given the same ones.
        /// </summary>
        internal EnqueueSiteActions.SiteFinder? GetSiteFinder(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options)
        {
            if (Volatile.Read(ref _siteFinderCreated))
            {
                return _siteFinder;
            }

            lock (_factsLock)
            {
                if (!_siteFinderCreated)
                {
                    _siteFinder = EnqueueSiteActions.CreateFinder(this, options);
                    Volatile.Write(ref _siteFinderCreated, true);
                }

                return _siteFinder;
            }
        }

        /// <summary>Each syntax tree's place in the compilation's order of files: what "first declared" and "first found" go by.</summary>
        public Dictionary<SyntaxTree, int> TreeOrder
        {
            get
            {
                var order = Volatile.Read(ref _treeOrder);
                if (order is null)
                {
                    order = new Dictionary<SyntaxTree, int>();
                    foreach (var tree in Compilation.SyntaxTrees)
                    {
                        order[tree] = order.Count;
                    }

                    // Two threads may build it at once: both build the same order.
                    Volatile.Write(ref _treeOrder, order);
                }

                return order;
            }
        }

        /// <summary>The types declared in source, found on first use.</summary>
        public SourceTypes SourceTypes => Once(ref _sourceTypes, static model => new SourceTypes(model));

        /// <summary>
        /// Whether this compilation is an edit of one analyzed before: it shares syntax trees with it, as the compilation an
        /// IDE makes after a keystroke does. Decided on first use.
        /// </summary>
        internal bool IsEdit
        {
            get
            {
                var isEdit = Volatile.Read(ref _isEdit);
                if (isEdit == 0)
                {
                    isEdit = SharesSeenTrees(Compilation) ? 2 : 1;
                    Interlocked.CompareExchange(ref _isEdit, isEdit, 0);
                    isEdit = Volatile.Read(ref _isEdit);
                }

                return isEdit == 2;
            }
        }

        /// <summary>Whether the compilation shares trees with one whose model was asked before whether it is an edit, and marks its own.</summary>
        private static bool SharesSeenTrees(Compilation compilation)
        {
            var trees = compilation.SyntaxTrees as IReadOnlyList<SyntaxTree> ?? compilation.SyntaxTrees.ToList();
            if (trees.Count == 0)
            {
                return false;
            }

            // The first, middle and last files: an edit touches one file and the compilation keeps the others' trees. All
            // are looked up before any is marked, so that a compilation of one or two files does not find its own mark.
            var samples = new[] { trees[0], trees[trees.Count / 2], trees[trees.Count - 1] };
            var seen = false;
            foreach (var tree in samples)
            {
                seen |= s_seenTrees.TryGetValue(tree, out _);
            }

            foreach (var tree in samples)
            {
                s_seenTrees.GetValue(tree, static _ => s_seen);
            }

            return seen;
        }

        /// <summary>
        /// True while facts are answered for what is asked rather than for the whole compilation: in an edit, until job
        /// code is found whole after all (<see cref="JobCode.AnswersByReach"/>).
        /// </summary>
        internal bool AnswersByReach => Volatile.Read(ref _jobCode) is { } jobCode ? jobCode.AnswersByReach : IsEdit;

        /// <summary>
        /// Job code of this compilation (entry points and the source methods they call), found as rules ask
        /// (<see cref="JobCode"/>: whole, or for the files asked about).
        /// </summary>
        public JobCode GetJobCode(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options, CancellationToken cancellationToken)
            => Once(ref _jobCode, (options, cancellationToken), static (model, state) => JobCode.Create(model, state.options, state.cancellationToken));

        /// <summary>The central failure reporters this compilation configures, found by the first rule to ask.</summary>
        public FailureReporters GetFailureReporters(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options, CancellationToken cancellationToken)
            => Once(ref _failureReporters, (options, cancellationToken), static (model, state) => FailureReporters.Create(model, state.options, state.cancellationToken));

        /// <summary>Which work in a job's body can throw past it unreported (answers cached per compilation).</summary>
        public FailureCoverage FailureCoverage => Once(ref _failureCoverage, static model => new FailureCoverage(model));

        /// <summary>Which messages the compilation only invokes through Wolverine, computed on first use (only where Wolverine handlers are asked about).</summary>
        public WolverineDispatch WolverineDispatch => Once(ref _wolverineDispatch, static model => WolverineDispatch.Create(model.Compilation, model.Symbols, CancellationToken.None));

        /// <summary>What job code does with EF Core (which methods save, which entities jobs load by key), each answer found when first asked.</summary>
        public EntityFrameworkJobFacts GetEntityFrameworkJobFacts(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options, CancellationToken cancellationToken)
            => Once(
                ref _entityFrameworkJobFacts,
                (options, cancellationToken),
                static (model, state) => EntityFrameworkJobFacts.Create(model, model.GetJobCode(state.options, state.cancellationToken)));

        /// <summary>How payload types fare under their serializers (verdicts cached per type and serializer).</summary>
        public PayloadTypes PayloadTypes => Once(ref _payloadTypes, static model => new PayloadTypes(model.Symbols));

        /// <summary>
        /// The serializer that writes what <paramref name="site"/> hands over, or null where the framework keeps it in
        /// memory or its serializer is not modelled (a broker whose serializer is configured elsewhere).
        /// </summary>
        public PayloadSerializer? GetPayloadSerializer(EnqueueSite site, CancellationToken cancellationToken)
            => site.Framework switch
            {
                JobFramework.Hangfire => Hangfire.HangfireSerialization.Serializer(Compilation, cancellationToken),

                // A wrapper that takes a job expression, in a project that references Hangfire, hands it to Hangfire.
                JobFramework.UserDeclared when site.JobInvocation is not null && Symbols.HasHangfire => Hangfire.HangfireSerialization.Serializer(Compilation, cancellationToken),
                JobFramework.MassTransit when !SerializerSettings.Has(Compilation, SerializerSetting.MassTransitSerializer, cancellationToken) => PayloadSerializer.MassTransit,
                JobFramework.Rebus when !SerializerSettings.Has(Compilation, SerializerSetting.RebusSerializer, cancellationToken) => PayloadSerializer.Rebus,
                JobFramework.Cap when !SerializerSettings.Has(Compilation, SerializerSetting.CapSerializer, cancellationToken) => PayloadSerializer.Cap,
                JobFramework.DurableTask => GetDurableSerializer(site, cancellationToken),
                JobFramework.Quartz when SerializerSettings.Has(Compilation, SerializerSetting.QuartzUseProperties, cancellationToken) => PayloadSerializer.QuartzProperties,
                _ => null,
            };

        /// <summary>
        /// The Durable Task SDK's calls (<c>TaskOrchestrationContext</c>, <c>DurableTaskClient</c>): in an isolated Functions
        /// app the worker's serializer, which its Durable extension makes the data converter; elsewhere the SDK's own
        /// converter. Null for in-process Durable Functions, and where the code configures the serializer.
        /// </summary>
        private PayloadSerializer? GetDurableSerializer(EnqueueSite site, CancellationToken cancellationToken)
        {
            if (site.Operation is not Microsoft.CodeAnalysis.Operations.IInvocationOperation { TargetMethod.ContainingType: var type }
                || !(type.InheritsFrom(Symbols.DurableTaskOrchestrationContext) || type.InheritsFrom(Symbols.DurableTaskClient)))
            {
                return null;
            }

            return Symbols.FunctionsActivityTriggerAttribute is not null
                ? SerializerSettings.Has(Compilation, SerializerSetting.FunctionsSerializer, cancellationToken) ? null : PayloadSerializer.FunctionsWorker
                : SerializerSettings.Has(Compilation, SerializerSetting.DurableDataConverter, cancellationToken) ? null : PayloadSerializer.DurableTask;
        }

        /// <summary>Where what <paramref name="site"/> hands over is kept, as messages say it: "kept in Hangfire's job storage".</summary>
        public static string DescribePayloadStore(EnqueueSite site)
            => site.Framework switch
            {
                JobFramework.Hangfire => "Hangfire's job storage (failed jobs stay until deleted)",
                JobFramework.Quartz => "Quartz's job store",
                JobFramework.MassTransit => "the broker's queues (and the _error queue when the message faults)",
                JobFramework.Rebus => "the transport's queues (and the error queue when the message fails)",
                JobFramework.Wolverine => "the transport's queues or Wolverine's message storage (and its dead letters)",
                JobFramework.Cap => "CAP's message tables",
                JobFramework.AzureFunctions => "the queue (and the poison queue when the function fails)",
                JobFramework.DurableTask => "the task hub's history",
                _ => "job storage",
            };

        /// <summary>
        /// <paramref name="fact"/>, computed by <paramref name="create"/> the first time it is asked for. The factories
        /// are static lambdas given the model, so that asking again allocates nothing.
        /// </summary>
        private T Once<T>(ref T? fact, Func<JobModel, T> create)
            where T : class
            => Once(ref fact, create, static (model, create) => create(model));

        private T Once<T, TState>(ref T? fact, TState state, Func<JobModel, TState, T> create)
            where T : class
        {
            var value = Volatile.Read(ref fact);
            if (value is not null)
            {
                return value;
            }

            lock (_factsLock)
            {
                return fact ??= create(this, state);
            }
        }

        public JobEntryPointKind GetEntryPointKind(IMethodSymbol method, QueueLintOptions options)
            => JobEntryPoints.GetKind(method, this, options);

        /// <summary>
        /// Message types consumed in this compilation (<c>T</c> of a <see cref="KnownSymbols.MessageHandlerInterfaces"/>
        /// interface implemented by a source type), computed on first use.
        /// </summary>
        public ImmutableHashSet<INamedTypeSymbol> ConsumedMessageTypes
            => Once(ref _consumedMessageTypes, static model => model.CollectConsumedMessageTypes());

        /// <summary>
        /// Consumed message types that this file declares, or whose source base type it declares: rules report
        /// message properties from the file that holds them, so that the IDE shows them live.
        /// </summary>
        public ImmutableArray<INamedTypeSymbol> GetConsumedMessageTypesDeclaredIn(SyntaxTree tree)
        {
            if (Volatile.Read(ref _consumedMessageTypesByTree) is null && AnswersByReach)
            {
                // In an edit, a file that declares no type a consumer's base list names (nor a base of one) declares no
                // consumed message type: answered from syntax, without binding every consumer.
                var named = Once(ref _consumerBaseListNames, static model => model.GetHandledMessageNames());
                if (!SourceTypes.DeclaresOrIsBaseOfAny(tree, named))
                {
                    return ImmutableArray<INamedTypeSymbol>.Empty;
                }
            }

            var map = Once(ref _consumedMessageTypesByTree, static model =>
            {
                var builders = new Dictionary<SyntaxTree, ImmutableArray<INamedTypeSymbol>.Builder>();
                foreach (var type in model.ConsumedMessageTypes)
                {
                    for (var current = type; current is not null && current.IsInSource(); current = current.BaseType)
                    {
                        foreach (var reference in current.DeclaringSyntaxReferences)
                        {
                            if (!builders.TryGetValue(reference.SyntaxTree, out var list))
                            {
                                list = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
                                builders.Add(reference.SyntaxTree, list);
                            }

                            if (!list.Contains(type))
                            {
                                list.Add(type);
                            }
                        }
                    }
                }

                var result = new Dictionary<SyntaxTree, ImmutableArray<INamedTypeSymbol>>(builders.Count);
                foreach (var pair in builders)
                {
                    result.Add(pair.Key, pair.Value.ToImmutable());
                }

                return result;
            });

            return map.TryGetValue(tree, out var types) ? types : ImmutableArray<INamedTypeSymbol>.Empty;
        }

        /// <summary>Configured metadata names resolved to types (unknown names are ignored).</summary>
        public ImmutableHashSet<INamedTypeSymbol> ResolveTypes(ImmutableArray<string> names)
            => _resolvedTypes.GetOrAdd(names, n =>
            {
                var builder = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
                foreach (var name in n)
                {
                    if (Compilation.GetTypeByMetadataName(name) is { } type)
                    {
                        builder.Add(type.OriginalDefinition);
                    }
                }

                return builder.ToImmutable();
            });

        /// <summary>Configured <c>Namespace.Type.Method</c> names resolved to every overload of that method.</summary>
        public ImmutableHashSet<IMethodSymbol> ResolveMethods(ImmutableArray<string> names)
            => _resolvedMethods.GetOrAdd(names, n =>
            {
                var builder = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
                foreach (var name in n)
                {
                    var dot = name.LastIndexOf('.');
                    if (dot <= 0 || dot == name.Length - 1)
                    {
                        continue;
                    }

                    if (Compilation.GetTypeByMetadataName(name.Substring(0, dot)) is { } type)
                    {
                        foreach (var member in type.GetMembers(name.Substring(dot + 1)))
                        {
                            if (member is IMethodSymbol method)
                            {
                                builder.Add(method.OriginalDefinition);
                            }
                        }
                    }
                }

                return builder.ToImmutable();
            });

        /// <summary>
        /// The simple names a consumed message type may have, read from syntax: the names in the base lists of the
        /// handler interfaces' implementations, and the message parameters' type names of Wolverine's and CAP's candidate
        /// handlers, of queue-triggered functions and of activities.
        /// </summary>
        private HashSet<string> GetHandledMessageNames()
        {
            var names = SourceTypes.GetBaseListNamesOfSubtypes(Symbols.MessageHandlerInterfaces);
            if (Symbols.HasWolverine || Symbols.HasCap || Symbols.HasAzureFunctions)
            {
                foreach (var tree in Compilation.SyntaxTrees)
                {
                    var declarations = HandlerDeclarations.Get(tree, CancellationToken.None);
                    names.UnionWith(declarations.WolverineMessageNames);
                    names.UnionWith(declarations.CapMessageNames);
                    names.UnionWith(declarations.FunctionMessageNames);
                }
            }

            return names;
        }

        private ImmutableHashSet<INamedTypeSymbol> CollectConsumedMessageTypes()
        {
            var builder = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            if (Symbols.HasWolverine || Symbols.HasCap || Symbols.HasAzureFunctions)
            {
                AddDeclaredHandlerMessageTypes(builder);
            }

            var handlers = Symbols.MessageHandlerInterfaces;
            if (System.Array.TrueForAll(handlers, handler => handler is null))
            {
                return builder.ToImmutable();
            }

            foreach (var (type, interfaces) in SourceTypes.GetMayImplementAny(handlers))
            {
                if (type.TypeKind == TypeKind.Class)
                {
                    AddConsumedMessageTypes(interfaces, builder);
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>
        /// The message types of the handlers found by convention or attribute rather than by an interface — the first
        /// parameters' types of Wolverine's handlers, the message parameters' types of CAP's subscriptions and of
        /// queue-triggered functions and of activities — from each file's
        /// candidates (<see cref="HandlerDeclarations"/>), in one pass that binds only the files that have some.
        /// </summary>
        private void AddDeclaredHandlerMessageTypes(ImmutableHashSet<INamedTypeSymbol>.Builder builder)
        {
            foreach (var tree in Compilation.SyntaxTrees)
            {
                var declarations = HandlerDeclarations.Get(tree, CancellationToken.None);
                var wolverine = Symbols.HasWolverine ? declarations.WolverineCandidates : ImmutableArray<MethodDeclarationSyntax>.Empty;
                var cap = Symbols.HasCap ? declarations.CapSubscriptions : ImmutableArray<MethodDeclarationSyntax>.Empty;
                var functions = Symbols.HasAzureFunctions ? declarations.Functions : ImmutableArray<MethodDeclarationSyntax>.Empty;
                if (wolverine.IsEmpty && cap.IsEmpty && functions.IsEmpty)
                {
                    continue;
                }

                var semanticModel = CrossFileBinding.GetSemanticModel(Compilation, tree);
                foreach (var declaration in wolverine)
                {
                    // A MassTransit consumer or a Rebus handler (named …Consumer, …Handler) is its own framework's:
                    // its messages come from its interfaces.
                    if (semanticModel.GetDeclaredSymbol(declaration) is IMethodSymbol method
                        && !ImplementsMessageHandlerInterface(method.ContainingType)
                        && WolverineHandlers.IsQueuedHandler(method, this)
                        && WolverineHandlers.GetMessageType(method) is { TypeKind: not TypeKind.TypeParameter } message)
                    {
                        builder.Add(message.OriginalDefinition);
                    }
                }

                foreach (var declaration in cap)
                {
                    if (semanticModel.GetDeclaredSymbol(declaration) is IMethodSymbol method
                        && CapSubscribers.IsSubscription(method, Symbols)
                        && CapSubscribers.GetMessageParameter(method, Symbols)?.Type is INamedTypeSymbol { TypeKind: not TypeKind.TypeParameter } message)
                    {
                        builder.Add(message.OriginalDefinition);
                    }
                }

                foreach (var declaration in functions)
                {
                    // A message bound as a string, bytes or the queue's own message type is not a contract of the application.
                    if (semanticModel.GetDeclaredSymbol(declaration) is IMethodSymbol method
                        && AzureFunctions.GetMessageParameter(method, Symbols)?.Type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None } message
                        && message.IsDeclaredIn(Compilation))
                    {
                        builder.Add(message.OriginalDefinition);
                    }
                }
            }
        }

        private bool ImplementsMessageHandlerInterface(INamedTypeSymbol type)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (Symbols.IsMessageHandlerInterface(implemented.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        private void AddConsumedMessageTypes(ImmutableArray<INamedTypeSymbol> interfaces, ImmutableHashSet<INamedTypeSymbol>.Builder builder)
        {
            foreach (var implemented in interfaces)
            {
                var definition = implemented.OriginalDefinition;
                if (Symbols.IsMessageHandlerInterface(definition)
                    && implemented.TypeArguments[0] is INamedTypeSymbol message
                    && message.TypeKind != TypeKind.TypeParameter)
                {
                    builder.Add(message.OriginalDefinition);
                }
            }
        }
    }
}
