using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using QueueLint.Model.Data;

namespace QueueLint.Model
{
    /// <summary>
    /// Framework types resolved by metadata name once per compilation. A field is null when its framework is
    /// not referenced; adapters and rules check these before doing any work.
    /// </summary>
    internal sealed class KnownSymbols
    {
        private readonly ConcurrentDictionary<INamedTypeSymbol, IPropertySymbol?> _entityKeys = new(SymbolEqualityComparer.Default);

        public KnownSymbols(Compilation compilation)
        {
            Compilation = compilation;
            var types = new TypeResolver(compilation);

            Expression = types.Find("System.Linq.Expressions.Expression");
            Expression1 = types.Find("System.Linq.Expressions.Expression`1");
            IEnumerable1 = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
            Task = types.Find("System.Threading.Tasks.Task");
            ValueTask = types.Find("System.Threading.Tasks.ValueTask");
            CancellationToken = types.Find("System.Threading.CancellationToken");
            KeyAttribute = types.Find("System.ComponentModel.DataAnnotations.KeyAttribute");
            NotMappedAttribute = types.Find("System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute");
            ValueTask1 = types.Find("System.Threading.Tasks.ValueTask`1");
            IQueryable = types.Find("System.Linq.IQueryable");
            LinqEnumerable = types.Find("System.Linq.Enumerable");
            Stream = types.Find("System.IO.Stream");
            ClaimsPrincipal = types.Find("System.Security.Claims.ClaimsPrincipal");
            IServiceProvider = types.Find("System.IServiceProvider");
            IServiceScope = types.Find("Microsoft.Extensions.DependencyInjection.IServiceScope");
            ILogger = types.Find("Microsoft.Extensions.Logging.ILogger");
            HttpContext = types.Find("Microsoft.AspNetCore.Http.HttpContext");
            HttpRequest = types.Find("Microsoft.AspNetCore.Http.HttpRequest");
            FormFile = types.Find("Microsoft.AspNetCore.Http.IFormFile");
            CancellationTokenSource = types.Find("System.Threading.CancellationTokenSource");
            DatabaseFacade = types.Find("Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade");
            DbConnection = types.Find("System.Data.Common.DbConnection");
            IDbConnection = types.Find("System.Data.IDbConnection");
            TransactionScope = types.Find("System.Transactions.TransactionScope");
            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                if (assembly.Name == "MassTransit.EntityFrameworkCore")
                {
                    HasMassTransitEntityFrameworkOutbox = true;
                }
            }

            HangfirePerformContext = types.Find("Hangfire.Server.PerformContext");
            HangfireIJobCancellationToken = types.Find("Hangfire.IJobCancellationToken");
            HangfireJobCancellationToken = types.Find("Hangfire.JobCancellationToken");

            HangfireBackgroundJob = types.Find("Hangfire.BackgroundJob");
            HangfireBackgroundJobClientExtensions = types.Find("Hangfire.BackgroundJobClientExtensions");
            HangfireRecurringJob = types.Find("Hangfire.RecurringJob");
            HangfireRecurringJobManagerExtensions = types.Find("Hangfire.RecurringJobManagerExtensions");

            QuartzIJob = types.Find("Quartz.IJob");
            QuartzJobDataMap = types.Find("Quartz.JobDataMap");
            QuartzJobBuilder = types.Find("Quartz.JobBuilder");
            QuartzTriggerBuilder = types.Find("Quartz.TriggerBuilder");

            MassTransitIPublishEndpoint = types.Find("MassTransit.IPublishEndpoint");
            MassTransitISendEndpoint = types.Find("MassTransit.ISendEndpoint");
            MassTransitConsumeContext = types.Find("MassTransit.ConsumeContext");
            MassTransitIConsumer1 = types.Find("MassTransit.IConsumer`1");
            MassTransitIJobConsumer1 = types.Find("MassTransit.IJobConsumer`1");

            RebusIBus = types.Find("Rebus.Bus.IBus");
            RebusISyncBus = types.Find("Rebus.Bus.Advanced.ISyncBus");
            RebusIRoutingApi = types.Find("Rebus.Bus.Advanced.IRoutingApi");
            RebusITopicsApi = types.Find("Rebus.Bus.Advanced.ITopicsApi");
            RebusIHandleMessages1 = types.Find("Rebus.Handlers.IHandleMessages`1");
            RebusTransactionScope = types.Find("Rebus.Transport.RebusTransactionScope");
            MessageHandlerInterfaces = new[] { MassTransitIConsumer1, MassTransitIJobConsumer1, RebusIHandleMessages1 };

