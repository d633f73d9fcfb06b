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
            description: "Job payloads are stored as plain JSON in the job storage, shown on dashboards and kept in logs. Pass a reference the job can resolve (a user id, the name of a secret in a vault) instead of the secret itself.");

        /// <summary>QL0005 for message types known only from Publish/Send sites, decided at compilation end.</summary>
        public static readonly DiagnosticDescriptor SecretInPayloadCompilationEnd = Create(SecretInPayload, CompilationEndTag);

        public static readonly DiagnosticDescriptor CapturedInstance = Create(
            RuleIdentifiers.CapturedInstance,
            RuleCategories.Payload,
            DiagnosticSeverity.Warning,
            title: "Job expression captures an instance that will not be there",
            messageFormat: "Job '{0}' is called on '{1}', but Hangfire stores only its type and method and calls a new instance; use the generic form {2}<{3}>(x => x.{4}(...))",
            description: "Hangfire serializes the job expression's target type, method and arguments. The instance the expression is called on is not stored: a new one is activated from the container when the job runs, and whatever state the captured instance held is lost.");

        public static readonly DiagnosticDescriptor HangfireCannotInvoke = Create(
            RuleIdentifiers.HangfireCannotInvoke,
            RuleCategories.Payload,
            DiagnosticSeverity.Error,
            title: "Hangfire cannot invoke this job method",
            messageFormat: "Hangfire cannot invoke '{0}': {1}",
            description: "Hangfire validates a job method when the job is created: it must be public and take no out or by-reference parameters, delegates or expressions. Otherwise enqueuing the job throws at run time.");

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
