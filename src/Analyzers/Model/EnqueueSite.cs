using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QueueLint.Model
{
    internal enum JobFramework
    {
        Hangfire,
        Quartz,
        MassTransit,
        UserDeclared,
    }

    /// <summary>Where a payload value comes from; rules word their messages and choose fixes by it.</summary>
    internal enum PayloadOrigin
    {
        /// <summary>An argument of the job method called in an expression (Hangfire, user wrappers).</summary>
        JobArgument,

        /// <summary>A value put into a Quartz <c>JobDataMap</c>.</summary>
        JobData,

        /// <summary>The message object handed to MassTransit.</summary>
        Message,

        /// <summary>A property of an anonymous object that MassTransit turns into a message.</summary>
        MessageValue,

        /// <summary>An argument of a user-declared enqueue method other than its job expression.</summary>
        WrapperArgument,
    }

    /// <summary>One value that is serialized into a job's payload.</summary>
    internal readonly struct PayloadValue
    {
        public PayloadValue(IOperation value, string? name, IParameterSymbol? parameter, PayloadOrigin origin)
        {
            Value = value;
            Name = name;
            Parameter = parameter;
            Origin = origin;
        }

        /// <summary>The value, with implicit conversions (to <c>object</c>, say) removed.</summary>
        public IOperation Value { get; }

        public ITypeSymbol? Type => Value.Type;

        /// <summary>The name it is stored under: job parameter, data-map key, or message property.</summary>
        public string? Name { get; }

        /// <summary>The job method's parameter that receives it, for job arguments.</summary>
        public IParameterSymbol? Parameter { get; }

        public PayloadOrigin Origin { get; }
    }

    /// <summary>A call that hands work to a background system, with what it hands over.</summary>
    internal sealed class EnqueueSite
    {
        public EnqueueSite(
            JobFramework framework,
            IOperation operation,
            string jobDisplayName,
            IInvocationOperation? jobInvocation,
            ITypeSymbol? messageType,
            ImmutableArray<PayloadValue> payload)
        {
            Framework = framework;
            Operation = operation;
            JobDisplayName = jobDisplayName;
            JobInvocation = jobInvocation;
            MessageType = messageType;
            Payload = payload;
        }

        public JobFramework Framework { get; }

        /// <summary>The enqueue call (or data-map assignment) itself.</summary>
        public IOperation Operation { get; }

        /// <summary>How messages name the job: <c>job 'OrderJobs.Ship'</c>, <c>Quartz job data</c>, ...</summary>
        public string JobDisplayName { get; }

        /// <summary>The call inside the job expression (<c>x.Ship(order)</c>), when the job is an expression.</summary>
        public IInvocationOperation? JobInvocation { get; }

        public IMethodSymbol? JobMethod => JobInvocation?.TargetMethod;

        /// <summary>The message type, for MassTransit publish/send.</summary>
        public ITypeSymbol? MessageType { get; }

        public ImmutableArray<PayloadValue> Payload { get; }
    }
}