            WolverineIMessageBus = types.Find("Wolverine.IMessageBus");
            WolverineIMessageContext = types.Find("Wolverine.IMessageContext");
            WolverineIDestinationEndpoint = types.Find("Wolverine.IDestinationEndpoint");
            WolverineIWolverineHandler = types.Find("Wolverine.IWolverineHandler");
            WolverineHandlerAttribute = types.Find("Wolverine.Attributes.WolverineHandlerAttribute");
            WolverineIgnoreAttribute = types.Find("Wolverine.Attributes.WolverineIgnoreAttribute");
            WolverineSaga = types.Find("Wolverine.Saga");
            WolverineHttpMethodAttribute = types.Find("Wolverine.Http.WolverineHttpMethodAttribute");
            WolverineMessageBusExtensions = types.Find("Wolverine.MessageBusExtensions");
            WolverineFault1 = types.Find("Wolverine.Fault`1");
            WolverineErrorHandlingPolicyExtensions = types.Find("Wolverine.ErrorHandling.ErrorHandlingPolicyExtensions");
            WolverineHandlerChain = types.Find("Wolverine.Runtime.Handlers.HandlerChain");
            WolverineIDbContextOutbox = types.Find("Wolverine.EntityFrameworkCore.IDbContextOutbox");
            WolverineIDbContextOutbox1 = types.Find("Wolverine.EntityFrameworkCore.IDbContextOutbox`1");

            CapICapPublisher = types.Find("DotNetCore.CAP.ICapPublisher");
            CapICapSubscribe = types.Find("DotNetCore.CAP.ICapSubscribe");
            CapTopicAttribute = types.Find("DotNetCore.CAP.Internal.TopicAttribute");
            CapFromCapAttribute = types.Find("DotNetCore.CAP.FromCapAttribute");
            CapOptions = types.Find("DotNetCore.CAP.CapOptions");
            CapISubscribeFilter = types.Find("DotNetCore.CAP.Filter.ISubscribeFilter");

            // Azure Functions: the isolated worker's attributes and middleware, and the in-process (WebJobs) ones.
            FunctionsFunctionAttribute = types.Find("Microsoft.Azure.Functions.Worker.FunctionAttribute");
            FunctionsQueueTriggerAttribute = types.Find("Microsoft.Azure.Functions.Worker.QueueTriggerAttribute");
            FunctionsTimerTriggerAttribute = types.Find("Microsoft.Azure.Functions.Worker.TimerTriggerAttribute");
            FunctionsServiceBusTriggerAttribute = types.Find("Microsoft.Azure.Functions.Worker.ServiceBusTriggerAttribute");
            FunctionsFixedDelayRetryAttribute = types.Find("Microsoft.Azure.Functions.Worker.FixedDelayRetryAttribute");
            FunctionsExponentialBackoffRetryAttribute = types.Find("Microsoft.Azure.Functions.Worker.ExponentialBackoffRetryAttribute");
            FunctionsIFunctionsWorkerMiddleware = types.Find("Microsoft.Azure.Functions.Worker.Middleware.IFunctionsWorkerMiddleware");
            FunctionsFunctionContext = types.Find("Microsoft.Azure.Functions.Worker.FunctionContext");
            WebJobsFunctionNameAttribute = types.Find("Microsoft.Azure.WebJobs.FunctionNameAttribute");
            WebJobsQueueTriggerAttribute = types.Find("Microsoft.Azure.WebJobs.QueueTriggerAttribute");
            WebJobsTimerTriggerAttribute = types.Find("Microsoft.Azure.WebJobs.TimerTriggerAttribute");
            WebJobsQueueAttribute = types.Find("Microsoft.Azure.WebJobs.QueueAttribute");
            WebJobsIAsyncCollector1 = types.Find("Microsoft.Azure.WebJobs.IAsyncCollector`1");
            WebJobsICollector1 = types.Find("Microsoft.Azure.WebJobs.ICollector`1");
            WebJobsFixedDelayRetryAttribute = types.Find("Microsoft.Azure.WebJobs.FixedDelayRetryAttribute");
            WebJobsExponentialBackoffRetryAttribute = types.Find("Microsoft.Azure.WebJobs.ExponentialBackoffRetryAttribute");
            WebJobsIFunctionExceptionFilter = types.Find("Microsoft.Azure.WebJobs.Host.IFunctionExceptionFilter");

            // Durable Functions: the retry policies of activity and sub-orchestration calls, in-process and isolated.
            DurableRetryOptions = types.Find("Microsoft.Azure.WebJobs.Extensions.DurableTask.RetryOptions");
            DurableRetryPolicy = types.Find("Microsoft.DurableTask.RetryPolicy");

