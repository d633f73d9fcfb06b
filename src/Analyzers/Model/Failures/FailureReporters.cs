using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Failures
{
    /// <summary>
    /// The central failure reporters a compilation configures, per framework: a job whose framework has one is
    /// reported when it fails even if its own code catches nothing.
    /// <list type="bullet">
    /// <item>Hangfire: a filter of the application's own (<c>IServerFilter</c>, <c>IElectStateFilter</c>,
    /// <c>IApplyStateFilter</c>) added with <c>GlobalJobFilters.Filters.Add</c> or <c>UseFilter</c>, or put on the job's
    /// method or class as an attribute.</item>
    /// <item>Quartz: an <c>IJobListener</c> of the application's own, and an <c>AddJobListener</c> call.</item>
    /// <item>MassTransit: an <c>IConsumer&lt;Fault&lt;T&gt;&gt;</c> for the consumed message, or a consume observer.</item>
    /// <item>Coravel: an <c>OnError</c> handler on the scheduler or the queue.</item>
    /// <item>Rebus: an <c>IErrorHandler</c> of the application's own (what Rebus calls with every message it gives up
    /// on), or a second-level handler, <c>IHandleMessages&lt;IFailed&lt;T&gt;&gt;</c>, for the handled message.</item>
    /// <item>Wolverine: an error rule whose action is the application's own code (<c>CustomAction</c>,
    /// <c>CustomActionIndefinitely</c>, <c>And(…)</c>, <c>DoThenRetry</c>, <c>CompensatingAction</c>,
    /// <c>ContinueWith</c>) set on the options for every handler, or in a handler's <c>Configure(HandlerChain)</c> for
    /// that one; or fault events turned on (<c>PublishFaultEvents</c>, <c>PublishFault</c>) and a handler of
    /// <c>Fault&lt;T&gt;</c> for the handled message.</item>
    /// <item>CAP: a <c>FailedThresholdCallback</c> set on its options (what CAP calls when a message has used up its
    /// retries), or a subscribe filter of the application's own (<c>ISubscribeFilter</c>, whose
    /// <c>OnSubscribeExceptionAsync</c> sees every failed attempt).</item>
    /// <item>Azure Functions: an isolated worker middleware of the application's own (<c>IFunctionsWorkerMiddleware</c>)
    /// that catches what the function throws, or an in-process exception filter (<c>IFunctionExceptionFilter</c>, what
    /// WebJobs calls with every failed invocation).</item>
    /// <item>Any of them, and hosted services, through <c>queuelint.failures_reported</c>.</item>
    /// </list>
    /// </summary>
    internal sealed class FailureReporters
    {
        private static readonly TextFilter s_registrationText = new(new[] { "GlobalJobFilters", "UseFilter", "AddJobListener", "OnError", "OnException", "OnAnyException", "OnInnerException", "PublishFault", "FailedThresholdCallback" });

        /// <summary>The Wolverine calls that run the application's own code on a failure, or publish it as a fault event.</summary>
        private static readonly string[] s_wolverineNames = { "CustomAction", "CustomActionIndefinitely", "And", "DoThenRetry", "CompensatingAction", "ContinueWith", "PublishFaultEvents", "PublishFault" };

        private readonly KnownSymbols _symbols;
        private bool _hangfireGlobalFilter;
        private bool _quartzListenerRegistered;
        private bool _quartzListenerDeclared;
        private bool _coravelOnError;
        private bool _consumeObserver;
        private bool _rebusErrorHandler;
        private bool _wolverineFailureAction;
        private bool _wolverineFaultEvents;
        private bool _capThresholdCallback;
        private bool _capSubscribeFilter;
        private bool _functionsReporter;
        private readonly HashSet<INamedTypeSymbol> _wolverineReportingHandlers = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ITypeSymbol> _wolverineFaultHandledMessages = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ITypeSymbol> _failedHandledMessages = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ITypeSymbol> _faultConsumedMessages = new(SymbolEqualityComparer.Default);

        private FailureReporters(KnownSymbols symbols) => _symbols = symbols;

        public static FailureReporters Create(JobModel model, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
        {
            var reporters = new FailureReporters(model.Symbols);
            reporters.CollectDeclaredReporters(model.SourceTypes);
            if (model.Symbols.HasHangfire || model.Symbols.HasQuartz || model.Symbols.HasCoravel || model.Symbols.HasWolverine || model.Symbols.HasCap)
            {
                reporters.CollectRegistrations(model.Compilation, cancellationToken);
            }

            if (model.Symbols.HasWolverine)
            {
                reporters.CollectWolverineFaultHandlers(model.Compilation, cancellationToken);
            }

            return reporters;
        }

        /// <summary>Whether a failure escaping <paramref name="entry"/> reaches a central reporter of its framework.</summary>
        public bool Reports(JobCodeMethod entry, QueueLintOptions options)
        {
            switch (entry.EntryKind)
            {
                case JobEntryPointKind.HangfireJob:
                    return options.FailuresReportedFor("hangfire") || _hangfireGlobalFilter || HasHangfireFilterAttribute(entry.EntryPoint);
                case JobEntryPointKind.QuartzJob:
                    return options.FailuresReportedFor("quartz") || (_quartzListenerDeclared && _quartzListenerRegistered);
                case JobEntryPointKind.MassTransitConsumer:
                case JobEntryPointKind.MassTransitJobConsumer:
                    return options.FailuresReportedFor("masstransit") || _consumeObserver || ConsumesFaultOf(entry.EntryPoint);
                case JobEntryPointKind.CoravelInvocable:
                    return options.FailuresReportedFor("coravel") || _coravelOnError;
                case JobEntryPointKind.RebusHandler:
                    return options.FailuresReportedFor("rebus") || _rebusErrorHandler || HandlesFailedOf(entry.EntryPoint);
                case JobEntryPointKind.WolverineHandler:
                    return options.FailuresReportedFor("wolverine")
                           || _wolverineFailureAction
                           || _wolverineReportingHandlers.Contains(entry.EntryPoint.ContainingType.OriginalDefinition)
                           || (_wolverineFaultEvents && HandlesWolverineFaultOf(entry.EntryPoint));
                case JobEntryPointKind.CapSubscriber:
                    return options.FailuresReportedFor("cap") || _capThresholdCallback || _capSubscribeFilter;
                case JobEntryPointKind.FunctionsQueueTrigger:
                case JobEntryPointKind.FunctionsServiceBusTrigger:
                case JobEntryPointKind.FunctionsTimerTrigger:
                    return options.FailuresReportedFor("functions") || _functionsReporter;
                case JobEntryPointKind.HostedService:
                    return options.FailuresReportedFor("hosting");
                default:
                    return false;
            }
        }

        private void CollectDeclaredReporters(SourceTypes types)
        {
            if (!_symbols.HasMassTransit && _symbols.QuartzIJobListener is null && !_symbols.HasRebus && _symbols.CapISubscribeFilter is null && !_symbols.HasAzureFunctions)
            {
                return;
            }

            foreach (var (type, interfaces) in types.GetMayImplementAny(
                _symbols.QuartzIJobListener, _symbols.MassTransitIConsumeObserver, _symbols.MassTransitIConsumeMessageObserver1, _symbols.MassTransitIConsumer1,
                _symbols.RebusIErrorHandler, _symbols.RebusIHandleMessages1, _symbols.CapISubscribeFilter,
                _symbols.FunctionsIFunctionsWorkerMiddleware, _symbols.WebJobsIFunctionExceptionFilter))
            {
                if (type.TypeKind != TypeKind.Class || type.IsAbstract)
                {
                    continue;
                }

                foreach (var implemented in interfaces)
                {
                    var definition = implemented.OriginalDefinition;
                    if (SymbolEqualityComparer.Default.Equals(definition, _symbols.QuartzIJobListener))
                    {
                        _quartzListenerDeclared = true;
                    }
                    else if (SymbolEqualityComparer.Default.Equals(definition, _symbols.MassTransitIConsumeObserver)
                        || SymbolEqualityComparer.Default.Equals(definition, _symbols.MassTransitIConsumeMessageObserver1))
                    {
                        _consumeObserver = true;
                    }
                    else if (SymbolEqualityComparer.Default.Equals(definition, _symbols.MassTransitIConsumer1)
                        && implemented.TypeArguments[0] is INamedTypeSymbol fault
                        && SymbolEqualityComparer.Default.Equals(fault.OriginalDefinition, _symbols.MassTransitFault1))
                    {
                        _faultConsumedMessages.Add(fault.TypeArguments[0].OriginalDefinition);
                    }
                    else if (SymbolEqualityComparer.Default.Equals(definition, _symbols.CapISubscribeFilter))
                    {
                        _capSubscribeFilter = true;
                    }
                    else if (SymbolEqualityComparer.Default.Equals(definition, _symbols.RebusIErrorHandler))
                    {
                        _rebusErrorHandler = true;
                    }
                    else if (SymbolEqualityComparer.Default.Equals(definition, _symbols.WebJobsIFunctionExceptionFilter)
                        || (SymbolEqualityComparer.Default.Equals(definition, _symbols.FunctionsIFunctionsWorkerMiddleware) && CatchesInInvoke(type)))
                    {
                        _functionsReporter = true;
                    }
                    else if (SymbolEqualityComparer.Default.Equals(definition, _symbols.RebusIHandleMessages1)
                        && implemented.TypeArguments[0] is INamedTypeSymbol failed
                        && SymbolEqualityComparer.Default.Equals(failed.OriginalDefinition, _symbols.RebusIFailed1))
                    {
                        _failedHandledMessages.Add(failed.TypeArguments[0].OriginalDefinition);
                    }
                }
            }
        }

        /// <summary>
        /// Whether a worker middleware catches what the function throws: a catch clause in its <c>Invoke</c>. Middleware
        /// is also written for authentication, headers and logging scopes; only one that catches sees the failures.
        /// </summary>
        private static bool CatchesInInvoke(INamedTypeSymbol type)
        {
            foreach (var member in type.GetMembers("Invoke"))
            {
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    foreach (var node in reference.GetSyntax().DescendantNodes())
                    {
                        if (node is CatchClauseSyntax)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private void CollectRegistrations(Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (!s_registrationText.MayContain(tree.GetText(cancellationToken)))
                {
                    continue;
                }

                SemanticModel? semanticModel = null;
                var file = FileSyntax.Get(tree, cancellationToken);
                if (_symbols.CapOptions is not null && !_capThresholdCallback)
                {
                    CollectCapThresholdCallback(compilation, tree, file, ref semanticModel, cancellationToken);
                }

                for (var i = 0; i < file.Invocations.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (file.InvokedNames[i] is not { } name || !MayRegister(file.Invocations[i], name))
                    {
                        continue;
                    }

                    semanticModel ??= CrossFileBinding.GetSemanticModel(compilation, tree);
                    if (semanticModel.GetOperation(file.Invocations[i], cancellationToken) is IInvocationOperation operation)
                    {
                        Collect(operation);
                    }
                }
            }
        }

        /// <summary>
        /// Whether a call of this name may register a reporter, by its syntax and the frameworks referenced: binding a call
        /// binds the method around it, and the names are common ones (<c>Add</c>, <c>And</c>, <c>ContinueWith</c>). A
        /// Hangfire filter is added to a collection named <c>Filters</c> (<c>GlobalJobFilters.Filters.Add</c>); a Wolverine
        /// action follows an <c>On…</c> rule in the same chain (<c>opts.OnException&lt;T&gt;().CustomAction(…)</c>).
        /// </summary>
        private bool MayRegister(InvocationExpressionSyntax call, string name)
        {
            switch (name)
            {
                case "Add":
                    return _symbols.HangfireJobFilterCollection is not null
                           && call.Expression is MemberAccessExpressionSyntax { Expression: var collection }
                           && collection switch
                           {
                               MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText.EndsWith("Filters", System.StringComparison.OrdinalIgnoreCase),
                               IdentifierNameSyntax identifier => identifier.Identifier.ValueText.EndsWith("Filters", System.StringComparison.OrdinalIgnoreCase),
                               _ => false,
                           };
                case "UseFilter":
                    return _symbols.HasHangfire;
                case "AddJobListener":
                    return _symbols.QuartzIJob is not null;
                case "OnError":
                    return _symbols.CoravelIInvocable is not null;
                case "PublishFaultEvents" or "PublishFault":
                    return _symbols.HasWolverine;
                default:
                    return System.Array.IndexOf(s_wolverineNames, name) >= 0 && _symbols.HasWolverine && FollowsRule(call);
            }
        }

        /// <summary>Whether the chain a call is made on holds a call whose name starts with <c>On</c> (a Wolverine rule's start).</summary>
        private static bool FollowsRule(InvocationExpressionSyntax call)
        {
            var current = call.Expression;
            for (var i = 0; i < 32; i++)
            {
                switch (current)
                {
                    case MemberAccessExpressionSyntax member:
                        current = member.Expression;
                        break;
                    case InvocationExpressionSyntax inner:
                        if (EnqueueSiteActions.GetInvokedName(inner) is { } innerName && innerName.StartsWith("On", System.StringComparison.Ordinal))
                        {
                            return true;
                        }

                        current = inner.Expression;
                        break;
                    default:
                        return false;
                }
            }

            return false;
        }

        private void Collect(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var assembly = method.ContainingAssembly;
            switch (method.Name)
            {
                case "Add" when SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.HangfireJobFilterCollection):
                case "UseFilter" when _symbols.HangfireBackgroundJob is { } hangfire && SymbolEqualityComparer.Default.Equals(assembly, hangfire.ContainingAssembly):
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter is { Ordinal: var ordinal } && !(method.IsExtensionMethod && ordinal == 0)
                            && IsApplicationFilter(argument.Value.WithoutImplicitConversions().Type))
                        {
                            _hangfireGlobalFilter = true;
                        }
                    }

                    break;
                // Quartz 3's AddQuartz(q => q.AddJobListener<T>()) is in Quartz.Extensions.DependencyInjection.
                case "AddJobListener" when _symbols.QuartzIJob is { } quartz
                    && (SymbolEqualityComparer.Default.Equals(assembly, quartz.ContainingAssembly) || assembly?.Name == "Quartz.Extensions.DependencyInjection"):
                    _quartzListenerRegistered = true;
                    break;
                case "OnError" when _symbols.CoravelIInvocable is { } coravel && SymbolEqualityComparer.Default.Equals(assembly, coravel.ContainingAssembly):
                    _coravelOnError = true;
                    break;
                case "PublishFaultEvents" or "PublishFault" when IsWolverine(assembly):
                    _wolverineFaultEvents = true;
                    break;
                case var name when System.Array.IndexOf(s_wolverineNames, name) >= 0 && IsWolverine(assembly):
                    CollectWolverineFailureAction(invocation);
                    break;
            }
        }

        /// <summary>An assignment of <c>CapOptions.FailedThresholdCallback</c> in the file (in <c>AddCap(o => …)</c> or an initializer).</summary>
        private void CollectCapThresholdCallback(Compilation compilation, SyntaxTree tree, FileSyntax file, ref SemanticModel? semanticModel, CancellationToken cancellationToken)
        {
            foreach (var node in file.Nodes)
            {
                if (node is AssignmentExpressionSyntax { Left: var left } assignment
                    && (left is IdentifierNameSyntax { Identifier.ValueText: "FailedThresholdCallback" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FailedThresholdCallback" }))
                {
                    semanticModel ??= CrossFileBinding.GetSemanticModel(compilation, tree);
                    if (semanticModel.GetSymbolInfo(left, cancellationToken).Symbol is IPropertySymbol property
                        && SymbolEqualityComparer.Default.Equals(property.ContainingType, _symbols.CapOptions)
                        && assignment.Right is not LiteralExpressionSyntax)
                    {
                        _capThresholdCallback = true;
                        return;
                    }
                }
            }
        }

        private bool IsWolverine(IAssemblySymbol? assembly)
            => _symbols.WolverineIMessageBus is { } bus && SymbolEqualityComparer.Default.Equals(assembly, bus.ContainingAssembly);

        /// <summary>
        /// A failure action of the application's own, at the end of a Wolverine error rule: for every handler when the
        /// rule starts on the options, for the handler class whose <c>Configure(HandlerChain)</c> sets it otherwise.
        /// </summary>
        private void CollectWolverineFailureAction(IInvocationOperation invocation)
        {
            if (WolverineErrorRules.FindStart(invocation, _symbols) is not { } start)
            {
                return;
            }

            if (!WolverineErrorRules.IsForOneHandler(start, _symbols))
            {
                _wolverineFailureAction = true;
            }
            else if (start.SemanticModel?.GetEnclosingSymbol(start.Syntax.SpanStart)?.ContainingType is { } handler)
            {
                _wolverineReportingHandlers.Add(handler.OriginalDefinition);
            }
        }

        /// <summary>The messages whose <c>Fault&lt;T&gt;</c> a Wolverine handler takes (found from each file's candidate handlers).</summary>
        private void CollectWolverineFaultHandlers(Compilation compilation, CancellationToken cancellationToken)
        {
            if (_symbols.WolverineFault1 is null)
            {
                return;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                var declarations = HandlerDeclarations.Get(tree, cancellationToken);
                if (!declarations.WolverineMessageNames.Contains("Fault"))
                {
                    continue;
                }

                var semanticModel = CrossFileBinding.GetSemanticModel(compilation, tree);
                foreach (var declaration in declarations.WolverineCandidates)
                {
                    if (semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol method
                        && WolverineHandlers.GetMessageType(method) is { TypeArguments.Length: 1 } fault
                        && SymbolEqualityComparer.Default.Equals(fault.OriginalDefinition, _symbols.WolverineFault1)
                        && WolverineHandlers.IsHandlerMethod(method, _symbols))
                    {
                        _wolverineFaultHandledMessages.Add(fault.TypeArguments[0].OriginalDefinition);
                    }
                }
            }
        }

        /// <summary>Whether a handler of <c>Fault&lt;T&gt;</c> takes the message <paramref name="handle"/> handles.</summary>
        private bool HandlesWolverineFaultOf(IMethodSymbol handle)
            => _wolverineFaultHandledMessages.Count > 0
               && WolverineHandlers.GetMessageType(handle) is { } handled
               && _wolverineFaultHandledMessages.Contains(handled.OriginalDefinition);

        /// <summary>A Hangfire filter type of the application's own (Hangfire's own filters, such as retries, report nothing).</summary>
        private bool IsApplicationFilter(ITypeSymbol? type)
            => type is INamedTypeSymbol named
               && named.IsInSource()
               && (named.IsOrImplements(_symbols.HangfireIServerFilter)
                   || named.IsOrImplements(_symbols.HangfireIElectStateFilter)
                   || named.IsOrImplements(_symbols.HangfireIApplyStateFilter));

        private bool HasHangfireFilterAttribute(IMethodSymbol job)
        {
            foreach (var attribute in job.GetAttributes())
            {
                if (IsApplicationFilter(attribute.AttributeClass))
                {
                    return true;
                }
            }

            // Hangfire reads filter attributes of the job's class and its base classes.
            for (var type = job.ContainingType; type is not null; type = type.BaseType)
            {
                foreach (var attribute in type.GetAttributes())
                {
                    if (IsApplicationFilter(attribute.AttributeClass))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Whether a second-level handler (<c>IHandleMessages&lt;IFailed&lt;T&gt;&gt;</c>) takes the message <paramref name="handle"/> handles when it fails.</summary>
        private bool HandlesFailedOf(IMethodSymbol handle)
            => _failedHandledMessages.Count > 0
               && handle.Parameters.Length > 0
               && handle.Parameters[0].Type is INamedTypeSymbol message
               && _failedHandledMessages.Contains(message.OriginalDefinition);

        private bool ConsumesFaultOf(IMethodSymbol consume)
        {
            if (_faultConsumedMessages.Count == 0 || consume.Parameters.Length == 0
                || consume.Parameters[0].Type is not INamedTypeSymbol { TypeArguments.Length: 1 } context)
            {
                return false;
            }

            return _faultConsumedMessages.Contains(context.TypeArguments[0].OriginalDefinition);
        }
    }
}
