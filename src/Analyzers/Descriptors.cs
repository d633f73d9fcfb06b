using Microsoft.CodeAnalysis;

namespace QueueLint
{
    /// <summary>
    /// Every diagnostic descriptor, made through one factory so that the help link, the tags and the default
    /// severity are decided in one place (the raw constructor is banned in BannedSymbols.txt).
    /// </summary>
    internal static class Descriptors
    {
        public const string RepositoryUrl = "https://github.com/queuelint/queuelint";

        /// <summary>Custom tag Roslyn uses for diagnostics reported from compilation-end actions.</summary>
        public const string CompilationEndTag = "CompilationEnd";

        /// <summary>
        /// Custom tag of a rule that reports at its default severity where the problem is likely and as a suggestion
        /// elsewhere: the <c>recommended</c> preset raises its suggestions to warnings, as it does for suggestion rules.
        /// </summary>
        public const string SeverityByLikelihoodTag = "SeverityByLikelihood";

        public static readonly DiagnosticDescriptor PassEntityId = Create(
            RuleIdentifiers.PassEntityId,
            RuleCategories.Payload,
            DiagnosticSeverity.Warning,
            title: "Pass the entity's id, not the entity",
            messageFormat: "{0} carries the entity '{1}', serialized now and stale when the job runs; pass {2} instead and load the entity in the job",
            description: "A payload is frozen when the job is enqueued and read back later, maybe days later, by another process. An entity in it is a snapshot: the job acts on data that has changed since, or on a row that was deleted. Pass the entity's key and load the entity fresh when the job runs.");

        /// <summary>
        /// QL0001 for facts only known once the whole compilation has been seen (message types known only from
        /// Publish/Send sites, entities known only from <c>ModelBuilder.Entity&lt;T&gt;()</c>).
        /// Same id, reported from a compilation-end action so that builds and <c>dotnet format</c> see it.
        /// </summary>
        public static readonly DiagnosticDescriptor PassEntityIdCompilationEnd = Create(
            PassEntityId,
            CompilationEndTag);

        public static readonly DiagnosticDescriptor ContextBoundPayload = Create(
            RuleIdentifiers.ContextBoundPayload,
            RuleCategories.Payload,
            DiagnosticSeverity.Warning,
            title: "Do not pass context-bound objects to a job",
            messageFormat: "{0} carries {1}, which cannot outlive the code that enqueues the job",
            description: "A job runs later, in another scope or process. A DbContext, an HttpContext, a ClaimsPrincipal, a logger, a service provider, a stream, a delegate, a task, a deferred query or a live CancellationToken belongs to the code that enqueues the job: it cannot be serialized, or arrives disposed, empty or meaningless.");

        /// <summary>
        /// QL0009: a warning where the value is lost or reading it fails; a suggestion for file content, which comes
        /// back but fills job storage.
        /// </summary>
        public static readonly DiagnosticDescriptor PayloadDoesNotSurvive = Create(
            RuleIdentifiers.PayloadDoesNotSurvive,
            RuleCategories.Payload,
            DiagnosticSeverity.Warning,
            title: "Job argument does not survive the queue",
            messageFormat: "{0} carries '{1}': {2}",
            description: "A payload is written by the framework's serializer when the job is enqueued and read back when it runs. A type the serializer cannot read back fails every attempt (no constructor it can call, an interface or abstract member without a type name), a member it does not write back arrives empty (a non-public setter, a get-only property, a field System.Text.Json skips), a back-reference fails at enqueue, and a delegate, stream or task cannot be serialized at all. File content is kept in job storage with the job; pass a reference to it.",
            SeverityByLikelihoodTag);

        public static readonly DiagnosticDescriptor PayloadComputedAtEnqueue = Create(
            RuleIdentifiers.PayloadComputedAtEnqueue,
            RuleCategories.Payload,
            DiagnosticSeverity.Info,
            title: "Payload is computed when the job is enqueued",
            messageFormat: "'{0}' runs when {1} is enqueued, not when it runs; extract it to a local to make that explicit, or compute it in the job",
            description: "A method call inside a Hangfire job expression's arguments is evaluated on the caller's thread when the job is enqueued; only its result is stored. Code that reads as job work runs in the web request, and the job sees a value that may be stale by the time it runs.");

        public static readonly DiagnosticDescriptor EnqueueBeforeCommit = Create(
            RuleIdentifiers.EnqueueBeforeCommit,
            RuleCategories.Payload,
            DiagnosticSeverity.Warning,
            title: "Enqueue after the data is committed",
            messageFormat: "{0} is enqueued before {1}: the job may run before the data exists, or for data that is rolled back; enqueue after it",
            description: "A job enqueued inside an open transaction, or before SaveChanges, can start before the data it needs is committed, or run for changes that are rolled back. Enqueue after the commit.");