            // Durable Functions and the Durable Task SDK: the activity triggers and class-based activities (entry points),
            // the orchestration contexts that call activities and sub-orchestrations, and the clients that start orchestrations.
            DurableActivityTriggerAttribute = types.Find("Microsoft.Azure.WebJobs.Extensions.DurableTask.ActivityTriggerAttribute");
            FunctionsActivityTriggerAttribute = types.Find("Microsoft.Azure.Functions.Worker.ActivityTriggerAttribute");
            DurableIOrchestrationContext = types.Find("Microsoft.Azure.WebJobs.Extensions.DurableTask.IDurableOrchestrationContext");
            DurableIOrchestrationClient = types.Find("Microsoft.Azure.WebJobs.Extensions.DurableTask.IDurableOrchestrationClient");
            DurableTaskOrchestrationContext = types.Find("Microsoft.DurableTask.TaskOrchestrationContext");
            DurableTaskClient = types.Find("Microsoft.DurableTask.Client.DurableTaskClient");
            DurableTaskActivity2 = types.Find("Microsoft.DurableTask.TaskActivity`2");

            BackgroundService = types.Find("Microsoft.Extensions.Hosting.BackgroundService");
            IHostedService = types.Find("Microsoft.Extensions.Hosting.IHostedService");
            CoravelIInvocable = types.Find("Coravel.Invocable.IInvocable");

            EfDbContext = types.Find("Microsoft.EntityFrameworkCore.DbContext");
            EfDbSet1 = types.Find("Microsoft.EntityFrameworkCore.DbSet`1");
            EfModelBuilder = types.Find("Microsoft.EntityFrameworkCore.ModelBuilder");
            EfIEntityTypeConfiguration1 = types.Find("Microsoft.EntityFrameworkCore.IEntityTypeConfiguration`1");

