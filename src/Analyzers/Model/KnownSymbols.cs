using Microsoft.CodeAnalysis;

namespace QueueLint.Model
{
    /// <summary>
    /// Framework types resolved by metadata name once per compilation. A field is null when its framework is
    /// not referenced; adapters and rules check these before doing any work.
    /// </summary>
    internal sealed class KnownSymbols
    {
        public KnownSymbols(Compilation compilation)
        {
            Compilation = compilation;

            Expression = compilation.GetTypeByMetadataName("System.Linq.Expressions.Expression");
            Expression1 = compilation.GetTypeByMetadataName("System.Linq.Expressions.Expression`1");
            IEnumerable1 = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
            Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            KeyAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.KeyAttribute");
            ValueTask1 = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            IQueryable = compilation.GetTypeByMetadataName("System.Linq.IQueryable");
            LinqEnumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
            Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
            ClaimsPrincipal = compilation.GetTypeByMetadataName("System.Security.Claims.ClaimsPrincipal");
            IServiceProvider = compilation.GetTypeByMetadataName("System.IServiceProvider");
            IServiceScope = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceScope");
            ILogger = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
            HttpContext = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext");
            HttpRequest = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpRequest");
            DatabaseFacade = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade");
            DbConnection = compilation.GetTypeByMetadataName("System.Data.Common.DbConnection");
            IDbConnection = compilation.GetTypeByMetadataName("System.Data.IDbConnection");
            TransactionScope = compilation.GetTypeByMetadataName("System.Transactions.TransactionScope");
            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                if (assembly.Name == "MassTransit.EntityFrameworkCore")
                {
                    HasMassTransitEntityFrameworkOutbox = true;
                }
            }

            HangfirePerformContext = compilation.GetTypeByMetadataName("Hangfire.Server.PerformContext");
            HangfireIJobCancellationToken = compilation.GetTypeByMetadataName("Hangfire.IJobCancellationToken");
            HangfireJobCancellationToken = compilation.GetTypeByMetadataName("Hangfire.JobCancellationToken");

            HangfireBackgroundJob = compilation.GetTypeByMetadataName("Hangfire.BackgroundJob");
            HangfireBackgroundJobClientExtensions = compilation.GetTypeByMetadataName("Hangfire.BackgroundJobClientExtensions");
            HangfireRecurringJob = compilation.GetTypeByMetadataName("Hangfire.RecurringJob");
            HangfireRecurringJobManagerExtensions = compilation.GetTypeByMetadataName("Hangfire.RecurringJobManagerExtensions");

            QuartzIJob = compilation.GetTypeByMetadataName("Quartz.IJob");
            QuartzJobDataMap = compilation.GetTypeByMetadataName("Quartz.JobDataMap");
            QuartzJobBuilder = compilation.GetTypeByMetadataName("Quartz.JobBuilder");
            QuartzTriggerBuilder = compilation.GetTypeByMetadataName("Quartz.TriggerBuilder");

            MassTransitIPublishEndpoint = compilation.GetTypeByMetadataName("MassTransit.IPublishEndpoint");
            MassTransitISendEndpoint = compilation.GetTypeByMetadataName("MassTransit.ISendEndpoint");
            MassTransitConsumeContext = compilation.GetTypeByMetadataName("MassTransit.ConsumeContext");
            MassTransitIConsumer1 = compilation.GetTypeByMetadataName("MassTransit.IConsumer`1");
            MassTransitIJobConsumer1 = compilation.GetTypeByMetadataName("MassTransit.IJobConsumer`1");

            BackgroundService = compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.BackgroundService");
            CoravelIInvocable = compilation.GetTypeByMetadataName("Coravel.Invocable.IInvocable");

            EfDbContext = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext");
            EfDbSet1 = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbSet`1");
            EfModelBuilder = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.ModelBuilder");
            EfIEntityTypeConfiguration1 = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.IEntityTypeConfiguration`1");

            // EF Core operations judged in job code (duplicate runs, conflicting operations).
            EfQueryableExtensions = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
            EfRelationalQueryableExtensions = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
            EfRelationalDatabaseFacadeExtensions = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
            LinqQueryable = compilation.GetTypeByMetadataName("System.Linq.Queryable");