        public static readonly DiagnosticDescriptor SecretInPayload = Create(
            RuleIdentifiers.SecretInPayload,
            RuleCategories.Payload,
            DiagnosticSeverity.Warning,
            title: "Do not put secrets in job payloads",
            messageFormat: "{0} carries '{1}', which looks like a secret: job storage keeps it in clear text and dashboards show it",
            description: "Job payloads are stored as plain JSON in the job storage, shown on dashboards and kept in logs. Pass a reference the job can resolve (a user id, the name of a secret in a vault) instead of the secret itself. A payload object that holds two or more kinds of personal data is reported as a suggestion: it is kept where erasure requests and retention rules do not reach.",
            SeverityByLikelihoodTag);

        /// <summary>
        /// QL0005 for a payload object holding two or more kinds of personal data, reported as a suggestion: it is
        /// often what the job needs, and the rule cannot know whether job storage is covered by erasure and retention.
        /// </summary>
        public static readonly DiagnosticDescriptor PersonalDataInPayload = Create(
            RuleIdentifiers.SecretInPayload,
            RuleCategories.Payload,
            DiagnosticSeverity.Warning,
            title: SecretInPayload.Title.ToString(),
            messageFormat: "{0} carries personal data in '{1}' ({2}), kept in {3} outside the tables that erasure requests and retention rules cover; pass the person's id and load what the job needs",
            description: SecretInPayload.Description.ToString(),
            SeverityByLikelihoodTag);

        /// <summary>QL0005 for message types known only from Publish/Send sites, decided at compilation end.</summary>
        public static readonly DiagnosticDescriptor SecretInPayloadCompilationEnd = Create(SecretInPayload, CompilationEndTag);

        public static readonly DiagnosticDescriptor CapturedInstance = Create(
            RuleIdentifiers.CapturedInstance,
            RuleCategories.Payload,
            DiagnosticSeverity.Warning,
            title: "Job expression captures an instance that will not be there",
            messageFormat: "Job '{0}' is called on '{1}', but Hangfire stores only the type and method and runs the job on a new instance: {2} will not be there; pass that state as job arguments, and write the generic form {3}<{4}>(x => x.{5}(...)) to make it explicit",
            description: "Hangfire serializes the job expression's target type, method and arguments. The instance the expression is called on is not stored: a new one is activated when the job runs, and whatever state the captured instance held (how it was built or configured, the request a controller served) is lost.");

        public static readonly DiagnosticDescriptor HangfireCannotInvoke = Create(
            RuleIdentifiers.HangfireCannotInvoke,
            RuleCategories.Payload,
            DiagnosticSeverity.Error,
            title: "Hangfire cannot invoke this job method",
            messageFormat: "Hangfire cannot invoke '{0}': {1}",
            description: "Hangfire validates a job method when the job is created: it must be public and take no out or by-reference parameters, delegates or expressions; otherwise enqueuing the job throws at run time. Arguments travel as JSON: an object or dynamic parameter gets a number back as Int64, and an interface or abstract parameter cannot be created under the default serializer settings, so the job fails every time it runs.");

        public static readonly DiagnosticDescriptor NameServiceType = Create(
            RuleIdentifiers.NameServiceType,
            RuleCategories.Payload,
            DiagnosticSeverity.Info,
            title: "Name the service type in the job expression",
            messageFormat: "Job '{0}' is called on the injected '{1}': Hangfire records its runtime class, not '{2}', and activates that class outside its registration; name the service type: {3}<{2}>(x => x.{4}(...))",
            description: "For a job expression called on an instance, Hangfire evaluates the instance when the job is created and records its runtime type. The job is then activated as that concrete class: a singleton becomes a new instance, factories and decorators are bypassed, a proxy type cannot be loaded, and renaming the class breaks jobs already queued. The generic form records the service type the code depends on.");

        public static readonly DiagnosticDescriptor AsyncVoidJob = Create(
            RuleIdentifiers.AsyncVoidJob,
            RuleCategories.ErrorFeedback,
            DiagnosticSeverity.Warning,
            title: "Job method must not be async void",
            messageFormat: "'{0}' runs in a job and is async void: {1}; return Task",
            description: "Nothing can wait for an async void method or see its exceptions: the job is over when its first await yields, and an exception it throws later crashes the process or is lost. Hangfire refuses to enqueue an async void method. Return Task.");

