namespace QueueLint
{
    /// <summary>Every QueueLint rule id, in one place. Ids are stable: a retired rule is disabled, never reused.</summary>
    internal static class RuleIdentifiers
    {
        public const string PassEntityId = "QL0001";
        public const string ContextBoundPayload = "QL0002";
        public const string PayloadComputedAtEnqueue = "QL0003";
        public const string EnqueueBeforeCommit = "QL0004";
        public const string SecretInPayload = "QL0005";
        public const string CapturedInstance = "QL0006";
        public const string HangfireCannotInvoke = "QL0007";
        public const string NameServiceType = "QL0008";
        public const string PayloadDoesNotSurvive = "QL0009";

        public const string AsyncVoidJob = "QL0010";
        public const string ReportJobFailures = "QL0011";
        public const string SwallowedException = "QL0012";
        public const string UnobservedTask = "QL0013";
        public const string LostJobFailure = "QL0014";

        public const string RetryWithoutBackoff = "QL0020";
        public const string UnboundedRetries = "QL0021";
        public const string ExponentialWithoutJitter = "QL0022";
        public const string RetryAttributeNotApplied = "QL0023";

        public const string NonIdempotentWrite = "QL0030";
        public const string RecurringJobOverlap = "QL0031";
        public const string NonAtomicJob = "QL0032";

        public const string EntityMayBeGone = "QL0040";
        public const string HardDeleteOfJobEntity = "QL0041";

        public const string ObserveCancellation = "QL0050";
        public const string BlockingWait = "QL0051";
        public const string UnboundedWork = "QL0052";

        public const string JobContract = "QL0060";
        public const string ExplicitRecurringJobId = "QL0061";
    }

    /// <summary>Rule categories; users tune whole families with <c>dotnet_analyzer_diagnostic.category-X.severity</c>.</summary>
    internal static class RuleCategories
    {
        public const string Payload = "QueueLint.Payload";
        public const string ErrorFeedback = "QueueLint.ErrorFeedback";
        public const string Retries = "QueueLint.Retries";
        public const string DuplicateRuns = "QueueLint.DuplicateRuns";
        public const string ConflictingOperations = "QueueLint.ConflictingOperations";
        public const string Lifetime = "QueueLint.Lifetime";
        public const string JobContracts = "QueueLint.JobContracts";
    }
}