            // Where job failures go: exceptions, loggers and each framework's central reporters.
            Exception = compilation.GetTypeByMetadataName("System.Exception");
            OperationCanceledException = compilation.GetTypeByMetadataName("System.OperationCanceledException");
            TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
            PeriodicTimer = compilation.GetTypeByMetadataName("System.Threading.PeriodicTimer");
            ILogger1 = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger`1");
            LoggerExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
            HangfireGlobalJobFilters = compilation.GetTypeByMetadataName("Hangfire.GlobalJobFilters");
            HangfireJobFilterCollection = compilation.GetTypeByMetadataName("Hangfire.Common.JobFilterCollection");
            HangfireIServerFilter = compilation.GetTypeByMetadataName("Hangfire.Server.IServerFilter");
            HangfireIElectStateFilter = compilation.GetTypeByMetadataName("Hangfire.States.IElectStateFilter");
            HangfireIApplyStateFilter = compilation.GetTypeByMetadataName("Hangfire.States.IApplyStateFilter");
            QuartzIJobListener = compilation.GetTypeByMetadataName("Quartz.IJobListener");
            MassTransitFault1 = compilation.GetTypeByMetadataName("MassTransit.Fault`1");
            MassTransitIConsumeObserver = compilation.GetTypeByMetadataName("MassTransit.IConsumeObserver");
            MassTransitIConsumeMessageObserver1 = compilation.GetTypeByMetadataName("MassTransit.IConsumeMessageObserver`1");
            // Retry policies.
            PollyRetrySyntax = compilation.GetTypeByMetadataName("Polly.RetrySyntax");
            PollyContribBackoff = compilation.GetTypeByMetadataName("Polly.Contrib.WaitAndRetry.Backoff");
            PollyRetryStrategyOptions1 = compilation.GetTypeByMetadataName("Polly.Retry.RetryStrategyOptions`1");
            HttpRetryStrategyOptions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions");
            MassTransitRetryConfigurationExtensions = compilation.GetTypeByMetadataName("MassTransit.RetryConfigurationExtensions");
            HangfireAutomaticRetryAttribute = compilation.GetTypeByMetadataName("Hangfire.AutomaticRetryAttribute");
            HangfireJobFilterAttribute = compilation.GetTypeByMetadataName("Hangfire.Common.JobFilterAttribute");
            QuartzJobExecutionException = compilation.GetTypeByMetadataName("Quartz.JobExecutionException");
            Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            // Payload family: types whose instances serve one request (QL0006).
            AspNetCoreControllerBase = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerBase");
            AspNetCorePageModel = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
            SignalRHub = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.SignalR.Hub");

            // Lifetime rules: blocking waits, cancellation sources and per-item work in job code.
            SemaphoreSlim = compilation.GetTypeByMetadataName("System.Threading.SemaphoreSlim");
            Task1 = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
            HttpClient = compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
            QuartzIJobExecutionContext = compilation.GetTypeByMetadataName("Quartz.IJobExecutionContext");
            IsQuartz4 = QuartzIJob?.ContainingAssembly.Identity.Version.Major >= 4;
        }

        public Compilation Compilation { get; }

        public INamedTypeSymbol? Expression { get; }
        public INamedTypeSymbol? Expression1 { get; }
        public INamedTypeSymbol IEnumerable1 { get; }
        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? CancellationToken { get; }
        public INamedTypeSymbol? KeyAttribute { get; }
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
        public INamedTypeSymbol? CoravelIInvocable { get; }

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
        public INamedTypeSymbol? HangfireAutomaticRetryAttribute { get; }
        public INamedTypeSymbol? HangfireJobFilterAttribute { get; }
        public INamedTypeSymbol? QuartzJobExecutionException { get; }
        public INamedTypeSymbol? Thread { get; }

        /// <summary>True when a library that retries is referenced (hand-written retry loops are looked for too).</summary>
        public bool HasRetryLibrary => PollyRetrySyntax is not null || PollyRetryStrategyOptions1 is not null
            || MassTransitRetryConfigurationExtensions is not null || HangfireAutomaticRetryAttribute is not null || QuartzJobExecutionException is not null;
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
        public bool HasEntityFramework => EfDbContext is not null;

        /// <summary>True when any framework that enqueues work is referenced.</summary>
        public bool HasEnqueueFramework => HasHangfire || HasQuartz || HasMassTransit;

        /// <summary>True when any framework that runs jobs is referenced.</summary>
        public bool HasJobFramework => HasEnqueueFramework || HasHosting || HasCoravel;
    }
}
