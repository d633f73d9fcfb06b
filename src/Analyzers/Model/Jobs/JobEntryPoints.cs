using Microsoft.CodeAnalysis;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Jobs
{
    internal enum JobEntryPointKind
    {
        None,

        /// <summary><c>Quartz.IJob.Execute</c>, 3.x (<c>Task Execute(IJobExecutionContext)</c>) or 4.x (with a token).</summary>
        QuartzJob,

        /// <summary><c>MassTransit.IConsumer&lt;T&gt;.Consume</c>.</summary>
        MassTransitConsumer,

        /// <summary><c>MassTransit.IJobConsumer&lt;T&gt;.Run</c>.</summary>
        MassTransitJobConsumer,

        /// <summary>An override of <c>BackgroundService.ExecuteAsync</c>.</summary>
        HostedService,

        /// <summary><c>Coravel.Invocable.IInvocable.Invoke</c>.</summary>
        CoravelInvocable,

        /// <summary><c>Rebus.Handlers.IHandleMessages&lt;T&gt;.Handle</c>.</summary>
        RebusHandler,

        /// <summary>A Wolverine handler method, found by Wolverine's conventions (<see cref="WolverineHandlers"/>); it may be static.</summary>
        WolverineHandler,

        /// <summary>A CAP subscriber: a method with <c>[CapSubscribe]</c> (or another CAP topic attribute) on an <c>ICapSubscribe</c> class or a controller (<see cref="CapSubscribers"/>).</summary>
        CapSubscriber,

        /// <summary>An Azure Function run by a storage queue message (<see cref="AzureFunctions"/>); it may be static.</summary>
        FunctionsQueueTrigger,

        /// <summary>An Azure Function run on a schedule (<see cref="AzureFunctions"/>); it may be static.</summary>
        FunctionsTimerTrigger,

        /// <summary>An Azure Function run by a Service Bus message (<see cref="AzureFunctions"/>); it may be static.</summary>
        FunctionsServiceBusTrigger,

        /// <summary>
        /// A Durable activity: an Azure Function with an <c>[ActivityTrigger]</c> (<see cref="AzureFunctions"/>), or the
        /// <c>RunAsync</c> of a Durable Task SDK <c>TaskActivity&lt;TInput, TOutput&gt;</c> (<see cref="DurableActivities"/>).
        /// </summary>
        DurableActivity,

        /// <summary>A method implementing an interface named in <c>queuelint.job_interfaces</c>.</summary>
        UserJobInterface,

        /// <summary>A method some Hangfire enqueue site targets (a cross-file fact: see <see cref="JobCode"/>).</summary>
        HangfireJob,

        /// <summary>A method that a wrapper named in <c>queuelint.enqueue_methods</c> is told to run.</summary>
        EnqueuedJob,
    }

    /// <summary>
    /// Recognises the entry points that can be known from the method's own declaration: interface
    /// implementations, overrides and configured interfaces. Hangfire job methods are whatever an enqueue site
    /// targets, which only the enqueue sites know.
    /// </summary>
    internal static class JobEntryPoints
    {
        public static JobEntryPointKind GetKind(IMethodSymbol method, JobModel model, QueueLintOptions options)
        {
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation))
            {
                return JobEntryPointKind.None;
            }

            var symbols = model.Symbols;
            switch (AzureFunctions.GetTrigger(method, symbols))
            {
                case FunctionTrigger.Queue:
                    return JobEntryPointKind.FunctionsQueueTrigger;
                case FunctionTrigger.Timer:
                    return JobEntryPointKind.FunctionsTimerTrigger;
                case FunctionTrigger.ServiceBus:
                    return JobEntryPointKind.FunctionsServiceBusTrigger;
                case FunctionTrigger.Activity:
                    return JobEntryPointKind.DurableActivity;
            }

            if (method.IsStatic)
            {
                return WolverineHandlers.IsQueuedHandler(method, model) ? JobEntryPointKind.WolverineHandler : JobEntryPointKind.None;
            }

            var type = method.ContainingType;

            if (method.Name == "ExecuteAsync" && method.Overrides(symbols.BackgroundService))
            {
                return JobEntryPointKind.HostedService;
            }

            if (DurableActivities.IsActivityRun(method, symbols))
            {
                return JobEntryPointKind.DurableActivity;
            }

            if (ImplementsMemberOf(method, type, symbols.QuartzIJob, "Execute"))
            {
                return JobEntryPointKind.QuartzJob;
            }

            if (ImplementsMemberOf(method, type, symbols.MassTransitIConsumer1, "Consume"))
            {
                return JobEntryPointKind.MassTransitConsumer;
            }

            if (ImplementsMemberOf(method, type, symbols.MassTransitIJobConsumer1, "Run"))
            {
                return JobEntryPointKind.MassTransitJobConsumer;
            }

            if (ImplementsMemberOf(method, type, symbols.CoravelIInvocable, "Invoke"))
            {
                return JobEntryPointKind.CoravelInvocable;
            }

            if (ImplementsMemberOf(method, type, symbols.RebusIHandleMessages1, "Handle"))
            {
                return JobEntryPointKind.RebusHandler;
            }

            if (WolverineHandlers.IsQueuedHandler(method, model))
            {
                return JobEntryPointKind.WolverineHandler;
            }

            if (CapSubscribers.IsSubscription(method, symbols))
            {
                return JobEntryPointKind.CapSubscriber;
            }

            if (!options.JobInterfaces.IsEmpty)
            {
                foreach (var jobInterface in model.ResolveTypes(options.JobInterfaces))
                {
                    if (ImplementsMemberOf(method, type, jobInterface, memberName: null))
                    {
                        return JobEntryPointKind.UserJobInterface;
                    }
                }
            }

            return JobEntryPointKind.None;
        }

        /// <summary>
        /// False when <paramref name="method"/> cannot be an entry point of a framework's job interface, base class or
        /// naming convention, by its name alone (an explicit interface implementation may always be one), or, where CAP
        /// or Azure Functions is referenced, by its lack of attributes: what <see cref="GetKind"/> checks first.
        /// </summary>
        public static bool MayBeFrameworkEntryPoint(IMethodSymbol method, KnownSymbols symbols)
            => method.MethodKind == MethodKind.ExplicitInterfaceImplementation
               || System.Array.IndexOf(EntryNames(symbols), method.Name) >= 0
               || (symbols.HasCap && CapSubscribers.MayBeSubscription(method))
               || AzureFunctions.MayBeFunction(method, symbols);

        /// <summary>
        /// The names the referenced frameworks' entry points have (an explicit implementation is declared with its
        /// interface member's name); Wolverine's handler names only where Wolverine is referenced.
        /// </summary>
        public static string[] EntryNames(KnownSymbols symbols)
            => symbols.HasWolverine
                ? symbols.DurableTaskActivity2 is null ? s_namesWithWolverine : s_namesWithWolverineAndDurable
                : symbols.DurableTaskActivity2 is null ? s_names : s_namesWithDurable;

        private static readonly string[] s_names = { "ExecuteAsync", "Execute", "Consume", "Run", "Invoke", "Handle" };

        private static readonly string[] s_durableNames = { DurableActivities.RunMethodName };

        private static readonly string[] s_namesWithWolverine = Concat(s_names, WolverineHandlers.MethodNames, WolverineHandlers.SagaMethodNames);

        private static readonly string[] s_namesWithDurable = Concat(s_names, s_durableNames);

        private static readonly string[] s_namesWithWolverineAndDurable = Concat(s_namesWithWolverine, s_durableNames);

        private static string[] Concat(params string[][] lists)
        {
            var names = new System.Collections.Generic.List<string>();
            foreach (var list in lists)
            {
                foreach (var name in list)
                {
                    if (!names.Contains(name))
                    {
                        names.Add(name);
                    }
                }
            }

            return names.ToArray();
        }

        /// <summary>
        /// What the framework itself does with a failure that escapes an entry point of this kind, when no reporter of the
        /// application is on its way: it is kept or logged where someone may look, but nobody is alerted.
        /// </summary>
        public static string DescribeUnreportedFailure(JobEntryPointKind kind)
            => kind switch
            {
                JobEntryPointKind.HangfireJob => "Hangfire logs it at each attempt and keeps the job as Failed on its dashboard after the last retry; nothing in the application reports it",
                JobEntryPointKind.QuartzJob => "the Quartz scheduler logs it at error level; nothing in the application reports it",
                JobEntryPointKind.MassTransitConsumer or JobEntryPointKind.MassTransitJobConsumer => "MassTransit logs it and moves the message to the _error queue after its retries; nothing in the application reports it",
                JobEntryPointKind.CoravelInvocable => "Coravel logs it; nothing in the application reports it",
                JobEntryPointKind.RebusHandler => "Rebus logs it at each delivery attempt and moves the message to the error queue after the last one; nothing in the application reports it",
                JobEntryPointKind.WolverineHandler => "Wolverine logs it at each attempt and moves the message to the dead letter queue after the last one; nothing in the application reports it",
                JobEntryPointKind.FunctionsQueueTrigger => "the Functions host logs it at each attempt, delivers the message again at once (5 deliveries by default) and then moves it to the '<queue>-poison' queue; nothing in the application reports it",
                JobEntryPointKind.FunctionsTimerTrigger => "the Functions host logs it and does not run the function again before its next occurrence; nothing in the application reports it",
                JobEntryPointKind.FunctionsServiceBusTrigger => "the Functions host logs it and abandons the message, which Service Bus delivers again at once until its maximum delivery count (10 by default) and then moves to the dead-letter queue; nothing in the application reports it",
                JobEntryPointKind.CapSubscriber => "CAP logs it at each attempt, tries the message again (three times at once, then once a minute, 50 times in all by default) and leaves it as Failed in its storage; nothing in the application reports it",
                _ => "nothing on its way reports it",
            };

        /// <summary>
        /// True when the framework takes a run that ends in <c>OperationCanceledException</c> as done: CAP marks the
        /// message of a subscriber that throws it as succeeded and never runs it again, so a subscriber that observes its
        /// shutdown token loses the message it was handling (QL0050 does not ask for it there).
        /// </summary>
        public static bool CancellationLosesWork(JobEntryPointKind kind) => kind == JobEntryPointKind.CapSubscriber;

        /// <summary>
        /// True when a failure escaping an entry point of this kind is handed back to application code that waits for the
        /// result: a Durable activity's exception is thrown again in the orchestration that called it
        /// (<c>FunctionFailedException</c> in-process, <c>TaskFailedException</c> in the Durable Task SDK), which decides
        /// what becomes of it. Such entry points are not asked to report their failures (QL0011): their caller is told.
        /// </summary>
        public static bool FailureReachesCaller(JobEntryPointKind kind) => kind == JobEntryPointKind.DurableActivity;

        /// <summary>
        /// True when a failure escaping an entry point of this kind ends more than the job: an exception out of
        /// <c>BackgroundService.ExecuteAsync</c> stops the host (or, under <c>BackgroundServiceExceptionBehavior.Ignore</c>,
        /// ends the service for good). Such entry points are guarded per iteration (QL0014), not reported after the fact.
        /// </summary>
        public static bool FailureEndsService(JobEntryPointKind kind) => kind == JobEntryPointKind.HostedService;

        /// <summary>What becomes of an exception that escapes an entry point whose failure ends the service (<see cref="FailureEndsService"/>).</summary>
        public static string DescribeEscapedFailure(JobEntryPointKind kind)
            => kind == JobEntryPointKind.HostedService
                ? "it stops the host (BackgroundServiceExceptionBehavior.StopHost, the default since .NET 6), or under Ignore ends the service with only a log line"
                : DescribeUnreportedFailure(kind);

        /// <summary>True when <paramref name="method"/> implements a method of <paramref name="interfaceDefinition"/> (any construction of it).</summary>
        private static bool ImplementsMemberOf(IMethodSymbol method, INamedTypeSymbol type, INamedTypeSymbol? interfaceDefinition, string? memberName)
        {
            if (interfaceDefinition is null)
            {
                return false;
            }

            if (memberName is not null && method.MethodKind == MethodKind.Ordinary && method.Name != memberName)
            {
                return false;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, interfaceDefinition))
                {
                    continue;
                }

                foreach (var member in implemented.GetMembers())
                {
                    if (member is IMethodSymbol interfaceMethod
                        && (memberName is null || interfaceMethod.Name == memberName)
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMethod), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