        public static readonly DiagnosticDescriptor ReportJobFailures = Create(
            RuleIdentifiers.ReportJobFailures,
            RuleCategories.ErrorFeedback,
            DiagnosticSeverity.Info,
            title: "Report job failures",
            messageFormat: "When job '{0}' fails, {1}; report failures centrally for the framework, or catch and report them in the job",
            description: "A background job fails far from any user: the request that enqueued it succeeded long ago. The job framework keeps a failure that escapes the job (it logs it, marks the job failed, moves the message to an error queue), but nothing tells anyone who will act: it is seen only if someone reads the dashboard or the logs. Catch it where the job starts and report it (log the exception object, or call the configured report method), or configure a central reporter for the framework.");

        public static readonly DiagnosticDescriptor LostJobFailure = Create(
            RuleIdentifiers.LostJobFailure,
            RuleCategories.ErrorFeedback,
            DiagnosticSeverity.Warning,
            title: "Job failure stops the host or is lost",
            messageFormat: "{0}; {1}",
            description: "An exception that escapes BackgroundService.ExecuteAsync stops the whole host (BackgroundServiceExceptionBehavior.StopHost, the default since .NET 6), or under Ignore ends the service with nothing but a log line; a loop started from IHostedService.StartAsync and never awaited just ends. Catch and report each iteration's failure and let the loop go on; let OperationCanceledException end it at shutdown. A job framework told to discard failures without logging them (Hangfire's AutomaticRetry with OnAttemptsExceeded = Delete and LogEvents = false, MassTransit's DiscardFaultedMessages) leaves nothing to inspect or redeliver: keep the failure, or report it before it is discarded.");

        public static readonly DiagnosticDescriptor SwallowedException = Create(
            RuleIdentifiers.SwallowedException,
            RuleCategories.ErrorFeedback,
            DiagnosticSeverity.Warning,
            title: "Do not swallow exceptions in jobs",
            messageFormat: "This catch in '{0}' swallows the exception{1}: the job ends as succeeded while its work failed; report the exception and rethrow",
            description: "A catch in job code that neither rethrows nor reports the exception turns a failed job into a succeeded one: no retry runs and nobody is told. Log the exception object (or call the configured report method) and rethrow, so that the framework retries and records the failure.");

        public static readonly DiagnosticDescriptor UnobservedTask = Create(
            RuleIdentifiers.UnobservedTask,
            RuleCategories.ErrorFeedback,
            DiagnosticSeverity.Warning,
            title: "Await work started in a job",
            messageFormat: "'{0}' starts work that nobody awaits: the job can end before it does, and its failure is lost; await it",
            description: "A task started in a job and never awaited outlives the job: the framework records success while the work still runs, may be stopped with the host, and its exception is never seen. Await it.");
        // Retries.
        public static readonly DiagnosticDescriptor RetryWithoutBackoff = Create(
            RuleIdentifiers.RetryWithoutBackoff,
            RuleCategories.Retries,
            DiagnosticSeverity.Warning,
            title: "Retry with backoff",
            messageFormat: "{0} retries without backoff ({1}): every failure is retried at the same pace against what just failed; grow the delay with each attempt",
            description: "A retry that comes at once, or after the same delay every time, keeps hitting a service that is failing, often because it is overloaded. Let the delay grow with each attempt (exponential backoff) so that the service gets room to recover. Reported as a warning for a retry library's policy and for a hand-written retry in job code; as a suggestion for a hand-written retry elsewhere, which is most often a one-off wait for a dependency to come up.",
            SeverityByLikelihoodTag);

        public static readonly DiagnosticDescriptor UnboundedRetries = Create(
            RuleIdentifiers.UnboundedRetries,
            RuleCategories.Retries,
            DiagnosticSeverity.Warning,
            title: "Bound the number of retries",
            messageFormat: "{0} ({1}) retries past {2} attempts; stop after {2} and let the failure be seen",
            description: "A retry that only success can end never reports a permanent failure: the job or message spins forever, holds a worker, and nobody hears about it. Bound the attempts and let the last failure reach error handling. Reported as a warning for a retry library's policy and for a hand-written retry in job code; as a suggestion for a hand-written retry elsewhere, which is most often a one-off wait for a dependency to come up.",
            SeverityByLikelihoodTag);

        public static readonly DiagnosticDescriptor ExponentialWithoutJitter = Create(
            RuleIdentifiers.ExponentialWithoutJitter,
            RuleCategories.Retries,
            DiagnosticSeverity.Info,
            title: "Add jitter to exponential backoff",
            messageFormat: "{0} backs off exponentially without jitter ({1}): clients that failed together retry together; add a random component",
            description: "When many clients fail at the same moment, an exponential schedule without randomness makes them all retry at the same moments too, in waves. A random component (jitter) spreads the retries out.");

