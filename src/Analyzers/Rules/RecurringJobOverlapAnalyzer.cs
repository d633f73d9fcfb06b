using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Hangfire;
using QueueLint.Model.Scheduling;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0031: a recurring Hangfire job without <c>[DisableConcurrentExecution]</c>, or a Quartz job class on a
    /// repeating trigger or under several keys without <c>[DisallowConcurrentExecution]</c>. A manual trigger of
    /// the same id or key, in any file, sharpens the message, so the rule is decided at compilation end.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RecurringJobOverlapAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: which attribute the fix adds, <see cref="HangfireAttribute"/> or <see cref="QuartzAttribute"/>.</summary>
        public const string AttributeProperty = "Attribute";
        public const string HangfireAttribute = "Hangfire";
        public const string QuartzAttribute = "Quartz";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RecurringJobOverlap);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(start =>
            {
                var model = JobModel.Get(start.Compilation);
                var symbols = model.Symbols;
                if (!symbols.HasHangfire && !symbols.HasQuartz)
                {
                    return;
                }

                var state = new State(model);
                if (symbols.HangfireRecurringJob is not null)
                {
                    EnqueueSiteActions.Register(start, model, state.AnalyzeSite);
                }

                start.RegisterSemanticModelAction(state.AnalyzeSchedules);
                start.RegisterCompilationEndAction(state.Report);
            });
        }

        private sealed class PendingRecurringJob
        {
            public PendingRecurringJob(string jobName, string? id, Location location, INamedTypeSymbol? receiverType, IMethodSymbol method, TimeSpan? interval)
            {
                Method = method;
                Interval = interval;
                JobName = jobName;
                Id = id;
                Location = location;
                ReceiverType = receiverType;
            }

            public string JobName { get; }

            public IMethodSymbol Method { get; }

            /// <summary>
            /// For <c>() =&gt; instance.Run()</c>, the instance's static type: Hangfire reads type attributes from the
            /// run-time type, and looks the method up on it when the job runs (so the class's own method, with its
            /// attributes, is what runs): that type may be any class of this compilation that is or implements it.
            /// </summary>
            public INamedTypeSymbol? ReceiverType { get; }

            public string? Id { get; }

            public Location Location { get; }

            /// <summary>The shortest gap between the schedule's firings, or null when the schedule cannot be read.</summary>
            public TimeSpan? Interval { get; }
        }

        private sealed class State
        {
            private static readonly ImmutableDictionary<string, string?> s_hangfire = ImmutableDictionary<string, string?>.Empty.Add(AttributeProperty, HangfireAttribute);
            private static readonly ImmutableDictionary<string, string?> s_quartz = ImmutableDictionary<string, string?>.Empty.Add(AttributeProperty, QuartzAttribute);

            private readonly JobModel _model;
            private readonly KnownSymbols _symbols;
            private readonly INamedTypeSymbol? _disableConcurrentExecution;
            private readonly ConcurrentBag<PendingRecurringJob> _recurring = new();
            private readonly ConcurrentBag<ScheduleCall> _calls = new();
            private readonly ConcurrentBag<(IMethodSymbol Helper, SyntaxNode Call)> _helpers = new();
            private readonly ConcurrentDictionary<IMethodSymbol, byte> _putsItselfOff = new(SymbolEqualityComparer.Default);

            public State(JobModel model)
            {
                _model = model;
                _symbols = model.Symbols;
                _disableConcurrentExecution = _symbols.Compilation.GetTypeByMetadataName("Hangfire.DisableConcurrentExecutionAttribute");
            }

            public void AnalyzeSite(EnqueueSiteContext context)
            {
                if (context.Site.RecordsMethodCall
                    && context.Site.JobInvocation is { } later
                    && context.Site.Operation is IInvocationOperation { TargetMethod.Name: "Schedule" or "Enqueue" }
                    && PutsItselfOff(context, later.TargetMethod) is { } guarded)
                {
                    _putsItselfOff.TryAdd(guarded, 0);
                    return;
                }

                if (!context.Site.RecordsMethodCall
                    || context.Site.JobInvocation is not { } job
                    || context.Site.Operation is not IInvocationOperation { TargetMethod.Name: "AddOrUpdate" } invocation)
                {
                    return;
                }

                string? id = null;
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name == "recurringJobId")
                    {
                        id = argument.Value.ConstantValue is { HasValue: true, Value: string value } ? value : null;
                        break;
                    }
                }

                var jobType = HangfireJobNames.GetStoredJobType(job);
                if (id is null && jobType is not null && !HasParameter(invocation.TargetMethod, "recurringJobId"))
                {
                    id = HangfireJobNames.RecurringJobId(jobType, job.TargetMethod);
                }

                var location = job.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Name.GetLocation() : job.Syntax.GetLocation();
                AddRecurring(job, jobType, id, location, Schedules.ReadHangfireInterval(invocation, context.SemanticModel, context.CancellationToken));
            }

            /// <summary>A recurring job to judge at compilation end, unless it is locked or never fires by itself.</summary>
            private void AddRecurring(IInvocationOperation job, INamedTypeSymbol? jobType, string? id, Location location, TimeSpan? interval)
            {
                // Cron.Never (February 31st): a recurring job kept only to be started by hand from the dashboard,
                // which the schedule itself never overlaps.
                var method = job.TargetMethod;
                if (interval == ScheduleIntervals.Never
                    || !method.IsInSource() || HasHangfireLock(method) || HasHangfireLock(jobType) || HasHangfireLock(method.ContainingType))
                {
                    return;
                }

                var receiverType = jobType is null ? job.Instance?.WithoutImplicitConversions().Type as INamedTypeSymbol : null;
                _recurring.Add(new PendingRecurringJob(method.ToJobName(), id, location, receiverType, method, interval));
            }

            /// <summary>
            /// The job method that <paramref name="context"/>'s site is in, when the site queues that same method again
            /// from a branch that then returns: <c>if (busy) { BackgroundJob.Schedule(() =&gt; Scan(), delay); return; }</c>.
            /// Such a job checks for a run in progress and puts itself off; its condition is the application's own lock,
            /// which the rule cannot read, so the job is given the benefit of the doubt.
            /// </summary>
            private static IMethodSymbol? PutsItselfOff(EnqueueSiteContext context, IMethodSymbol queued)
            {
                var site = context.Site.Operation.Syntax;
                IfStatementSyntax? guard = null;
                for (var node = site.Parent; node is not null; node = node.Parent)
                {
                    switch (node)
                    {
                        case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                            return null;
                        case IfStatementSyntax branch when guard is null && branch.Statement.Span.Contains(site.Span):
                            guard = branch;
                            break;
                        case MethodDeclarationSyntax declaration:
                            return guard is not null
                                && EndsWithReturn(guard.Statement)
                                && context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is IMethodSymbol method
                                && SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, queued.OriginalDefinition)
                                ? method.OriginalDefinition
                                : null;
                    }
                }

                return null;
            }

            private static bool EndsWithReturn(StatementSyntax branch)
                => branch is ReturnStatementSyntax
                    || (branch is BlockSyntax { Statements: { Count: > 0 } statements } && statements[statements.Count - 1] is ReturnStatementSyntax);

            public void AnalyzeSchedules(SemanticModelAnalysisContext context)
            {
                var calls = new List<ScheduleCall>();
                var helpers = new List<(IMethodSymbol, SyntaxNode)>();
                Schedules.Collect(context.SemanticModel, _symbols, calls, helpers, context.CancellationToken);
                foreach (var call in calls)
                {
                    _calls.Add(call);
                }

                foreach (var helper in helpers)
                {
                    _helpers.Add(helper);
                }
            }

            public void Report(CompilationAnalysisContext context)
            {
                // Schedules built in the application's own helpers, read at the calls that name the job.
                if (!_helpers.IsEmpty)
                {
                    var throughHelpers = new List<ScheduleCall>();
                    Schedules.CollectThroughHelpers(context.Compilation, _helpers.ToList(), throughHelpers, context.CancellationToken);
                    foreach (var call in throughHelpers)
                    {
                        if (call.Kind == ScheduleCallKind.HangfireRecurring)
                        {
                            AddRecurring(call.Job!, call.JobType, call.Key, call.Location, call.Interval);
                        }
                        else
                        {
                            _calls.Add(call);
                        }
                    }
                }

                var hangfireManual = new HashSet<string>(StringComparer.Ordinal);
                var quartzManual = new HashSet<string>(StringComparer.Ordinal);
                var repeatingKeys = new Dictionary<string, TimeSpan?>(StringComparer.Ordinal);
                var keysByType = new Dictionary<INamedTypeSymbol, SortedSet<string>>(SymbolEqualityComparer.Default);
                foreach (var call in _calls)
                {
                    switch (call.Kind)
                    {
                        case ScheduleCallKind.HangfireManualRun when call.Key is not null:
                            hangfireManual.Add(call.Key);
                            break;
                        case ScheduleCallKind.QuartzManualRun when call.Key is not null:
                            quartzManual.Add(call.Key);
                            break;
                        case ScheduleCallKind.QuartzTrigger when call.Key is not null && call.Repeating:
                            repeatingKeys[call.Key] = repeatingKeys.TryGetValue(call.Key, out var known) ? ScheduleIntervals.Shorter(known, call.Interval) : call.Interval;
                            break;
                        case ScheduleCallKind.QuartzJob when call.Key is not null && call.JobType is not null:
                            AddKey(keysByType, call.JobType, call.Key);
                            break;
                    }
                }

                // Jobs that neither put themselves off nor may be locked at run time; the recurring ids of each of their
                // methods: two ids of one method are two schedules of one job.
                var unlocked = new List<PendingRecurringJob>();
                var idsByJob = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
                List<INamedTypeSymbol>? sourceTypes = null;
                foreach (var job in JoinReadings(_recurring))
                {
                    if (_putsItselfOff.ContainsKey(job.Method.OriginalDefinition)
                        || (job.ReceiverType is { } receiverType && RunTimeTypeMayBeLocked(receiverType, job.Method, sourceTypes ??= CollectClasses(_model.SourceTypes))))
                    {
                        continue;
                    }

                    unlocked.Add(job);
                    if (job.Id is not null)
                    {
                        AddKey(idsByJob, job.JobName, job.Id);
                    }
                }

                foreach (var job in unlocked)
                {
                    var reason = "Hangfire starts it on schedule whether or not the last run has finished";
                    var likely = false;
                    AddFrequency(ref reason, ref likely, job.Interval);
                    if (job.Id is not null && idsByJob.TryGetValue(job.JobName, out var ids) && ids.Count > 1)
                    {
                        reason += ", and it is scheduled under " + Quote(ids);
                        likely = true;
                    }

                    AddManualRun(ref reason, ref likely, job.Id is not null && hangfireManual.Contains(job.Id) ? job.Id : null);
                    Report(context, job.Location, s_hangfire, "Recurring job '" + job.JobName + "'", reason, likely, job.Interval, "[DisableConcurrentExecution]");
                }

                // A registration read both in place and at a helper's calls (a job class named in the helper, the schedule
                // passed in) is one registration: its readings are joined.
                var schedules = new Dictionary<Location, (bool Repeating, TimeSpan? Interval)>();
                foreach (var call in _calls)
                {
                    if (call.Kind == ScheduleCallKind.QuartzJob)
                    {
                        schedules[call.Location] = schedules.TryGetValue(call.Location, out var known)
                            ? (known.Repeating || call.Repeating, ScheduleIntervals.Shorter(known.Interval, call.Interval))
                            : (call.Repeating, call.Interval);
                    }
                }

                var reported = new HashSet<Location>();
                foreach (var call in _calls.OrderBy(c => c.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(c => c.Location.SourceSpan.Start).ThenBy(c => c.Key is null))
                {
                    if (call.Kind != ScheduleCallKind.QuartzJob || call.JobType is not { } jobType || !jobType.IsInSource() || HasQuartzLock(jobType) || !reported.Add(call.Location))
                    {
                        continue;
                    }

                    var reason = string.Empty;
                    var likely = false;
                    var (repeating, interval) = schedules[call.Location];
                    if (call.Key is not null && repeatingKeys.TryGetValue(call.Key, out var keyInterval))
                    {
                        interval = repeating ? ScheduleIntervals.Shorter(interval, keyInterval) : keyInterval;
                        repeating = true;
                    }

                    if (repeating)
                    {
                        reason = "its trigger repeats, and Quartz fires it whether or not the last run has finished";
                        AddFrequency(ref reason, ref likely, interval);
                    }

                    if (call.Key is not null && keysByType.TryGetValue(jobType, out var keys) && keys.Count > 1)
                    {
                        reason += (reason.Length > 0 ? ", and " : string.Empty) + "it is registered under the keys " + string.Join(", ", keys.Select(k => "'" + k + "'"));
                        likely = true;
                    }

                    if (reason.Length == 0)
                    {
                        continue;
                    }

                    AddManualRun(ref reason, ref likely, call.Key is not null && quartzManual.Contains(call.Key) ? call.Key : null);
                    Report(context, call.Location, s_quartz, "Quartz job '" + jobType.Name + "'", reason, likely, interval, "[DisallowConcurrentExecution]");
                }
            }

            /// <summary>
            /// One job per place: a registration in a helper is read in place (its schedule unknown) and again at the
            /// helper's calls (with the schedule they pass); the shortest known interval is kept.
            /// </summary>
            private static IEnumerable<PendingRecurringJob> JoinReadings(IEnumerable<PendingRecurringJob> jobs)
            {
                var byLocation = new Dictionary<Location, PendingRecurringJob>();
                foreach (var job in jobs)
                {
                    if (byLocation.TryGetValue(job.Location, out var known))
                    {
                        var interval = ScheduleIntervals.Shorter(known.Interval, job.Interval);
                        if (interval != known.Interval)
                        {
                            byLocation[job.Location] = job;
                        }
                    }
                    else
                    {
                        byLocation.Add(job.Location, job);
                    }
                }

                return byLocation.Values;
            }

            /// <summary>
            /// A warning where an overlap is likely (a schedule more often than hourly, a manual run, a second id or
            /// key); otherwise a suggestion that says how rarely the job runs, or that its schedule cannot be read.
            /// </summary>
            private static void Report(CompilationAnalysisContext context, Location location, ImmutableDictionary<string, string?> properties, string job, string reason, bool likely, TimeSpan? interval, string attribute)
            {
                if (!likely)
                {
                    reason += interval is { } known
                        ? ", but it runs only " + ScheduleIntervals.Describe(known) + ", so only a run longer than that overlaps"
                        : ", but how often it runs cannot be read here";
                }

                context.Report(Diagnostic.Create(
                    Descriptors.RecurringJobOverlap,
                    location,
                    likely ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                    additionalLocations: null,
                    properties,
                    job,
                    reason,
                    attribute));
            }

            private static void AddFrequency(ref string reason, ref bool likely, TimeSpan? interval)
            {
                if (interval is { } known && known < ScheduleIntervals.Frequent)
                {
                    reason += ", and it runs " + ScheduleIntervals.Describe(known);
                    likely = true;
                }
            }

            private static void AddManualRun(ref string reason, ref bool likely, string? key)
            {
                if (key is not null)
                {
                    reason += ", and it is also triggered by hand ('" + key + "'), which makes an overlap likely even on one server";
                    likely = true;
                }
            }

            private static string Quote(SortedSet<string> names)
            {
                var text = string.Empty;
                var i = 0;
                foreach (var name in names)
                {
                    text += (i == 0 ? string.Empty : i == names.Count - 1 ? " and " : ", ") + "'" + name + "'";
                    i++;
                }

                return text;
            }

            private static void AddKey<TKey>(Dictionary<TKey, SortedSet<string>> keysBy, TKey owner, string key)
                where TKey : notnull
            {
                if (!keysBy.TryGetValue(owner, out var keys))
                {
                    keys = new SortedSet<string>(StringComparer.Ordinal);
                    keysBy.Add(owner, keys);
                }

                keys.Add(key);
            }


            /// <summary>
            /// Whether a class of this compilation that the instance may be carries a lock, on the class or on the
            /// method of the job's name and arity that Hangfire finds on it when the job runs.
            /// </summary>
            private bool RunTimeTypeMayBeLocked(INamedTypeSymbol receiverType, IMethodSymbol method, List<INamedTypeSymbol> classes)
            {
                foreach (var type in classes)
                {
                    if (!type.IsOrImplements(receiverType))
                    {
                        continue;
                    }

                    if (HasHangfireLock(type))
                    {
                        return true;
                    }

                    for (var current = type; current is not null; current = current.BaseType)
                    {
                        foreach (var member in current.GetMembers(method.Name))
                        {
                            if (member is IMethodSymbol candidate && candidate.Parameters.Length == method.Parameters.Length && HasHangfireLock(candidate))
                            {
                                return true;
                            }
                        }
                    }
                }

                return false;
            }

            private static List<INamedTypeSymbol> CollectClasses(SourceTypes sourceTypes)
            {
                var classes = new List<INamedTypeSymbol>();
                foreach (var type in sourceTypes.Types)
                {
                    if (type.Kind == TypeKind.Class && !type.IsAbstract)
                    {
                        classes.Add(type.Symbol);
                    }
                }

                return classes;
            }

            private bool HasHangfireLock(ISymbol? symbol)
            {
                for (var current = symbol; current is not null; current = current switch
                {
                    IMethodSymbol method => method.OverriddenMethod,
                    INamedTypeSymbol type => type.BaseType,
                    _ => null,
                })
                {
                    foreach (var attribute in current.GetAttributes())
                    {
                        if (attribute.AttributeClass is { } type
                            && (type.InheritsFrom(_disableConcurrentExecution) || IsLockLikeName(type.Name)))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            /// <summary>Custom filters that serialize runs (mutexes, throttling, skip-when-running) count as the attribute.</summary>
            private static bool IsLockLikeName(string name)
                => name.IndexOf("Concurren", StringComparison.Ordinal) >= 0 || name.IndexOf("Mutex", StringComparison.Ordinal) >= 0
                    || name.IndexOf("Semaphore", StringComparison.Ordinal) >= 0 || name.IndexOf("Throttl", StringComparison.Ordinal) >= 0
                    || name.IndexOf("SingleInstance", StringComparison.Ordinal) >= 0 || name.IndexOf("Lock", StringComparison.Ordinal) >= 0;

            /// <summary>Quartz reads the attribute with inheritance (base classes); interfaces count too, to stay quiet.</summary>
            private static bool HasQuartzLock(INamedTypeSymbol type)
            {
                for (var current = type; current is not null; current = current.BaseType)
                {
                    if (HasDisallow(current))
                    {
                        return true;
                    }
                }

                foreach (var implemented in type.AllInterfaces)
                {
                    if (HasDisallow(implemented))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool HasDisallow(INamedTypeSymbol type)
            {
                foreach (var attribute in type.GetAttributes())
                {
                    for (var attributeType = attribute.AttributeClass; attributeType is not null; attributeType = attributeType.BaseType)
                    {
                        if (attributeType.Name == "DisallowConcurrentExecutionAttribute")
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            private static bool HasParameter(IMethodSymbol method, string name)
            {
                foreach (var parameter in method.Parameters)
                {
                    if (parameter.Name == name)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
