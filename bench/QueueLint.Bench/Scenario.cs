namespace QueueLint.Bench
{
    /// <summary>
    /// One generated solution: job units (Hangfire, Quartz, MassTransit, hosted services, retry policies), Rebus,
    /// Wolverine, CAP and Azure Functions units (handlers and the services that send to them), payload units (nested DTO
    /// graphs handed to Hangfire jobs and MassTransit messages), and ordinary files; with or without the job frameworks
    /// referenced.
    /// </summary>
    internal sealed record Scenario(string Name, int Jobs, int Plain, bool Frameworks, int Rebus = 0, int Wolverine = 0, int Cap = 0, int Functions = 0, int Payload = 0)
    {
        /// <summary>
        /// The index among the generated files of the middle unit of the first kind the solution has (job, Rebus,
        /// Wolverine, CAP, Functions, payload units follow the model file in that order): the document an edit is measured on.
        /// </summary>
        public int MiddleUnit
            => Jobs > 0 ? 1 + (Jobs / 2)
               : Rebus > 0 ? 1 + (Rebus / 2)
               : Wolverine > 0 ? 1 + (Wolverine / 2)
               : Cap > 0 ? 1 + (Cap / 2)
               : Functions > 0 ? 1 + (Functions / 2)
               : 1 + (Payload / 2);
    }
}
