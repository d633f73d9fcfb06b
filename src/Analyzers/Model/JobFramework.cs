namespace QueueLint.Model
{
    /// <summary>
    /// The framework that runs a job or receives an enqueue site: it names the framework in messages and selects an
    /// adapter; rules read what the adapters say the framework does (<see cref="Enqueue.EnqueueTraits"/>), not its name.
    /// </summary>
    internal enum JobFramework
    {
        Hangfire,
        Quartz,
        MassTransit,
        Rebus,
        Wolverine,
        Cap,
        AzureFunctions,
        DurableTask,
        UserDeclared,
    }
}