        public static readonly DiagnosticDescriptor RetryAttributeNotApplied = Create(
            RuleIdentifiers.RetryAttributeNotApplied,
            RuleCategories.Retries,
            DiagnosticSeverity.Warning,
            title: "Retry attribute is not applied",
            messageFormat: "[{0}] on '{1}' is ignored: every job is enqueued through '{2}', and Hangfire reads job filter attributes from the type and method the job expression names; move it there",
            description: "Hangfire records the type and method named in the job expression and reads filter attributes ([AutomaticRetry], [DisableConcurrentExecution], …) from them. A job enqueued as Enqueue<IService>(x => x.Run()) is an interface job: attributes on the implementing class or method are never read.",
            CompilationEndTag);

        // Duplicate runs and job contracts (scheduling and enqueue-site rules).

        /// <summary>QL0031 is decided at compilation end: a manual trigger or a second key may sit in any file.</summary>
        public static readonly DiagnosticDescriptor RecurringJobOverlap = Create(
            RuleIdentifiers.RecurringJobOverlap,
            RuleCategories.DuplicateRuns,
            DiagnosticSeverity.Warning,
            title: "Recurring job can overlap itself",
            messageFormat: "{0} can overlap itself: {1}; add {2}",
            description: "A recurring job is started again on schedule whether or not its previous run has finished, and a job scheduled under several keys or triggered by hand can run twice at once. Two runs of the same job then read and write the same data concurrently. Hangfire's [DisableConcurrentExecution] and Quartz's [DisallowConcurrentExecution] make a run wait for (Hangfire) or be held back until (Quartz) the previous one ends. Reported as a warning where an overlap is likely (a schedule more often than hourly, a manual trigger, a second id or key), as a suggestion otherwise.",
            CompilationEndTag,
            SeverityByLikelihoodTag);

        /// <summary>
        /// QL0060 compares the contract file with every enqueue site of the compilation, so it is decided at
        /// compilation end. A job method missing from the file is reported at info severity with this descriptor.
        /// </summary>
        public static readonly DiagnosticDescriptor JobContract = Create(
            RuleIdentifiers.JobContract,
            RuleCategories.JobContracts,
            DiagnosticSeverity.Warning,
            title: "Queued jobs will not find this method",
            messageFormat: "{0}",
            description: "Hangfire stores a job as its type, method name and parameter types and looks the method up again when the job runs, maybe days later, in a newer build. A job method that was renamed, moved, removed or changed signature since jobs were queued makes those jobs fail to load. With a QueueLint.Jobs.txt contract file, QueueLint lists every job method there and warns when a listed one no longer exists.",
            CompilationEndTag);

        public static readonly DiagnosticDescriptor ExplicitRecurringJobId = Create(
            RuleIdentifiers.ExplicitRecurringJobId,
            RuleCategories.JobContracts,
            DiagnosticSeverity.Info,
            title: "Give recurring jobs an explicit id",
            messageFormat: "Recurring job '{0}' gets its id from its type and method names ({1}): renaming either creates a new schedule and leaves the old one running; pass the id explicitly",
            description: "The RecurringJob.AddOrUpdate overloads without a recurringJobId (obsolete since Hangfire 1.8) derive the id from the job's type and method names. Renaming the class or the method then registers a second schedule under the new id, while the old schedule stays in storage and keeps firing a job that no longer exists.");

        // Duplicate runs and conflicting operations (EF Core writes in job code).
        public static readonly DiagnosticDescriptor NonIdempotentWrite = Create(
            RuleIdentifiers.NonIdempotentWrite,
            RuleCategories.DuplicateRuns,
            DiagnosticSeverity.Warning,
            title: "Make job writes idempotent",
            messageFormat: "{0}: a retry or a duplicate delivery of the job does it twice; {1}",
            description: "A job can run more than once: it is retried after a failure, a message is delivered twice, a worker dies after the work and before the acknowledgement. A write that adds to a value, or inserts a row without checking for it, applies twice. Guard it (check first, or record the job's id in a processed-marker table in the same transaction) or write absolute values.");

        /// <summary>QL0030's unguarded inserts, judged when the whole job's checks are known (a build, full-solution analysis).</summary>
        public static readonly DiagnosticDescriptor NonIdempotentWriteCompilationEnd = Create(NonIdempotentWrite, CompilationEndTag);

