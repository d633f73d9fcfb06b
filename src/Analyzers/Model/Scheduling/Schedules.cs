using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Data;
using QueueLint.Model.Hangfire;
using QueueLint.Model.Retries;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Scheduling
{
    /// <summary>What a scheduling call says about a job: which class, under which key, on which kind of trigger.</summary>
    internal enum ScheduleCallKind
    {
        /// <summary>A Quartz job class registered (<c>AddJob&lt;T&gt;</c>, <c>ScheduleJob&lt;T&gt;</c>, <c>IScheduler.ScheduleJob/AddJob</c>).</summary>
        QuartzJob,

        /// <summary>A Quartz trigger for a job key (<c>AddTrigger(t =&gt; t.ForJob(key))</c>, <c>IScheduler.ScheduleJob(trigger)</c>).</summary>
        QuartzTrigger,

        /// <summary>A manual run of a Quartz job key (<c>IScheduler.TriggerJob</c>).</summary>
        QuartzManualRun,

        /// <summary>A manual run of a Hangfire recurring job id (<c>RecurringJob.TriggerJob</c>, <c>IRecurringJobManager.Trigger</c>).</summary>
        HangfireManualRun,

        /// <summary>
        /// A Hangfire recurring job registered through an application's helper
        /// (<c>Schedule&lt;T&gt;(id, job, cron) =&gt; RecurringJob.AddOrUpdate(id, job, cron)</c>), read at the helper's call.
        /// </summary>
        HangfireRecurring,
    }

    /// <summary>One scheduling fact read from a call; keys are <c>group.name</c> (Quartz) or the recurring id (Hangfire).</summary>
    internal sealed class ScheduleCall
    {
        public ScheduleCall(ScheduleCallKind kind, INamedTypeSymbol? jobType, string? key, bool repeating, Location location, TimeSpan? interval = null, IInvocationOperation? job = null)
        {
            Job = job;
            Kind = kind;
            JobType = jobType;
            Key = key;
            Repeating = repeating;
            Location = location;
            Interval = interval;
        }

        public ScheduleCallKind Kind { get; }

        public INamedTypeSymbol? JobType { get; }

        /// <summary>The job key or recurring id when it is a compile-time constant, else null.</summary>
        public string? Key { get; }

        /// <summary>The call's own trigger repeats (cron, calendar or daily interval, simple schedule with repeats).</summary>
        public bool Repeating { get; }

        /// <summary>For a repeating trigger, the shortest gap between its firings when it is written as constants, else null.</summary>
        public TimeSpan? Interval { get; }

        /// <summary>Where the job class is named (registrations), or the call (triggers, manual runs).</summary>
        public Location Location { get; }

        /// <summary>For <see cref="ScheduleCallKind.HangfireRecurring"/>, the call in the job expression.</summary>
        public IInvocationOperation? Job { get; }
    }

    /// <summary>
    /// What the parameters of a scheduling helper stand for at one of its calls: <c>AddJob&lt;CleanupJob&gt;("cleanup",
    /// "g", "0 */5 * * * ?")</c> binds <c>T</c> to <c>CleanupJob</c> and <c>cron</c> to the string; one element of a list of
    /// (job type, trigger) pairs binds the variables of the loop that schedules them. A helper called from another
    /// helper reads the outer call's bindings too.
    /// </summary>
    internal sealed class ScheduleBindings
    {
        private readonly Dictionary<ISymbol, IOperation> _values = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ITypeParameterSymbol, (ITypeSymbol Type, Location? Location)> _types = new(SymbolEqualityComparer.Default);
        private readonly ScheduleBindings? _outer;

        private ScheduleBindings(ScheduleBindings? outer) => _outer = outer;

        /// <summary>The arguments and type arguments of a call to a helper.</summary>
        public static ScheduleBindings ForCall(IInvocationOperation call, ScheduleBindings? outer)
        {
            var bindings = new ScheduleBindings(outer);
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    bindings._values[parameter.OriginalDefinition] = argument.Value;
                }
            }

            var method = call.TargetMethod;
            var definition = method.OriginalDefinition;
            var names = call.Syntax is InvocationExpressionSyntax syntax ? SyntaxNames.InvokedName(syntax) as GenericNameSyntax : null;
            for (var i = 0; i < definition.TypeParameters.Length && i < method.TypeArguments.Length; i++)
            {
                var location = names is not null && i < names.TypeArgumentList.Arguments.Count ? names.TypeArgumentList.Arguments[i].GetLocation() : null;
                bindings._types[definition.TypeParameters[i]] = (method.TypeArguments[i], location);
            }

            return bindings;
        }

        /// <summary>The variables of a loop bound to one element's values.</summary>
        public static ScheduleBindings ForElement(ImmutableArray<ILocalSymbol> locals, ImmutableArray<IOperation> values)
        {
            var bindings = new ScheduleBindings(null);
            for (var i = 0; i < locals.Length && i < values.Length; i++)
            {
                bindings._values[locals[i]] = values[i];
            }

            return bindings;
        }

        /// <summary>The value a parameter or loop variable stands for, else null.</summary>
        public IOperation? Value(ISymbol symbol)
        {
            for (var current = this; current is not null; current = current._outer)
            {
                if (current._values.TryGetValue(symbol.OriginalDefinition, out var value))
                {
                    return value;
                }
            }

            return null;
        }

        /// <summary>The type a type parameter stands for and where the call names it, else null.</summary>
        public (ITypeSymbol Type, Location? Location)? Type(ITypeParameterSymbol parameter)
        {
            for (var current = this; current is not null; current = current._outer)
            {
                if (current._types.TryGetValue((ITypeParameterSymbol)parameter.OriginalDefinition, out var bound))
                {
                    // A helper's type argument may itself be the type parameter of the helper that calls it.
                    return bound.Type is ITypeParameterSymbol outer && current._outer is { } next ? next.Type(outer) ?? bound : bound;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Reads Quartz 3 and 4 scheduling calls (the DI configurator's <c>AddJob</c>/<c>AddTrigger</c>/<c>ScheduleJob</c>,
    /// <c>IScheduler.ScheduleJob</c>/<c>AddJob</c>/<c>TriggerJob</c> with <c>JobBuilder</c>/<c>TriggerBuilder</c> chains)
    /// and Hangfire's manual triggers of recurring jobs. Values are followed through locals and readonly fields
    /// initialized in the same file; anything else is unknown, and unknown schedules are not judged.
    /// </summary>
    /// <remarks>
    /// A scheduling call that uses the parameters of the method it is in (<c>AddJob&lt;T&gt;(name, group, cron)</c> of
    /// the application's own) is a helper: it is read again at each call of the helper, with the call's arguments
    /// (<see cref="CollectThroughHelpers"/>), up to <see cref="MaxHelperDepth"/> helpers deep. A loop that schedules
    /// each (job type, trigger) pair of a list written in place is read once per element.
    /// </remarks>
    internal static class Schedules
    {
        public const string DefaultQuartzGroup = "DEFAULT";

        /// <summary>How many helpers deep a scheduling call is followed back to the call that names the job.</summary>
        public const int MaxHelperDepth = 2;

        private static readonly string[] s_callNames = { "AddJob", "AddTrigger", "ScheduleJob", "TriggerJob", "Trigger", "AddOrUpdate" };

        /// <summary>Words one of which a file must contain to hold a scheduling call.</summary>
        public static readonly TextFilter Filter = new(s_callNames);

        /// <summary>
        /// Reads the scheduling calls of a file into <paramref name="calls"/>, and the calls that use the parameters of the
        /// method they are in, with that method, into <paramref name="helpers"/>.
        /// </summary>
        public static void Collect(SemanticModel semanticModel, KnownSymbols symbols, List<ScheduleCall> calls, List<(IMethodSymbol Helper, SyntaxNode Call)> helpers, CancellationToken cancellationToken)
        {
            var tree = semanticModel.SyntaxTree;
            if (!Filter.MayContain(tree.GetText(cancellationToken)))
            {
                return;
            }

            var file = FileSyntax.Get(tree, cancellationToken);
            for (var i = 0; i < file.Invocations.Length; i++)
            {
                if (file.InvokedNames[i] is not { } name
                    || Array.IndexOf(s_callNames, name) < 0
                    || semanticModel.GetOperation(file.Invocations[i], cancellationToken) is not IInvocationOperation invocation
                    || !IsFrameworkCall(invocation, symbols))
                {
                    continue;
                }

                // Read in place (what the call says by itself), and again per call of a helper or per element of a loop.
                Read(invocation, name, semanticModel, calls, null, cancellationToken);
                if (GetHelper(invocation, semanticModel, cancellationToken) is { } helper)
                {
                    helpers.Add((helper, file.Invocations[i]));
                }
                else if (GetLoop(invocation) is { } loop)
                {
                    foreach (var bindings in EachElement(loop, semanticModel, cancellationToken))
                    {
                        Read(invocation, name, semanticModel, calls, bindings, cancellationToken);
                    }
                }
            }
        }

        /// <summary>
        /// Reads the helpers' scheduling calls at every call of the helpers in the compilation, and at the calls of
        /// helpers that call them with their own parameters, up to <see cref="MaxHelperDepth"/> deep.
        /// </summary>
        public static void CollectThroughHelpers(Compilation compilation, IReadOnlyList<(IMethodSymbol Helper, SyntaxNode Call)> helpers, List<ScheduleCall> calls, CancellationToken cancellationToken)
        {
            var callsByName = new CallsByName(compilation, HelperNames(helpers), cancellationToken);

            // Each helper's calls are looked up once, for all the scheduling calls in it; a helper that nothing calls
            // by its name has nothing more to say, and its scheduling calls are not bound again.
            var byHelper = new Dictionary<IMethodSymbol, List<(IInvocationOperation Call, string Name, SemanticModel Model)>>(SymbolEqualityComparer.Default);
            foreach (var (helper, call) in helpers)
            {
                if (callsByName.Get(helper.Name).Count == 0)
                {
                    continue;
                }

                var semanticModel = callsByName.GetSemanticModel(call.SyntaxTree);
                if (semanticModel.GetOperation(call, cancellationToken) is not IInvocationOperation invocation || SyntaxNames.InvokedName((InvocationExpressionSyntax)call) is not { } name)
                {
                    continue;
                }

                if (!byHelper.TryGetValue(helper, out var list))
                {
                    list = new List<(IInvocationOperation, string, SemanticModel)>();
                    byHelper.Add(helper, list);
                }

                list.Add((invocation, name.Identifier.ValueText, semanticModel));
            }

            foreach (var pair in byHelper)
            {
                var scheduling = pair.Value;
                ReadAtCalls(
                    callsByName,
                    pair.Key,
                    bindings =>
                    {
                        foreach (var (invocation, name, semanticModel) in scheduling)
                        {
                            Read(invocation, name, semanticModel, calls, bindings, cancellationToken);
                        }
                    },
                    1,
                    cancellationToken);
            }
        }

        private static IEnumerable<string> HelperNames(IReadOnlyList<(IMethodSymbol Helper, SyntaxNode Call)> helpers)
        {
            foreach (var (helper, _) in helpers)
            {
                yield return helper.Name;
            }
        }

        private static void ReadAtCalls(CallsByName callsByName, IMethodSymbol helper, Action<ScheduleBindings> read, int depth, CancellationToken cancellationToken)
        {
            foreach (var (tree, syntax) in callsByName.Get(helper.Name))
            {
                var semanticModel = callsByName.GetSemanticModel(tree);
                if (semanticModel.GetOperation(syntax, cancellationToken) is not IInvocationOperation call
                    || !SymbolEqualityComparer.Default.Equals((call.TargetMethod.ReducedFrom ?? call.TargetMethod).OriginalDefinition, helper.OriginalDefinition))
                {
                    continue;
                }

                // A call that passes on its own method's parameters is a helper's body too: read at that helper's calls.
                if (depth < MaxHelperDepth && GetHelper(call, semanticModel, cancellationToken) is { } outer)
                {
                    ReadAtCalls(callsByName, outer, outerBindings => read(ScheduleBindings.ForCall(call, outerBindings)), depth + 1, cancellationToken);
                }
                else
                {
                    read(ScheduleBindings.ForCall(call, null));
                }
            }
        }

        /// <summary>
        /// The compilation's calls of the helpers, by invoked name, from the files' call lists: one pass over the files
        /// for all the helpers of a compilation (and one more per outer helper met), instead of reading every file's
        /// text again per helper.
        /// </summary>
        private sealed class CallsByName
        {
            private readonly Compilation _compilation;
            private readonly CancellationToken _cancellationToken;
            private readonly Dictionary<string, List<(SyntaxTree, InvocationExpressionSyntax)>> _calls = new(StringComparer.Ordinal);
            private readonly Dictionary<SyntaxTree, SemanticModel> _models = new();

            public CallsByName(Compilation compilation, IEnumerable<string> names, CancellationToken cancellationToken)
            {
                _compilation = compilation;
                _cancellationToken = cancellationToken;
                foreach (var name in names)
                {
                    _calls[name] = new List<(SyntaxTree, InvocationExpressionSyntax)>();
                }

                Index(_calls);
            }

            public List<(SyntaxTree Tree, InvocationExpressionSyntax Call)> Get(string name)
            {
                if (!_calls.TryGetValue(name, out var list))
                {
                    // An outer helper, met while reading a helper's calls: its calls are found in a pass of their own.
                    list = new List<(SyntaxTree, InvocationExpressionSyntax)>();
                    Index(new Dictionary<string, List<(SyntaxTree, InvocationExpressionSyntax)>>(StringComparer.Ordinal) { [name] = list });
                    _calls.Add(name, list);
                }

                return list;
            }

            private void Index(Dictionary<string, List<(SyntaxTree, InvocationExpressionSyntax)>> wanted)
            {
                // A file is walked only when its text names one of the helpers: most files of a solution are not walked
                // by anything else.
                var filter = new TextFilter(wanted.Keys);
                foreach (var tree in _compilation.SyntaxTrees)
                {
                    if (!filter.MayContain(tree.GetText(_cancellationToken)))
                    {
                        continue;
                    }

                    var file = FileSyntax.Get(tree, _cancellationToken);
                    for (var i = 0; i < file.Invocations.Length; i++)
                    {
                        if (file.InvokedNames[i] is { } name && wanted.TryGetValue(name, out var list))
                        {
                            list.Add((tree, file.Invocations[i]));
                        }
                    }
                }
            }

            public SemanticModel GetSemanticModel(SyntaxTree tree)
            {
                if (!_models.TryGetValue(tree, out var model))
                {
                    model = CrossFileBinding.GetSemanticModel(_compilation, tree);
                    _models.Add(tree, model);
                }

                return model;
            }
        }

        private static bool IsFrameworkCall(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var ns = invocation.TargetMethod.ContainingNamespace;
            var topLevel = ns is { ContainingNamespace.IsGlobalNamespace: true } ? ns.Name : null;
            return (topLevel == "Quartz" && symbols.HasQuartz) || (topLevel == "Hangfire" && symbols.HasHangfire);
        }

        private static void Read(IInvocationOperation invocation, string name, SemanticModel semanticModel, List<ScheduleCall> calls, ScheduleBindings? bindings, CancellationToken cancellationToken)
        {
            if (invocation.TargetMethod.ContainingNamespace.Name == "Quartz")
            {
                ReadQuartz(invocation, name, semanticModel, calls, bindings, cancellationToken);
            }
            else if (name is "Trigger" or "TriggerJob" && invocation.Arguments.Length >= 1)
            {
                if (Constant(OperationHelpers.FindArgument(invocation, "recurringJobId")?.Value, semanticModel, bindings, cancellationToken) is { HasValue: true, Value: string key })
                {
                    calls.Add(new ScheduleCall(ScheduleCallKind.HangfireManualRun, null, key, repeating: false, invocation.Syntax.GetLocation()));
                }
            }
            else if (name == "AddOrUpdate" && bindings is not null)
            {
                ReadHangfireRecurring(invocation, semanticModel, calls, bindings, cancellationToken);
            }
        }

        /// <summary>
        /// The method a scheduling call is in, when the call uses that method's parameters or type parameters (so
        /// that only its callers know the job or the schedule); else null. Only methods with parameters are asked.
        /// </summary>
        private static IMethodSymbol? GetHelper(IInvocationOperation invocation, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            BaseMethodDeclarationSyntax? declaration = null;
            for (var node = invocation.Syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is BaseMethodDeclarationSyntax method)
                {
                    declaration = method;
                    break;
                }

                if (node is LocalFunctionStatementSyntax or TypeDeclarationSyntax)
                {
                    return null;
                }
            }

            if (declaration is null
                || (declaration.ParameterList.Parameters.Count == 0 && declaration is not MethodDeclarationSyntax { TypeParameterList: not null })
                || semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol helper)
            {
                return null;
            }

            foreach (var operation in invocation.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IParameterReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, helper) && IsScheduleValue(reference):
                        return helper;
                    case IInvocationOperation call when UsesTypeParameterOf(call.TargetMethod.TypeArguments, helper):
                        return helper;
                    case ITypeOfOperation { TypeOperand: ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } typeParameter }
                        when SymbolEqualityComparer.Default.Equals(typeParameter.DeclaringMethod, helper):
                        return helper;
                }
            }

            return null;
        }

        /// <summary>
        /// A parameter read as what is scheduled (a job type, key, trigger or cron expression), not as the scheduler or
        /// configurator the call is made on, nor as a cancellation token.
        /// </summary>
        private static bool IsScheduleValue(IParameterReferenceOperation reference)
        {
            if (reference.Type?.Name == "CancellationToken")
            {
                return false;
            }

            var parent = reference.Parent is IConversionOperation conversion ? conversion.Parent : reference.Parent;
            return parent switch
            {
                IInvocationOperation call => !ReferenceEquals(call.Instance, reference),
                IArgumentOperation argument => argument.Parameter is not { Ordinal: 0, ContainingSymbol: IMethodSymbol { IsExtensionMethod: true } },
                _ => true,
            };
        }

        private static bool UsesTypeParameterOf(ImmutableArray<ITypeSymbol> typeArguments, IMethodSymbol helper)
        {
            foreach (var argument in typeArguments)
            {
                if (argument is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } parameter && SymbolEqualityComparer.Default.Equals(parameter.DeclaringMethod, helper))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The <c>foreach (var (type, trigger) in jobs)</c> loop whose variables a scheduling call uses, else null.</summary>
        private static IForEachLoopOperation? GetLoop(IInvocationOperation invocation)
        {
            // By kind, read once, rather than by a type test per interface for every parent.
            for (var parent = invocation.Parent; parent is not null; parent = parent.Parent)
            {
                var kind = parent.Kind;
                if (kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction or OperationKind.MethodBody or OperationKind.MethodBodyOperation)
                {
                    return null;
                }

                if (kind == OperationKind.Loop && parent is IForEachLoopOperation loop)
                {
                    var variables = GetLoopVariables(loop);
                    foreach (var operation in invocation.DescendantsAndSelf())
                    {
                        if (operation is ILocalReferenceOperation reference && variables.Contains(reference.Local))
                        {
                            return loop;
                        }
                    }

                    return null;
                }
            }

            return null;
        }

        /// <summary>The variables a loop deconstructs each element into: <c>var (type, trigger)</c> or <c>(Type type, ITrigger trigger)</c>; else empty.</summary>
        private static ImmutableArray<ILocalSymbol> GetLoopVariables(IForEachLoopOperation loop)
        {
            var tuple = loop.LoopControlVariable switch
            {
                IDeclarationExpressionOperation { Expression: ITupleOperation declared } => declared,
                ITupleOperation declared => declared,
                _ => null,
            };
            if (tuple is null)
            {
                return ImmutableArray<ILocalSymbol>.Empty;
            }

            var locals = ImmutableArray.CreateBuilder<ILocalSymbol>(tuple.Elements.Length);
            foreach (var element in tuple.Elements)
            {
                switch (element)
                {
                    case ILocalReferenceOperation local:
                        locals.Add(local.Local);
                        break;
                    case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation local }:
                        locals.Add(local.Local);
                        break;
                    default:
                        return ImmutableArray<ILocalSymbol>.Empty;
                }
            }

            return locals.MoveToImmutable();
        }

        /// <summary>
        /// One binding of the loop's variables per element of the list it walks, when the list is written in place
        /// (a collection initializer or array, through a local or readonly field of the same file) and its elements are
        /// tuples deconstructed by the loop: <c>(typeof(CleanupJob), trigger)</c>.
        /// </summary>
        private static IEnumerable<ScheduleBindings> EachElement(IForEachLoopOperation loop, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var locals = GetLoopVariables(loop);
            if (locals.IsEmpty || Resolve(loop.Collection, semanticModel, null, cancellationToken) is not { } collection)
            {
                yield break;
            }

            var elements = collection switch
            {
                IObjectCreationOperation { Initializer: { } initializer } => initializer.Initializers,
                IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
                _ => ImmutableArray<IOperation>.Empty,
            };
            foreach (var element in elements.AddRange(AddedElements(loop.Collection, semanticModel, cancellationToken)))
            {
                var value = element is IInvocationOperation { Arguments.Length: 1 } add ? add.Arguments[0].Value : element;
                if (value.WithoutImplicitConversions() is ITupleOperation tuple && tuple.Elements.Length == locals.Length)
                {
                    yield return ScheduleBindings.ForElement(locals, tuple.Elements);
                }
            }
        }

        /// <summary>
        /// The <c>jobs.Add((typeof(X), trigger))</c> calls that fill the list a loop walks, when it is a field of the
        /// loop's type (calls anywhere in that type, in this file) or a local of the loop's method.
        /// </summary>
        private static ImmutableArray<IOperation> AddedElements(IOperation collection, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            collection = collection.WithoutImplicitConversions();
            ISymbol? list = collection switch
            {
                IFieldReferenceOperation field => field.Field,
                ILocalReferenceOperation local => local.Local,
                _ => null,
            };
            SyntaxNode? scope = list switch
            {
                IFieldSymbol => collection.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>(),
                ILocalSymbol => collection.Syntax.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>(),
                _ => null,
            };
            if (list is null || scope is null)
            {
                return ImmutableArray<IOperation>.Empty;
            }

            var added = ImmutableArray.CreateBuilder<IOperation>();
            var file = FileSyntax.Get(semanticModel.SyntaxTree, cancellationToken);
            for (var i = 0; i < file.Invocations.Length; i++)
            {
                if (file.InvokedNames[i] != "Add"
                    || !scope.Span.Contains(file.Invocations[i].Span)
                    || semanticModel.GetOperation(file.Invocations[i], cancellationToken) is not IInvocationOperation { Arguments.Length: 1 } add)
                {
                    continue;
                }

                ISymbol? receiver = add.Instance?.WithoutImplicitConversions() switch
                {
                    IFieldReferenceOperation field => field.Field,
                    ILocalReferenceOperation local => local.Local,
                    _ => null,
                };
                if (SymbolEqualityComparer.Default.Equals(receiver, list))
                {
                    added.Add(add.Arguments[0].Value);
                }
            }

            return added.ToImmutable();
        }

        /// <summary>
        /// A Hangfire <c>AddOrUpdate</c> in a helper, read at the helper's call: the job expression, the id and the
        /// schedule the call passes (<c>Schedule&lt;ReportJob&gt;("reports", x =&gt; x.Run(), "*/5 * * * *")</c>).
        /// </summary>
        private static void ReadHangfireRecurring(IInvocationOperation addOrUpdate, SemanticModel semanticModel, List<ScheduleCall> calls, ScheduleBindings bindings, CancellationToken cancellationToken)
        {
            IAnonymousFunctionOperation? lambda = null;
            foreach (var argument in addOrUpdate.Arguments)
            {
                if (argument.Parameter?.Name == "methodCall")
                {
                    lambda = EntityFramework.GetLambda(Resolve(argument.Value, semanticModel, bindings, cancellationToken));
                    break;
                }
            }

            if (lambda is null || lambda.Body.Operations.Length == 0)
            {
                return;
            }

            var job = lambda.Body.Operations[0] switch
            {
                IReturnOperation { ReturnedValue: { } value } => value.WithoutImplicitConversions() as IInvocationOperation,
                IExpressionStatementOperation { Operation: IInvocationOperation call } => call,
                _ => null,
            };
            if (job is null)
            {
                return;
            }

            var id = Constant(OperationHelpers.FindArgument(addOrUpdate, "recurringJobId")?.Value, semanticModel, bindings, cancellationToken).Value as string;
            var location = job.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Name.GetLocation() : job.Syntax.GetLocation();
            calls.Add(new ScheduleCall(ScheduleCallKind.HangfireRecurring, HangfireJobNames.GetStoredJobType(job), id, repeating: true, location, ReadHangfireInterval(addOrUpdate, semanticModel, cancellationToken, bindings), job));
        }

        private static void ReadQuartz(IInvocationOperation invocation, string name, SemanticModel semanticModel, List<ScheduleCall> calls, ScheduleBindings? bindings, CancellationToken cancellationToken)
        {
            var method = invocation.TargetMethod;

            // The receiver of an extension method is its first argument; the arguments that matter follow it.
            var args = method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments.RemoveAt(0) : invocation.Arguments;
            var onScheduler = method.ContainingType.Name is "IScheduler" or "SchedulerJobExtensions";
            switch (name)
            {
                case "TriggerJob" when onScheduler:
                    if (args.Length > 0)
                    {
                        calls.Add(new ScheduleCall(ScheduleCallKind.QuartzManualRun, null, ReadKey(args[0].Value, semanticModel, bindings, cancellationToken), false, invocation.Syntax.GetLocation()));
                    }

                    return;

                case "AddTrigger" when !onScheduler:
                case "ScheduleJob" when onScheduler && method.TypeArguments.Length == 0 && args.Length > 0 && IsTrigger(args[0].Value.Type):
                    {
                        var trigger = Resolve(args[0].Value, semanticModel, bindings, cancellationToken);
                        var repeating = IsRepeating(trigger);
                        calls.Add(new ScheduleCall(ScheduleCallKind.QuartzTrigger, null, FindIdentity(trigger, "ForJob", semanticModel, bindings, cancellationToken), repeating, invocation.Syntax.GetLocation(), repeating ? ReadInterval(trigger, bindings) : null));
                        return;
                    }

                case "AddJob" when !onScheduler && method.TypeArguments.Length == 1:
                case "ScheduleJob" when method.TypeArguments.Length == 1:
                    {
                        if (GetJobType(method.TypeArguments[0], invocation, bindings, out var location) is not { } jobType || location is null)
                        {
                            return;
                        }

                        string? key = null;
                        var repeating = false;
                        TimeSpan? interval = null;
                        foreach (var argument in args)
                        {
                            var value = Resolve(argument.Value, semanticModel, bindings, cancellationToken);
                            var type = argument.Parameter?.Type;
                            if (type?.Name == "JobKey")
                            {
                                key = ReadKey(argument.Value, semanticModel, bindings, cancellationToken);
                            }
                            else if (IsTrigger(type) || type is INamedTypeSymbol { TypeArguments.Length: > 0 } action && ContainsTriggerConfigurator(action))
                            {
                                if (IsRepeating(value))
                                {
                                    repeating = true;
                                    interval = ScheduleIntervals.Shorter(interval, ReadInterval(value, bindings));
                                }
                            }
                            else
                            {
                                key ??= FindIdentity(value, "WithIdentity", semanticModel, bindings, cancellationToken);
                            }
                        }

                        calls.Add(new ScheduleCall(ScheduleCallKind.QuartzJob, jobType, key, repeating, location, interval));
                        return;
                    }

                case "ScheduleJob" when onScheduler && args.Length >= 2:
                case "AddJob" when onScheduler && args.Length >= 1:
                    {
                        var job = Resolve(args[0].Value, semanticModel, bindings, cancellationToken);
                        if (FindJobBuilderType(job, semanticModel, bindings, cancellationToken, out var location) is not { } jobType || location is null)
                        {
                            return;
                        }

                        var trigger = name == "ScheduleJob" ? Resolve(args[1].Value, semanticModel, bindings, cancellationToken) : null;
                        var repeating = IsRepeating(trigger);
                        calls.Add(new ScheduleCall(ScheduleCallKind.QuartzJob, jobType, FindIdentity(job, "WithIdentity", semanticModel, bindings, cancellationToken), repeating, location, repeating ? ReadInterval(trigger, bindings) : null));
                        return;
                    }
            }
        }

        /// <summary>A job class given as a type argument, or the type a helper's type parameter stands for at its call, and where it is named.</summary>
        private static INamedTypeSymbol? GetJobType(ITypeSymbol typeArgument, IInvocationOperation invocation, ScheduleBindings? bindings, out Location? location)
        {
            if (typeArgument is ITypeParameterSymbol parameter)
            {
                location = null;
                if (bindings?.Type(parameter) is not { } bound)
                {
                    return null;
                }

                location = bound.Location;
                return bound.Type as INamedTypeSymbol;
            }

            location = GetTypeArgumentLocation(invocation);
            return typeArgument as INamedTypeSymbol;
        }

        /// <summary>An <c>ITrigger</c>, or a collection of them.</summary>
        private static bool IsTrigger(ITypeSymbol? type)
            => type?.Name == "ITrigger" || (type is INamedTypeSymbol { TypeArguments.Length: 1 } named && named.TypeArguments[0].Name == "ITrigger");

        private static bool ContainsTriggerConfigurator(INamedTypeSymbol action)
        {
            foreach (var argument in action.TypeArguments)
            {
                if (argument.Name == "ITriggerConfigurator")
                {
                    return true;
                }
            }

            return false;
        }

        private static Location? GetTypeArgumentLocation(IInvocationOperation invocation)
        {
            var expression = ((InvocationExpressionSyntax)invocation.Syntax).Expression;
            var name = expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };
            return name is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic ? generic.TypeArgumentList.Arguments[0].GetLocation() : null;
        }

        /// <summary>The job class of a <c>JobBuilder.Create&lt;T&gt;()</c> or <c>JobBuilder.Create(typeof(T))</c> chain, and where it is named.</summary>
        private static INamedTypeSymbol? FindJobBuilderType(IOperation? operation, SemanticModel semanticModel, ScheduleBindings? bindings, CancellationToken cancellationToken, out Location? location)
        {
            location = null;
            if (operation is null)
            {
                return null;
            }

            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is not IInvocationOperation { TargetMethod: { Name: "Create" or "OfType" } method } call
                    || method.ContainingType.Name != "JobBuilder")
                {
                    continue;
                }

                if (method.TypeArguments.Length == 1)
                {
                    return GetJobType(method.TypeArguments[0], call, bindings, out location);
                }

                if (call.Arguments.Length == 1 && Resolve(call.Arguments[0].Value, semanticModel, bindings, cancellationToken) is ITypeOfOperation typeOfOperation)
                {
                    var typeOf = GetJobType(typeOfOperation.TypeOperand, call, bindings, out location);
                    if (typeOfOperation.TypeOperand is not ITypeParameterSymbol)
                    {
                        location = ((TypeOfExpressionSyntax)typeOfOperation.Syntax).Type.GetLocation();
                    }

                    return typeOf;
                }
            }

            return null;
        }

        /// <summary>The constant key given to the first <paramref name="methodName"/> call in <paramref name="operation"/>.</summary>
        private static string? FindIdentity(IOperation? operation, string methodName, SemanticModel semanticModel, ScheduleBindings? bindings, CancellationToken cancellationToken)
        {
            if (operation is null)
            {
                return null;
            }

            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is IInvocationOperation call && call.TargetMethod.Name == methodName && call.Arguments.Length > 0)
                {
                    return ReadKeyArguments(call.Arguments, semanticModel, bindings, cancellationToken);
                }
            }

            return null;
        }

        /// <summary>A key from <c>(JobKey)</c>, <c>(name)</c> or <c>(name, group)</c> arguments.</summary>
        private static string? ReadKeyArguments(ImmutableArray<IArgumentOperation> arguments, SemanticModel semanticModel, ScheduleBindings? bindings, CancellationToken cancellationToken)
        {
            var first = arguments[0];
            if (first.Value.Type?.SpecialType != SpecialType.System_String)
            {
                return ReadKey(first.Value, semanticModel, bindings, cancellationToken);
            }

            var name = Constant(first.Value, semanticModel, bindings, cancellationToken);
            var group = arguments.Length > 1 && arguments[1].Value.Type?.SpecialType == SpecialType.System_String
                ? Constant(arguments[1].Value, semanticModel, bindings, cancellationToken)
                : new Optional<object?>(DefaultQuartzGroup);
            return name is { HasValue: true, Value: string n } && group.HasValue ? ((group.Value as string) ?? DefaultQuartzGroup) + "." + n : null;
        }

        /// <summary>A <c>JobKey</c> value: <c>new JobKey(name[, group])</c>, <c>JobKey.Create(name[, group])</c>, through locals and fields.</summary>
        private static string? ReadKey(IOperation value, SemanticModel semanticModel, ScheduleBindings? bindings, CancellationToken cancellationToken)
        {
            var resolved = Resolve(value, semanticModel, bindings, cancellationToken);
            switch (resolved)
            {
                case IObjectCreationOperation creation when creation.Arguments.Length > 0:
                    return ReadKeyArguments(creation.Arguments, semanticModel, bindings, cancellationToken);
                case IInvocationOperation { TargetMethod.Name: "Create" } create when create.Arguments.Length > 0 && create.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String:
                    return ReadKeyArguments(create.Arguments, semanticModel, bindings, cancellationToken);
                case IPropertyReferenceOperation { Property.Name: "Key" } property when property.Instance is not null:
                    return FindIdentity(Resolve(property.Instance, semanticModel, bindings, cancellationToken), "WithIdentity", semanticModel, bindings, cancellationToken);
                default:
                    return resolved?.Type?.SpecialType == SpecialType.System_String && resolved.ConstantValue is { HasValue: true, Value: string name }
                        ? DefaultQuartzGroup + "." + name
                        : null;
            }
        }

        /// <summary>Whether a trigger definition repeats: cron, calendar or daily intervals, or a simple schedule with repeats.</summary>
        public static bool IsRepeating(IOperation? trigger)
        {
            if (trigger is null)
            {
                return false;
            }

            foreach (var descendant in trigger.DescendantsAndSelf())
            {
                if (descendant is not IInvocationOperation call || call.TargetMethod.ContainingNamespace is not { Name: "Quartz", ContainingNamespace.IsGlobalNamespace: true })
                {
                    continue;
                }

                var name = call.TargetMethod.Name;
                switch (name)
                {
                    case "WithCronSchedule":
                    case "CronSchedule":
                    case "DailyAtHourAndMinute":
                    case "WeeklyOnDayAndHourAndMinute":
                    case "MonthlyOnDayAndHourAndMinute":
                    case "AtHourAndMinuteOnGivenDaysOfWeek":
                    case "WithCalendarIntervalSchedule":
                    case "WithDailyTimeIntervalSchedule":
                    case "RepeatForever":
                        return true;
                    case "WithRepeatCount":
                        if (call.Arguments.Length == 1 && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: int count } && count == 0)
                        {
                            continue;
                        }

                        return true;
                    case "Create" when call.TargetMethod.ContainingType.Name is "CalendarIntervalScheduleBuilder" or "DailyTimeIntervalScheduleBuilder":
                        return true;
                }

                if (name.StartsWith("Repeat", StringComparison.Ordinal) && (name.EndsWith("Forever", StringComparison.Ordinal) || name.EndsWith("ForTotalCount", StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The shortest gap between firings of a repeating Quartz trigger definition, when it is written as constants:
        /// a cron expression, a simple schedule's interval (<c>WithIntervalInMinutes(5)</c>, <c>WithInterval(TimeSpan)</c>,
        /// <c>RepeatMinutelyForever(5)</c>), a calendar or daily-time interval, a daily, weekly or monthly time; else null.
        /// </summary>
        public static TimeSpan? ReadInterval(IOperation? trigger, ScheduleBindings? bindings)
        {
            if (trigger is null)
            {
                return null;
            }

            TimeSpan? shortest = null;
            foreach (var descendant in trigger.DescendantsAndSelf())
            {
                if (descendant is not IInvocationOperation call || call.TargetMethod.ContainingNamespace is not { Name: "Quartz", ContainingNamespace.IsGlobalNamespace: true })
                {
                    continue;
                }

                var name = call.TargetMethod.Name;
                var interval = name switch
                {
                    "WithCronSchedule" or "CronSchedule" => Constant(OperationHelpers.FindArgument(call, "cronExpression")?.Value, call.SemanticModel, bindings, default) is { HasValue: true, Value: string cron }
                        ? ScheduleIntervals.FromCron(cron, secondsFirst: true)
                        : null,
                    "DailyAtHourAndMinute" or "WeeklyOnDayAndHourAndMinute" or "MonthlyOnDayAndHourAndMinute" or "AtHourAndMinuteOnGivenDaysOfWeek" => TimeSpan.FromDays(1),
                    "WithIntervalInSeconds" => Count(call, null, TimeSpan.FromSeconds(1), bindings),
                    "WithIntervalInMinutes" => Count(call, null, TimeSpan.FromMinutes(1), bindings),
                    "WithIntervalInHours" => Count(call, null, TimeSpan.FromHours(1), bindings),
                    "WithIntervalInDays" or "WithIntervalInWeeks" or "WithIntervalInMonths" or "WithIntervalInYears" => TimeSpan.FromDays(1),
                    "WithInterval" => ReadWithInterval(call, bindings),
                    "RepeatSecondlyForever" or "RepeatSecondlyForTotalCount" => Count(call, "seconds", TimeSpan.FromSeconds(1), bindings),
                    "RepeatMinutelyForever" or "RepeatMinutelyForTotalCount" => Count(call, "minutes", TimeSpan.FromMinutes(1), bindings),
                    "RepeatHourlyForever" or "RepeatHourlyForTotalCount" => Count(call, "hours", TimeSpan.FromHours(1), bindings),
                    _ => null,
                };
                shortest = ScheduleIntervals.Shorter(shortest, interval);
            }

            return shortest;
        }

        /// <summary>
        /// How often a Hangfire recurring job (<c>AddOrUpdate</c>) fires: from its cron expression written as a constant
        /// or a <c>Cron</c> helper (<c>Cron.Minutely()</c>, <c>Cron.MinuteInterval(5)</c>, <c>Cron.Daily</c>);
        /// <see cref="ScheduleIntervals.Never"/> for <c>Cron.Never</c>; null when it cannot be read.
        /// </summary>
        public static TimeSpan? ReadHangfireInterval(IInvocationOperation addOrUpdate, SemanticModel semanticModel, CancellationToken cancellationToken, ScheduleBindings? bindings = null)
        {
            if (OperationHelpers.FindArgument(addOrUpdate, "cronExpression") is not { } argument || Resolve(argument.Value, semanticModel, bindings, cancellationToken) is not { } value)
            {
                return null;
            }

            if (value is IDelegateCreationOperation creation)
            {
                value = creation.Target is IAnonymousFunctionOperation lambda ? EntityFramework.GetReturnedValue(lambda) : creation.Target;
            }

            return value switch
            {
                IInvocationOperation { TargetMethod: { ContainingType: { Name: "Cron", ContainingNamespace.Name: "Hangfire" } } method } call => FromHangfireCron(method.Name, call, bindings),
                IMethodReferenceOperation { Method: { ContainingType: { Name: "Cron", ContainingNamespace.Name: "Hangfire" } } method } => FromHangfireCron(method.Name, null, bindings),
                { ConstantValue: { HasValue: true, Value: string cron } } => cron.Trim() == "0 0 31 2 *" ? ScheduleIntervals.Never : ScheduleIntervals.FromCron(cron, secondsFirst: false),
                _ => null,
            };
        }

        private static TimeSpan? FromHangfireCron(string helper, IInvocationOperation? call, ScheduleBindings? bindings)
            => helper switch
            {
                "Never" => ScheduleIntervals.Never,
                "Minutely" => TimeSpan.FromMinutes(1),
                "MinuteInterval" => call is null ? null : Count(call, "interval", TimeSpan.FromMinutes(1), bindings),
                "Hourly" => TimeSpan.FromHours(1),
                "HourInterval" => call is null ? null : Count(call, "interval", TimeSpan.FromHours(1), bindings),
                "Daily" or "Weekly" or "Monthly" or "Yearly" or "DayInterval" or "MonthInterval" => TimeSpan.FromDays(1),
                _ => null,
            };

        /// <summary>
        /// <paramref name="unit"/> times the constant number given to <paramref name="parameterName"/> (or the first
        /// argument); one unit when the call has no such parameter (<c>RepeatMinutelyForever()</c>); null when not a constant.
        /// </summary>
        private static TimeSpan? Count(IInvocationOperation call, string? parameterName, TimeSpan unit, ScheduleBindings? bindings)
        {
            var argument = parameterName is null ? (call.Arguments.Length > 0 ? call.Arguments[call.TargetMethod.IsExtensionMethod ? 1 : 0] : null) : OperationHelpers.FindArgument(call, parameterName);
            if (argument is null)
            {
                return parameterName is null ? null : unit;
            }

            return Constant(argument.Value, call.SemanticModel, bindings, default) is { HasValue: true, Value: int count } && count > 0 ? TimeSpan.FromTicks(unit.Ticks * count) : null;
        }

        /// <summary><c>WithInterval(TimeSpan)</c> of a simple schedule, or <c>WithInterval(n, IntervalUnit.X)</c> of a calendar or daily-time one.</summary>
        private static TimeSpan? ReadWithInterval(IInvocationOperation call, ScheduleBindings? bindings)
        {
            if (call.Arguments.Length == 1 && call.SemanticModel is { } model)
            {
                return RetryShapes.ReadDuration(call.Arguments[0].Value.Syntax as ExpressionSyntax, model, numberIsMilliseconds: false);
            }

            if (call.Arguments.Length != 2 || call.Arguments[1].Value.WithoutImplicitConversions() is not IFieldReferenceOperation { Field.Name: var unit })
            {
                return null;
            }

            return unit switch
            {
                "Second" => Count(call, null, TimeSpan.FromSeconds(1), bindings),
                "Minute" => Count(call, null, TimeSpan.FromMinutes(1), bindings),
                "Hour" => Count(call, null, TimeSpan.FromHours(1), bindings),
                "Day" or "Week" or "Month" or "Year" => TimeSpan.FromDays(1),
                _ => null,
            };
        }


        /// <summary>
        /// The value behind a local or readonly field initialized in the same file, or behind a helper's parameter or a
        /// loop variable that <paramref name="bindings"/> binds, else the value itself.
        /// </summary>
        private static IOperation? Resolve(IOperation value, SemanticModel? semanticModel, ScheduleBindings? bindings, CancellationToken cancellationToken)
        {
            value = value.WithoutImplicitConversions();
            for (var depth = 0; depth < 8; depth++)
            {
                ISymbol? symbol = value switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    IFieldReferenceOperation { Field.IsReadOnly: true } field => field.Field,
                    _ => null,
                };
                if (symbol is null)
                {
                    return value;
                }

                if (bindings?.Value(symbol) is { } bound)
                {
                    value = bound.WithoutImplicitConversions();
                    continue;
                }

                // A bound value comes from the call's file: its own semantic model reads its locals.
                var model = value.SemanticModel ?? semanticModel;
                if (symbol is IParameterSymbol || model is null || symbol.DeclaringSyntaxReferences.Length != 1)
                {
                    return value;
                }

                var reference = symbol.DeclaringSyntaxReferences[0];
                if (reference.SyntaxTree != model.SyntaxTree
                    || reference.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                    || model.GetOperation(initializer, cancellationToken) is not { } next)
                {
                    return value;
                }

                value = next.WithoutImplicitConversions();
            }

            return value;
        }

        /// <summary>The constant behind a value, through <see cref="Resolve"/>.</summary>
        private static Optional<object?> Constant(IOperation? value, SemanticModel? semanticModel, ScheduleBindings? bindings, CancellationToken cancellationToken)
            => value is not null && Resolve(value, semanticModel, bindings, cancellationToken) is { } resolved ? resolved.ConstantValue : default;
    }
}