            // EF Core operations judged in job code (duplicate runs, conflicting operations).
            EfQueryableExtensions = types.Find("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
            EfRelationalQueryableExtensions = types.Find("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
            EfRelationalDatabaseFacadeExtensions = types.Find("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
            LinqQueryable = types.Find("System.Linq.Queryable");

            // Where job failures go: exceptions, loggers and each framework's central reporters.
            Exception = types.Find("System.Exception");
            OperationCanceledException = types.Find("System.OperationCanceledException");
            TaskFactory = types.Find("System.Threading.Tasks.TaskFactory");
            PeriodicTimer = types.Find("System.Threading.PeriodicTimer");
            ChannelReader1 = types.Find("System.Threading.Channels.ChannelReader`1");
            ILogger1 = types.Find("Microsoft.Extensions.Logging.ILogger`1");
            // The WebJobs host (in-process Azure Functions) declares a public LoggerExtensions of its own in the same
            // namespace: the one that holds LogError and friends is the logging abstractions' own, next to ILogger.
            LoggerExtensions = types.Find("Microsoft.Extensions.Logging.LoggerExtensions")
                ?? ILogger?.ContainingAssembly.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
            HangfireGlobalJobFilters = types.Find("Hangfire.GlobalJobFilters");
            HangfireJobFilterCollection = types.Find("Hangfire.Common.JobFilterCollection");
            HangfireIServerFilter = types.Find("Hangfire.Server.IServerFilter");
            HangfireIElectStateFilter = types.Find("Hangfire.States.IElectStateFilter");
            HangfireIApplyStateFilter = types.Find("Hangfire.States.IApplyStateFilter");
            QuartzIJobListener = types.Find("Quartz.IJobListener");
            MassTransitFault1 = types.Find("MassTransit.Fault`1");
            MassTransitIConsumeObserver = types.Find("MassTransit.IConsumeObserver");
            MassTransitIConsumeMessageObserver1 = types.Find("MassTransit.IConsumeMessageObserver`1");
            RebusIFailed1 = types.Find("Rebus.Retry.Simple.IFailed`1");
            RebusIErrorHandler = types.Find("Rebus.Retry.IErrorHandler");
            // Retry policies.
            PollyRetrySyntax = types.Find("Polly.RetrySyntax");
            PollyContribBackoff = types.Find("Polly.Contrib.WaitAndRetry.Backoff");
            PollyRetryStrategyOptions1 = types.Find("Polly.Retry.RetryStrategyOptions`1");
            HttpRetryStrategyOptions = types.Find("Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions");
            MassTransitRetryConfigurationExtensions = types.Find("MassTransit.RetryConfigurationExtensions");
            MassTransitReceivePipeConfigurationExtensions = types.Find("MassTransit.ReceivePipeConfigurationExtensions");
            HangfireAutomaticRetryAttribute = types.Find("Hangfire.AutomaticRetryAttribute");
            HangfireJobFilterAttribute = types.Find("Hangfire.Common.JobFilterAttribute");
            QuartzJobExecutionException = types.Find("Quartz.JobExecutionException");
            Thread = types.Find("System.Threading.Thread");
            // Payload family: types whose instances serve one request (QL0006).
            AspNetCoreControllerBase = types.Find("Microsoft.AspNetCore.Mvc.ControllerBase");
            AspNetCorePageModel = types.Find("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
            SignalRHub = types.Find("Microsoft.AspNetCore.SignalR.Hub");

            // Lifetime rules: blocking waits, cancellation sources and per-item work in job code.
            SemaphoreSlim = types.Find("System.Threading.SemaphoreSlim");
            Task1 = types.Find("System.Threading.Tasks.Task`1");
            TimeSpan = types.Find("System.TimeSpan");
            HttpClient = types.Find("System.Net.Http.HttpClient");
            QuartzIJobExecutionContext = types.Find("Quartz.IJobExecutionContext");
            IsQuartz4 = QuartzIJob?.ContainingAssembly.Identity.Version.Major >= 4;

            // Generated code, which no rule reports in (Model/Syntax/GeneratedCode).
            GeneratedCodeAttribute = types.Find("System.CodeDom.Compiler.GeneratedCodeAttribute");
        }

        public Compilation Compilation { get; }

        public INamedTypeSymbol? Expression { get; }
        public INamedTypeSymbol? Expression1 { get; }
        public INamedTypeSymbol IEnumerable1 { get; }
        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? CancellationToken { get; }
        public INamedTypeSymbol? KeyAttribute { get; }
        public INamedTypeSymbol? NotMappedAttribute { get; }
        public INamedTypeSymbol? ValueTask1 { get; }
        public INamedTypeSymbol? IQueryable { get; }
        public INamedTypeSymbol? LinqEnumerable { get; }
        public INamedTypeSymbol? Stream { get; }
        public INamedTypeSymbol? ClaimsPrincipal { get; }
        public INamedTypeSymbol? IServiceProvider { get; }
        public INamedTypeSymbol? IServiceScope { get; }
        public INamedTypeSymbol? ILogger { get; }
        public INamedTypeSymbol? HttpContext { get; }
        public INamedTypeSymbol? HttpRequest { get; }

        /// <summary>An uploaded file in ASP.NET Core (<c>IFormFile</c>).</summary>
        public INamedTypeSymbol? FormFile { get; }

        public INamedTypeSymbol? CancellationTokenSource { get; }
        public INamedTypeSymbol? DatabaseFacade { get; }
        public INamedTypeSymbol? DbConnection { get; }
        public INamedTypeSymbol? IDbConnection { get; }
        public INamedTypeSymbol? TransactionScope { get; }

        /// <summary>MassTransit's EF Core integration is referenced: its transactional outbox may be in use.</summary>
        public bool HasMassTransitEntityFrameworkOutbox { get; }

        public INamedTypeSymbol? HangfirePerformContext { get; }
        public INamedTypeSymbol? HangfireIJobCancellationToken { get; }
        public INamedTypeSymbol? HangfireJobCancellationToken { get; }

        public INamedTypeSymbol? HangfireBackgroundJob { get; }
        public INamedTypeSymbol? HangfireBackgroundJobClientExtensions { get; }
        public INamedTypeSymbol? HangfireRecurringJob { get; }
        public INamedTypeSymbol? HangfireRecurringJobManagerExtensions { get; }

        public INamedTypeSymbol? QuartzIJob { get; }
        public INamedTypeSymbol? QuartzJobDataMap { get; }
        public INamedTypeSymbol? QuartzJobBuilder { get; }
        public INamedTypeSymbol? QuartzTriggerBuilder { get; }

        public INamedTypeSymbol? MassTransitIPublishEndpoint { get; }
        public INamedTypeSymbol? MassTransitISendEndpoint { get; }
        public INamedTypeSymbol? MassTransitConsumeContext { get; }
        public INamedTypeSymbol? MassTransitIConsumer1 { get; }
        public INamedTypeSymbol? MassTransitIJobConsumer1 { get; }

        public INamedTypeSymbol? BackgroundService { get; }
        public INamedTypeSymbol? IHostedService { get; }
        public INamedTypeSymbol? CoravelIInvocable { get; }

        public INamedTypeSymbol? RebusIBus { get; }
        public INamedTypeSymbol? RebusISyncBus { get; }
        public INamedTypeSymbol? RebusIRoutingApi { get; }
        public INamedTypeSymbol? RebusITopicsApi { get; }
        public INamedTypeSymbol? RebusIHandleMessages1 { get; }
        public INamedTypeSymbol? RebusTransactionScope { get; }
        public INamedTypeSymbol? RebusIFailed1 { get; }
        public INamedTypeSymbol? RebusIErrorHandler { get; }

        public INamedTypeSymbol? WolverineIMessageBus { get; }
        public INamedTypeSymbol? WolverineIMessageContext { get; }
        public INamedTypeSymbol? WolverineIDestinationEndpoint { get; }
        public INamedTypeSymbol? WolverineIWolverineHandler { get; }
        public INamedTypeSymbol? WolverineHandlerAttribute { get; }
        public INamedTypeSymbol? WolverineIgnoreAttribute { get; }
        public INamedTypeSymbol? WolverineSaga { get; }
        public INamedTypeSymbol? WolverineHttpMethodAttribute { get; }
        public INamedTypeSymbol? WolverineMessageBusExtensions { get; }
        public INamedTypeSymbol? WolverineFault1 { get; }
        public INamedTypeSymbol? WolverineErrorHandlingPolicyExtensions { get; }
        public INamedTypeSymbol? WolverineHandlerChain { get; }
        public INamedTypeSymbol? WolverineIDbContextOutbox { get; }
        public INamedTypeSymbol? WolverineIDbContextOutbox1 { get; }

        public INamedTypeSymbol? CapICapPublisher { get; }
        public INamedTypeSymbol? CapICapSubscribe { get; }

        /// <summary>The base of <c>[CapSubscribe]</c>: CAP takes any attribute deriving from it as a subscription.</summary>
        public INamedTypeSymbol? CapTopicAttribute { get; }
        public INamedTypeSymbol? CapFromCapAttribute { get; }
        public INamedTypeSymbol? CapOptions { get; }
        public INamedTypeSymbol? CapISubscribeFilter { get; }

        public INamedTypeSymbol? FunctionsFunctionAttribute { get; }
        public INamedTypeSymbol? FunctionsQueueTriggerAttribute { get; }
        public INamedTypeSymbol? FunctionsTimerTriggerAttribute { get; }

        /// <summary>The isolated worker's <c>[ServiceBusTrigger]</c> (Microsoft.Azure.Functions.Worker.Extensions.ServiceBus).</summary>
        public INamedTypeSymbol? FunctionsServiceBusTriggerAttribute { get; }
        public INamedTypeSymbol? FunctionsFixedDelayRetryAttribute { get; }
        public INamedTypeSymbol? FunctionsExponentialBackoffRetryAttribute { get; }
        public INamedTypeSymbol? FunctionsIFunctionsWorkerMiddleware { get; }
        public INamedTypeSymbol? FunctionsFunctionContext { get; }
        public INamedTypeSymbol? WebJobsFunctionNameAttribute { get; }
        public INamedTypeSymbol? WebJobsQueueTriggerAttribute { get; }
        public INamedTypeSymbol? WebJobsTimerTriggerAttribute { get; }
        public INamedTypeSymbol? WebJobsQueueAttribute { get; }
        public INamedTypeSymbol? WebJobsIAsyncCollector1 { get; }
        public INamedTypeSymbol? WebJobsICollector1 { get; }
        public INamedTypeSymbol? WebJobsFixedDelayRetryAttribute { get; }
        public INamedTypeSymbol? WebJobsExponentialBackoffRetryAttribute { get; }
        public INamedTypeSymbol? WebJobsIFunctionExceptionFilter { get; }

        /// <summary>In-process Durable Functions' <c>RetryOptions</c> (<c>CallActivityWithRetryAsync</c>).</summary>
        public INamedTypeSymbol? DurableRetryOptions { get; }

        /// <summary>The isolated Durable Task SDK's <c>RetryPolicy</c> (<c>TaskOptions.FromRetryPolicy</c>).</summary>
        public INamedTypeSymbol? DurableRetryPolicy { get; }

        /// <summary>In-process Durable Functions' <c>[ActivityTrigger]</c>.</summary>
        public INamedTypeSymbol? DurableActivityTriggerAttribute { get; }

        /// <summary>The isolated worker's <c>[ActivityTrigger]</c>.</summary>
        public INamedTypeSymbol? FunctionsActivityTriggerAttribute { get; }

        /// <summary>In-process <c>IDurableOrchestrationContext</c> (<c>CallActivityAsync</c>, <c>CallSubOrchestratorAsync</c>).</summary>
        public INamedTypeSymbol? DurableIOrchestrationContext { get; }

        /// <summary>In-process <c>IDurableOrchestrationClient</c> (<c>StartNewAsync</c>).</summary>
        public INamedTypeSymbol? DurableIOrchestrationClient { get; }

        /// <summary>The Durable Task SDK's <c>TaskOrchestrationContext</c> (isolated worker and standalone workers).</summary>
        public INamedTypeSymbol? DurableTaskOrchestrationContext { get; }

        /// <summary>The Durable Task SDK's <c>DurableTaskClient</c> (<c>ScheduleNewOrchestrationInstanceAsync</c>).</summary>
        public INamedTypeSymbol? DurableTaskClient { get; }

        /// <summary>The Durable Task SDK's class-based activity, <c>TaskActivity&lt;TInput, TOutput&gt;</c>.</summary>
        public INamedTypeSymbol? DurableTaskActivity2 { get; }

        /// <summary>Durable Functions (in-process or isolated) or the Durable Task SDK: orchestrations that call activities.</summary>
        public bool HasDurableTask => DurableIOrchestrationContext is not null || DurableTaskOrchestrationContext is not null || DurableTaskClient is not null;

        public INamedTypeSymbol? EfDbContext { get; }
        public INamedTypeSymbol? EfDbSet1 { get; }
        public INamedTypeSymbol? EfModelBuilder { get; }
        public INamedTypeSymbol? EfIEntityTypeConfiguration1 { get; }
        public INamedTypeSymbol? EfQueryableExtensions { get; }
        public INamedTypeSymbol? EfRelationalQueryableExtensions { get; }
        public INamedTypeSymbol? EfRelationalDatabaseFacadeExtensions { get; }
        public INamedTypeSymbol? LinqQueryable { get; }

        public INamedTypeSymbol? Exception { get; }
        public INamedTypeSymbol? OperationCanceledException { get; }
        public INamedTypeSymbol? TaskFactory { get; }
        public INamedTypeSymbol? PeriodicTimer { get; }
        public INamedTypeSymbol? ChannelReader1 { get; }
        public INamedTypeSymbol? ILogger1 { get; }
        public INamedTypeSymbol? LoggerExtensions { get; }
        public INamedTypeSymbol? HangfireGlobalJobFilters { get; }
        public INamedTypeSymbol? HangfireJobFilterCollection { get; }
        public INamedTypeSymbol? HangfireIServerFilter { get; }
        public INamedTypeSymbol? HangfireIElectStateFilter { get; }
        public INamedTypeSymbol? HangfireIApplyStateFilter { get; }
        public INamedTypeSymbol? QuartzIJobListener { get; }
        public INamedTypeSymbol? MassTransitFault1 { get; }
        public INamedTypeSymbol? MassTransitIConsumeObserver { get; }
        public INamedTypeSymbol? MassTransitIConsumeMessageObserver1 { get; }
        // Retry policies.
        public INamedTypeSymbol? PollyRetrySyntax { get; }
        public INamedTypeSymbol? PollyContribBackoff { get; }
        public INamedTypeSymbol? PollyRetryStrategyOptions1 { get; }
        public INamedTypeSymbol? HttpRetryStrategyOptions { get; }
        public INamedTypeSymbol? MassTransitRetryConfigurationExtensions { get; }
        public INamedTypeSymbol? MassTransitReceivePipeConfigurationExtensions { get; }
        public INamedTypeSymbol? HangfireAutomaticRetryAttribute { get; }
        public INamedTypeSymbol? HangfireJobFilterAttribute { get; }
        public INamedTypeSymbol? QuartzJobExecutionException { get; }
        public INamedTypeSymbol? Thread { get; }

        public INamedTypeSymbol? GeneratedCodeAttribute { get; }

        /// <summary>True when a library that retries is referenced (hand-written retry loops are looked for too).</summary>
        public bool HasRetryLibrary => PollyRetrySyntax is not null || PollyRetryStrategyOptions1 is not null
            || MassTransitRetryConfigurationExtensions is not null || HangfireAutomaticRetryAttribute is not null || QuartzJobExecutionException is not null
            || WolverineErrorHandlingPolicyExtensions is not null || HasAzureFunctions || DurableRetryOptions is not null || DurableRetryPolicy is not null;

        // Payload family.
        public INamedTypeSymbol? AspNetCoreControllerBase { get; }
        public INamedTypeSymbol? AspNetCorePageModel { get; }
        public INamedTypeSymbol? SignalRHub { get; }

        public INamedTypeSymbol? SemaphoreSlim { get; }
        public INamedTypeSymbol? Task1 { get; }
        public INamedTypeSymbol? TimeSpan { get; }
        public INamedTypeSymbol? HttpClient { get; }
        public INamedTypeSymbol? QuartzIJobExecutionContext { get; }

        /// <summary>Quartz 4 or later: <c>IJob.Execute</c> takes a token, and Quartz's own analyzers (QZ0004) ship with it.</summary>
        public bool IsQuartz4 { get; }

        public bool HasHangfire => HangfireBackgroundJob is not null;
        public bool HasQuartz => QuartzIJob is not null;
        public bool HasMassTransit => MassTransitIPublishEndpoint is not null || MassTransitIConsumer1 is not null;
        public bool HasHosting => BackgroundService is not null;
        public bool HasCoravel => CoravelIInvocable is not null;
        public bool HasRebus => RebusIBus is not null;
        public bool HasWolverine => WolverineIMessageBus is not null;
        public bool HasCap => CapICapPublisher is not null;

        /// <summary>Azure Functions, isolated worker (<c>[Function]</c>) or in-process (<c>[FunctionName]</c>).</summary>
        public bool HasAzureFunctions => FunctionsFunctionAttribute is not null || WebJobsFunctionNameAttribute is not null;

        /// <summary>
        /// The referenced interfaces whose single type argument is a message that a source class handles
        /// (<c>IConsumer&lt;T&gt;</c>, <c>IJobConsumer&lt;T&gt;</c>, <c>IHandleMessages&lt;T&gt;</c>): their type
        /// arguments are consumed message types, whose properties are payload.
        /// </summary>
        public INamedTypeSymbol?[] MessageHandlerInterfaces { get; }

        /// <summary>Whether <paramref name="definition"/> is one of <see cref="MessageHandlerInterfaces"/>.</summary>
        public bool IsMessageHandlerInterface(INamedTypeSymbol definition)
        {
            foreach (var handler in MessageHandlerInterfaces)
            {
                if (handler is not null && SymbolEqualityComparer.Default.Equals(definition, handler))
                {
                    return true;
                }
            }

            return false;
        }
        public bool HasEntityFramework => EfDbContext is not null;

        /// <summary>True when any framework that enqueues work is referenced.</summary>
        public bool HasEnqueueFramework => HasHangfire || HasQuartz || HasMassTransit || HasRebus || HasWolverine || HasCap || HasAzureFunctions || HasDurableTask;

        /// <summary>True when any framework that runs jobs is referenced.</summary>
        public bool HasJobFramework => HasEnqueueFramework || HasHosting || HasCoravel;

        /// <summary>The key property of <paramref name="entity"/> (<see cref="EntityKeys.FindKey"/>), found once per entity type.</summary>
        public IPropertySymbol? GetEntityKey(INamedTypeSymbol entity)
            => _entityKeys.TryGetValue(entity, out var key) ? key : _entityKeys.GetOrAdd(entity, EntityKeys.FindKey(entity, KeyAttribute));

        /// <summary>
        /// Finds types by metadata name in the assemblies the compilation references, skipping at once those that declare
        /// no type of that simple name (<see cref="IAssemblySymbol.TypeNames"/>). Referenced assemblies' symbols are shared
        /// by the compilations that reference them, so what is found in a set of metadata assemblies is kept with the set
        /// (<see cref="MetadataSet"/>): every compilation after an edit, and every project with the same references, then
        /// pays one comparison of its assembly list instead of a lookup per name and assembly. Assemblies of referenced
        /// projects change with every edit there and are searched each time. This never builds the compilation's merged
        /// namespaces (<c>System</c> merged over a few hundred assemblies), which is the compiler's work. A name declared in
        /// source, found more than once or not public is left to <see cref="Compilation.GetTypeByMetadataName(string)"/>,
        /// whose rules decide those cases. Neither sees an assembly referenced only through an extern alias.
        /// </summary>
        private readonly struct TypeResolver
        {
            private readonly Compilation _compilation;
            private readonly MetadataSet _metadata;
            private readonly List<IAssemblySymbol> _projects;

            public TypeResolver(Compilation compilation)
            {
                _compilation = compilation;
                var metadata = new List<IAssemblySymbol>();
                _projects = new List<IAssemblySymbol>();
                var seen = new HashSet<IAssemblySymbol>(SymbolEqualityComparer.Default);
                foreach (var reference in compilation.References)
                {
                    if (IsGlobal(reference.Properties.Aliases)
                        && compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
                        && seen.Add(assembly))
                    {
                        (reference is CompilationReference ? _projects : metadata).Add(assembly);
                    }
                }

                _metadata = MetadataSet.Get(metadata);
            }

            public INamedTypeSymbol? Find(string metadataName)
            {
                var (found, ambiguous) = _metadata.Find(metadataName);
                if (!ambiguous && _projects.Count > 0)
                {
                    (found, ambiguous) = Search(_projects, metadataName, found);
                }

                // Source is asked last and by the full name: the set of every type name in source would cost a pass over
                // the compilation's declarations.
                if (ambiguous
                    || (found is not null && found.DeclaredAccessibility != Accessibility.Public)
                    || _compilation.Assembly.GetTypeByMetadataName(metadataName) is not null)
                {
                    return _compilation.GetTypeByMetadataName(metadataName);
                }

                return found;
            }

            /// <summary>
            /// Metadata assemblies in reference order, and per metadata name the public type found in them (or that more
            /// than one declares it). Kept with the first assembly of the list, the latest first: the projects of a solution
            /// often share their first reference, so a handful of lists each would be pushed out in turn. The number is
            /// bounded because the types found keep their assemblies alive (after a package update, the old ones); a list
            /// pushed out costs what a search without this cache costs.
            /// </summary>
            private sealed class MetadataSet
            {
                private const int SetsPerFirstAssembly = 16;
                private static readonly ConditionalWeakTable<IAssemblySymbol, List<MetadataSet>> s_sets = new();
                private static readonly MetadataSet s_empty = new(Array.Empty<IAssemblySymbol>());

                private readonly WeakReference<IAssemblySymbol>[] _assemblies;
                private readonly ConcurrentDictionary<string, (INamedTypeSymbol? Type, bool Ambiguous)> _found = new(StringComparer.Ordinal);

                private MetadataSet(IReadOnlyList<IAssemblySymbol> assemblies)
                {
                    _assemblies = new WeakReference<IAssemblySymbol>[assemblies.Count];
                    for (var i = 0; i < assemblies.Count; i++)
                    {
                        _assemblies[i] = new WeakReference<IAssemblySymbol>(assemblies[i]);
                    }
                }

                public static MetadataSet Get(List<IAssemblySymbol> assemblies)
                {
                    if (assemblies.Count == 0)
                    {
                        return s_empty;
                    }

                    var sets = s_sets.GetValue(assemblies[0], static _ => new List<MetadataSet>());
                    lock (sets)
                    {
                        for (var i = 0; i < sets.Count; i++)
                        {
                            if (sets[i].Holds(assemblies))
                            {
                                return sets[i];
                            }
                        }

                        var set = new MetadataSet(assemblies);
                        if (sets.Count == SetsPerFirstAssembly)
                        {
                            sets.RemoveAt(sets.Count - 1);
                        }

                        sets.Insert(0, set);
                        return set;
                    }
                }

                public (INamedTypeSymbol? Type, bool Ambiguous) Find(string metadataName)
                    => _found.TryGetValue(metadataName, out var found) ? found : _found.GetOrAdd(metadataName, Search(Live(), metadataName, found: null));

                private bool Holds(List<IAssemblySymbol> assemblies)
                {
                    if (assemblies.Count != _assemblies.Length)
                    {
                        return false;
                    }

                    for (var i = 0; i < assemblies.Count; i++)
                    {
                        if (!_assemblies[i].TryGetTarget(out var assembly) || !ReferenceEquals(assembly, assemblies[i]))
                        {
                            return false;
                        }
                    }

                    return true;
                }

                /// <summary>The assemblies of the list (alive while a compilation that references them asks).</summary>
                private IEnumerable<IAssemblySymbol> Live()
                {
                    foreach (var reference in _assemblies)
                    {
                        if (reference.TryGetTarget(out var assembly))
                        {
                            yield return assembly;
                        }
                    }
                }
            }

            /// <summary>
            /// The type declared by that name in <paramref name="assemblies"/>, counting <paramref name="found"/> (a type found
            /// before in other assemblies), or that more than one declares it.
            /// </summary>
            private static (INamedTypeSymbol? Type, bool Ambiguous) Search(IEnumerable<IAssemblySymbol> assemblies, string metadataName, INamedTypeSymbol? found)
            {
                var simpleName = SimpleName(metadataName);
                foreach (var assembly in assemblies)
                {
                    if (assembly.TypeNames.Contains(simpleName) && assembly.GetTypeByMetadataName(metadataName) is { } type)
                    {
                        if (found is not null)
                        {
                            return (null, true);
                        }

                        found = type;
                    }
                }

                return (found, false);
            }

            /// <summary>The name a type is declared with: <c>Quartz.IJobDetail</c>, <c>Hangfire.Job`1</c>: <c>IJobDetail</c>, <c>Job</c>.</summary>
            private static string SimpleName(string metadataName)
            {
                var start = metadataName.LastIndexOf('.') + 1;
                var tick = metadataName.IndexOf('`', start);
                return tick < 0 ? metadataName.Substring(start) : metadataName.Substring(start, tick - start);
            }

            private static bool IsGlobal(ImmutableArray<string> aliases)
            {
                if (aliases.IsDefaultOrEmpty)
                {
                    return true;
                }

                foreach (var alias in aliases)
                {
                    if (alias == "global")
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