        public static readonly DiagnosticDescriptor NonAtomicJob = Create(
            RuleIdentifiers.NonAtomicJob,
            RuleCategories.DuplicateRuns,
            DiagnosticSeverity.Info,
            title: "Commit job changes atomically",
            messageFormat: "'{0}' saves changes {1} times without a transaction: a failure after the first save leaves half the work done, and the retry repeats it; commit the saves in one transaction",
            description: "Each SaveChanges commits on its own. When a job saves twice and fails in between, the first half stays committed and the retry does it again. Wrap the job's changes in one transaction (BeginTransaction … Commit), or save once.");

        public static readonly DiagnosticDescriptor EntityMayBeGone = Create(
            RuleIdentifiers.EntityMayBeGone,
            RuleCategories.ConflictingOperations,
            DiagnosticSeverity.Warning,
            title: "Job assumes the entity still exists",
            messageFormat: "{0}; the '{1}' may have been deleted after the job was enqueued: check for null and end the job",
            description: "A job runs after the request that enqueued it, sometimes much later; the row it works on may have been deleted in between. A lookup then returns null (or First/Single throws), the job fails, and its retries fail the same way until they run out. Check for null, say so, and end the job.");

        public static readonly DiagnosticDescriptor HardDeleteOfJobEntity = Create(
            RuleIdentifiers.HardDeleteOfJobEntity,
            RuleCategories.ConflictingOperations,
            DiagnosticSeverity.Info,
            title: "Hard delete of an entity that jobs load by id",
            messageFormat: "'{0}' deletes '{1}' rows, which job '{2}' loads by key: a job still pending for a deleted row will find nothing; soft-delete it, or cancel or wait for the pending jobs",
            description: "Jobs carry ids and load their rows when they run. Deleting a row that a pending job will load makes that job find nothing. Mark rows deleted instead, cancel the jobs pending for the row, or refuse the delete while jobs are pending.",
            CompilationEndTag);

        // Lifetime
        public static readonly DiagnosticDescriptor ObserveCancellation = Create(
            RuleIdentifiers.ObserveCancellation,
            RuleCategories.Lifetime,
            DiagnosticSeverity.Info,
            title: "Let the job observe cancellation",
            messageFormat: "{0}, so shutdown waits for it; {1}",
            description: "A server that shuts down cancels its jobs' token and waits for them to stop. Code that awaits or loops without that token keeps the process alive until it is killed, and the job is then retried from the start. Hangfire passes its shutdown token to a job method that takes a CancellationToken; Quartz and MassTransit carry it on their context; a BackgroundService gets it as stoppingToken.");

        public static readonly DiagnosticDescriptor BlockingWait = Create(
            RuleIdentifiers.BlockingWait,
            RuleCategories.Lifetime,
            DiagnosticSeverity.Warning,
            title: "Do not block a job thread",
            messageFormat: "{0} blocks a job thread until it completes; {1}",
            description: "Job servers run a fixed number of workers. A worker blocked in Thread.Sleep, Task.Wait, .Result or .GetAwaiter().GetResult() does nothing useful, holds a thread-pool thread that async work needs to complete, and cannot be cancelled at shutdown. Await instead.");

        public static readonly DiagnosticDescriptor UnboundedWork = Create(
            RuleIdentifiers.UnboundedWork,
            RuleCategories.Lifetime,
            DiagnosticSeverity.Info,
            title: "Split unbounded work",
            messageFormat: "This job walks all of '{0}' and {1} per item: one run grows with the table; process it in batches or fan out one job per item",
            description: "A job that loads a whole table and makes a remote call, a save or an enqueue for every row takes longer as the table grows, until it no longer finishes between two runs or before a deployment stops it, and a failure in the middle starts it over from the first row.");

        public static string HelpLink(string id) => RepositoryUrl + "/blob/main/rules/" + id + ".md";

        private static DiagnosticDescriptor Create(
            string id,
            string category,
            DiagnosticSeverity defaultSeverity,
            string title,
            string messageFormat,
            string description,
            params string[] customTags)
        {
#pragma warning disable RS0030 // The one place that may call the constructor.
            return new DiagnosticDescriptor(id, title, messageFormat, category, defaultSeverity, isEnabledByDefault: true, description, HelpLink(id), customTags);
#pragma warning restore RS0030
        }

        private static DiagnosticDescriptor Create(DiagnosticDescriptor like, params string[] customTags)
        {
#pragma warning disable RS0030 // The one place that may call the constructor.
            return new DiagnosticDescriptor(like.Id, like.Title, like.MessageFormat, like.Category, like.DefaultSeverity, like.IsEnabledByDefault, like.Description, like.HelpLinkUri, customTags);
#pragma warning restore RS0030
        }
    }
}
