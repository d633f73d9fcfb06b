using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>An enqueue site handed to a rule, with what the rule needs to report on it.</summary>
    internal readonly struct EnqueueSiteContext
    {
        private readonly Action<Diagnostic> _report;

        public EnqueueSiteContext(EnqueueSite site, QueueLintOptions options, SemanticModel semanticModel, AnalyzerOptions analyzerOptions, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            Site = site;
            Options = options;
            SemanticModel = semanticModel;
            AnalyzerOptions = analyzerOptions;
            _report = report;
            CancellationToken = cancellationToken;
        }

        public EnqueueSite Site { get; }

        /// <summary>The <c>queuelint.*</c> options of the site's file.</summary>
        public QueueLintOptions Options { get; }

        public SemanticModel SemanticModel { get; }

        public AnalyzerOptions AnalyzerOptions { get; }

        public CancellationToken CancellationToken { get; }

        public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);
    }

    /// <summary>
    /// Delivers enqueue sites to rules. Most code is not job code, so the search is narrowed cheaply before
    /// anything is bound: a file is walked only when its text contains a name that some framework (or a
    /// configured wrapper) enqueues with, and a call in it is bound, and handed to the adapters, only when it
    /// invokes such a name. The adapters then decide by symbol. Syntax-node or operation actions would make
    /// the compiler walk (or build an operation tree for) every method body of the compilation instead.
    /// </summary>
    internal static class EnqueueSiteActions
    {
        // A framework's enqueue names are common words (Create, Schedule, Enqueue, AddOrUpdate, Add, Publish, Send), so
        // they are looked for only in files whose text also names that framework: its namespace, or the types whose
        // members they are. A call is bound only when its name is one of the active frameworks' names.
        private static readonly NameGroup s_hangfire = new(
            new[] { "Enqueue", "Schedule", "ContinueJobWith", "ContinueWith", "Create", "AddOrUpdate" },
            new[] { "Hangfire", "BackgroundJob", "RecurringJob" },
            dataMap: false,
            namesJobMethods: true);

        private static readonly NameGroup s_quartz = new(
            new[] { "Put", "Add", "PutAsString", "UsingJobData" },
            new[] { "JobDataMap", "UsingJobData" },
            dataMap: true,
            namesJobMethods: false);

        private static readonly NameGroup s_massTransit = new(
            new[] { "Publish", "Send" },
            new[] { "MassTransit", "IPublishEndpoint", "ISendEndpoint", "IBus", "ConsumeContext" },
            dataMap: false,
            namesJobMethods: false);

        private static readonly NameGroup s_rebus = new(
            RebusAdapter.MethodNames,
            new[] { "Rebus", "IBus", "ISyncBus", "Advanced" },
            dataMap: false,
            namesJobMethods: false);

        private static readonly NameGroup s_wolverine = new(
            WolverineAdapter.MethodNames,
            new[] { "Wolverine", "IMessageBus", "IMessageContext", "Outbox", "EndpointFor" },
            dataMap: false,
            namesJobMethods: false);

        private static readonly NameGroup s_cap = new(
            CapAdapter.MethodNames,
            new[] { "CapPublisher" },
            dataMap: false,
            namesJobMethods: false);

        // Both models' namespaces (Microsoft.DurableTask, Microsoft.Azure.WebJobs.Extensions.DurableTask) and their
        // context and client types.
        private static readonly NameGroup s_durableTask = new(
            DurableTaskAdapter.MethodNames,
            new[] { "DurableTask", "OrchestrationContext", "OrchestrationClient", "DurableClient" },
            dataMap: false,
            namesJobMethods: false);

        private static readonly NameGroup s_azureFunctions = new(
            AzureFunctionsAdapter.MethodNames,
            new[] { "IAsyncCollector", "ICollector" },
            dataMap: false,
            namesJobMethods: false);

        /// <summary>Calls <paramref name="action"/> for every enqueue site of the compilation.</summary>
        public static void Register(CompilationStartAnalysisContext context, JobModel model, Action<EnqueueSiteContext> action)
        {
            var finder = model.GetSiteFinder(context.Options);
            if (finder is null)
            {
                return;
            }

            context.RegisterSemanticModelAction(modelContext =>
            {
                var sites = finder.GetSites(modelContext.SemanticModel, modelContext.Options, modelContext.CancellationToken);
                if (sites.IsEmpty)
                {
                    return;
                }

                // One delegate for the file, which leaves out generated code (a delegate over the context struct would box a copy of it).
                var report = Reporting.ReportFor(modelContext);
                foreach (var (site, options) in sites)
                {
                    action(new EnqueueSiteContext(site, options, modelContext.SemanticModel, modelContext.Options, report, modelContext.CancellationToken));
                }
            });
        }

        /// <summary>The finder for a compilation, or null when nothing in it can enqueue.</summary>
        internal static SiteFinder? CreateFinder(JobModel model, AnalyzerOptions analyzerOptions)
        {
            var symbols = model.Symbols;
            var groups = ImmutableArray.CreateBuilder<NameGroup>();
            if (symbols.HasHangfire)
            {
                groups.Add(s_hangfire);
            }

            if (symbols.QuartzJobDataMap is not null)
            {
                groups.Add(s_quartz);
            }

            if (symbols.HasMassTransit)
            {
                groups.Add(s_massTransit);
            }

            if (symbols.HasRebus)
            {
                groups.Add(s_rebus);
            }

            if (symbols.HasWolverine)
            {
                groups.Add(s_wolverine);
            }

            if (symbols.HasCap)
            {
                groups.Add(s_cap);
            }

            if (symbols.WebJobsQueueAttribute is not null)
            {
                groups.Add(s_azureFunctions);
            }

            if (symbols.HasDurableTask)
            {
                groups.Add(s_durableTask);
            }

            // Configured wrappers are the application's own names: each is its own marker.
            var wrappers = ImmutableHashSet.CreateRange(StringComparer.Ordinal, CollectWrapperNames(model.Compilation, analyzerOptions));
            if (!wrappers.IsEmpty)
            {
                groups.Add(new NameGroup(wrappers, wrappers, dataMap: false, namesJobMethods: true));
            }

            return groups.Count == 0 ? null : new SiteFinder(model, groups.ToImmutable(), hasWrappers: !wrappers.IsEmpty);
        }

        /// <summary>Enqueue names of one framework, and the words that must be in a file for them to be looked for.</summary>
        internal sealed class NameGroup
        {
            public NameGroup(IEnumerable<string> names, IEnumerable<string> markers, bool dataMap, bool namesJobMethods)
            {
                Names = ImmutableHashSet.CreateRange(StringComparer.Ordinal, names);
                Markers = new TextFilter(markers);
                DataMap = dataMap;
                NamesJobMethods = namesJobMethods;
            }

            public ImmutableHashSet<string> Names { get; }

            public TextFilter Markers { get; }

            /// <summary>Whether the group's sites include Quartz data-map indexer assignments and collection initializers.</summary>
            public bool DataMap { get; }

            /// <summary>Whether the group's sites name a job method in an expression (Hangfire, configured wrappers).</summary>
            public bool NamesJobMethods { get; }
        }

        /// <summary>
        /// Finds the enqueue sites of a file once for all rules: binding the candidate calls is the costly part,
        /// and every rule that reads enqueue sites needs the same ones.
        /// </summary>
        internal sealed class SiteFinder
        {
            private readonly JobModel _model;
            private readonly ImmutableArray<NameGroup> _groups;

            // Each group's marker words, by the group's index.
            private readonly TextFilter[] _markers;

            // For each enqueue name, the groups (bits by index in _groups) that have it: one lookup per call.
            private readonly Dictionary<string, int> _nameGroups = new(StringComparer.Ordinal);
            private readonly ConcurrentDictionary<SyntaxTree, ImmutableArray<(EnqueueSite, QueueLintOptions)>> _sites = new();

            // Calls already read for job code, so that the file's own search does not read them again.
            private readonly ConcurrentDictionary<SyntaxNode, EnqueueSite?> _readForJobCode = new();

            // The groups whose marker words a file's text holds, read while finding job code, so that the file's own
            // search does not read its text again.
            private readonly ConcurrentDictionary<SyntaxTree, int> _activeByTree = new();

            // The groups that name job methods whose marker words a file's text holds, for the search from a job method up.
            private readonly ConcurrentDictionary<SyntaxTree, int> _jobMethodActiveByTree = new();

            // The groups whose sites name a job method in an expression (bits by index in _groups).
            private readonly int _jobMethodGroups;

            public SiteFinder(JobModel model, ImmutableArray<NameGroup> groups, bool hasWrappers)
            {
                _model = model;
                HasWrappers = hasWrappers;
                _groups = groups;
                _markers = new TextFilter[groups.Length];
                for (var i = 0; i < groups.Length; i++)
                {
                    _markers[i] = groups[i].Markers;
                    foreach (var name in groups[i].Names)
                    {
                        _nameGroups[name] = (_nameGroups.TryGetValue(name, out var mask) ? mask : 0) | (1 << i);
                    }

                    if (groups[i].NamesJobMethods)
                    {
                        _jobMethodGroups |= 1 << i;
                    }
                }
            }

            public ImmutableArray<(EnqueueSite Site, QueueLintOptions Options)> GetSites(SemanticModel semanticModel, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
            {
                var tree = semanticModel.SyntaxTree;
                if (_sites.TryGetValue(tree, out var cached))
                {
                    return cached;
                }

                // Computed outside the dictionary so that a cancelled search leaves nothing half-done behind.
                var sites = Find(semanticModel, analyzerOptions, cancellationToken);
                return _sites.GetOrAdd(tree, sites);
            }

            /// <summary>
            /// The sites of a file that name a job method in an expression (Hangfire, configured wrappers): where job
            /// code starts. Only calls with a lambda argument are bound, and the file's other sites are left to the
            /// rules that read them in the file's own turn.
            /// </summary>
            public ImmutableArray<EnqueueSite> GetJobMethodSites(SemanticModel semanticModel, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
            {
                var builder = ImmutableArray.CreateBuilder<EnqueueSite>();
                if (_sites.TryGetValue(semanticModel.SyntaxTree, out var cached))
                {
                    foreach (var (site, _) in cached)
                    {
                        if (NamesJobMethod(site))
                        {
                            builder.Add(site);
                        }
                    }

                    return builder.ToImmutable();
                }

                // Every group's words are looked for in the one reading of the text, and kept for the file's own search.
                var tree = semanticModel.SyntaxTree;
                var allActive = GetActiveGroups(tree.GetText(cancellationToken));
                _activeByTree[tree] = allActive;
                var active = allActive & _jobMethodGroups;
                if (active == 0)
                {
                    return ImmutableArray<EnqueueSite>.Empty;
                }

                QueueLintOptions? options = null;
                var file = FileSyntax.Get(tree, cancellationToken);
                for (var i = 0; i < file.Invocations.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var invocation = file.Invocations[i];
                    if (!IsSiteName(file.InvokedNames[i], active) || !HasLambdaArgument(invocation))
                    {
                        continue;
                    }

                    options ??= QueueLintOptions.Get(analyzerOptions, tree);
                    if (ReadForJobCode(semanticModel, invocation, options, cancellationToken) is { } site && NamesJobMethod(site))
                    {
                        builder.Add(site);
                    }
                }

                return builder.ToImmutable();
            }

            /// <summary>Whether the options configure enqueue wrappers: otherwise every site that names a job method is Hangfire's.</summary>
            public bool HasWrappers { get; }

            /// <summary>Whether a call of this simple name may be a site that names a job method in an expression.</summary>
            public bool MayNameJobMethod(string name) => IsSiteName(name, _jobMethodGroups);

            /// <summary>
            /// The site <paramref name="invocation"/> is, when it names a job method in an expression (as
            /// <see cref="GetJobMethodSites"/> would find it), else null: for the search from a job method up to the
            /// sites that enqueue it, which binds only the calls whose lambda calls that method's name.
            /// </summary>
            public EnqueueSite? GetJobMethodSite(InvocationExpressionSyntax invocation, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
            {
                // The call's name first: the file's text is read only for a call that may be a site.
                var name = EnqueueSiteActions.GetInvokedName(invocation);
                if (!IsSiteName(name, _jobMethodGroups) || !HasLambdaArgument(invocation))
                {
                    return null;
                }

                var tree = invocation.SyntaxTree;
                if (!_jobMethodActiveByTree.TryGetValue(tree, out var active))
                {
                    active = _jobMethodActiveByTree.GetOrAdd(tree, GetActiveGroups(tree.GetText(cancellationToken)) & _jobMethodGroups);
                }

                if (active == 0 || !IsSiteName(name, active))
                {
                    return null;
                }

                if (!_readForJobCode.TryGetValue(invocation, out var site))
                {
                    var semanticModel = CrossFileBinding.GetSemanticModel(_model.Compilation, tree);
                    site = ReadForJobCode(semanticModel, invocation, QueueLintOptions.Get(analyzerOptions, tree), cancellationToken);
                }

                return site is not null && NamesJobMethod(site) ? site : null;
            }

            /// <summary>The site a call is (or null), bound and kept for the file's own search, so that it does not bind the call again.</summary>
            private EnqueueSite? ReadForJobCode(SemanticModel semanticModel, InvocationExpressionSyntax invocation, QueueLintOptions options, CancellationToken cancellationToken)
            {
                var site = semanticModel.GetOperation(invocation, cancellationToken) is { } operation && _model.TryGetEnqueueSite(operation, options, out var found) ? found : null;
                _readForJobCode[invocation] = site;
                return site;
            }

            /// <summary>Whether a site names the job method in an expression (Hangfire, configured wrappers): where job code starts.</summary>
            private static bool NamesJobMethod(EnqueueSite site)
                => site.JobMethod is not null && site.Framework is JobFramework.Hangfire or JobFramework.UserDeclared;

            private static bool HasLambdaArgument(InvocationExpressionSyntax invocation)
            {
                foreach (var argument in invocation.ArgumentList.Arguments)
                {
                    if (argument.Expression is LambdaExpressionSyntax)
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>The groups whose marker words the text holds (bits by index in _groups), in one reading of it.</summary>
            private int GetActiveGroups(SourceText text)
                => _groups.Length == 0 ? 0 : TextFilter.MayContainEach(text, _markers, (1 << _groups.Length) - 1);

            private ImmutableArray<(EnqueueSite, QueueLintOptions)> Find(SemanticModel semanticModel, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
            {
                var tree = semanticModel.SyntaxTree;
                var active = _activeByTree.TryRemove(tree, out var known) ? known : GetActiveGroups(tree.GetText(cancellationToken));

                if (active == 0)
                {
                    return ImmutableArray<(EnqueueSite, QueueLintOptions)>.Empty;
                }

                var builder = ImmutableArray.CreateBuilder<(EnqueueSite, QueueLintOptions)>();
                QueueLintOptions? options = null;
                var file = FileSyntax.Get(tree, cancellationToken);
                for (var i = 0; i < file.Nodes.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // A call is judged by its name, read with the file's walk, without visiting the call again.
                    var name = file.NodeNames[i];
                    if (name is not null ? !IsSiteName(name, active) : !MayBeDataMapSite(file.Nodes[i], active))
                    {
                        continue;
                    }

                    var node = file.Nodes[i];
                    options ??= QueueLintOptions.Get(analyzerOptions, tree);

                    // A call already read for job code is not looked up again.
                    if (_readForJobCode.TryRemove(node, out var read))
                    {
                        if (read is not null)
                        {
                            builder.Add((read, options));
                        }

                        continue;
                    }

                    var operation = semanticModel.GetOperation(node, cancellationToken);
                    if (operation is null)
                    {
                        continue;
                    }

                    if (operation is IObjectOrCollectionInitializerOperation initializer)
                    {
                        // { "key", value } elements are implicit Add calls, reachable only through their initializer.
                        foreach (var element in initializer.Initializers)
                        {
                            Add(element, options, builder);
                        }
                    }
                    else
                    {
                        Add(operation, options, builder);
                    }
                }

                return builder.ToImmutable();
            }

            /// <summary>Whether a call of this simple name may be an enqueue site of one of the active groups.</summary>
            private bool IsSiteName(string? name, int active)
                => name is not null && _nameGroups.TryGetValue(name, out var groups) && (groups & active) != 0;

            /// <summary>Whether a node that is not a call may be a Quartz data-map site: an indexer assignment or a collection initializer.</summary>
            private bool MayBeDataMapSite(SyntaxNode node, int active)
            {
                switch (node.RawKind)
                {
                    case (int)SyntaxKind.SimpleAssignmentExpression:
                        // map["key"] = value, or ["key"] = value in an object initializer.
                        return HasDataMap(active) && ((AssignmentExpressionSyntax)node).Left is ElementAccessExpressionSyntax or ImplicitElementAccessSyntax;
                    case (int)SyntaxKind.CollectionInitializerExpression:
                        // new JobDataMap { { "key", value } }: implicit Add calls.
                        return HasDataMap(active) && node.Parent is BaseObjectCreationExpressionSyntax;
                    default:
                        return false;
                }
            }

            private bool HasDataMap(int active)
            {
                for (var i = 0; i < _groups.Length; i++)
                {
                    if ((active & (1 << i)) != 0 && _groups[i].DataMap)
                    {
                        return true;
                    }
                }

                return false;
            }

            private void Add(IOperation operation, QueueLintOptions options, ImmutableArray<(EnqueueSite, QueueLintOptions)>.Builder builder)
            {
                if (_model.TryGetEnqueueSite(operation, options, out var site) && site is not null)
                {
                    builder.Add((site, options));
                }
            }
        }

        /// <summary>The simple name a call invokes (<c>Enqueue</c> for <c>BackgroundJob.Enqueue&lt;T&gt;(...)</c>), or null.</summary>
        public static string? GetInvokedName(InvocationExpressionSyntax invocation)
            => SyntaxNames.InvokedName(invocation)?.Identifier.ValueText;

        /// <summary>The simple names of every configured wrapper, over the global and every file's options.</summary>
        private static IEnumerable<string> CollectWrapperNames(Compilation compilation, AnalyzerOptions analyzerOptions)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var provider = analyzerOptions.AnalyzerConfigOptionsProvider;
            AddWrapperNames(QueueLintOptions.Get(provider.GlobalOptions), names);
            foreach (var tree in compilation.SyntaxTrees)
            {
                AddWrapperNames(QueueLintOptions.Get(provider.GetOptions(tree)), names);
            }

            return names;
        }

        private static void AddWrapperNames(QueueLintOptions options, HashSet<string> names)
        {
            foreach (var method in options.EnqueueMethods)
            {
                var dot = method.LastIndexOf('.');
                if (dot >= 0 && dot < method.Length - 1)
                {
                    names.Add(method.Substring(dot + 1));
                }
            }
        }
    }
}
