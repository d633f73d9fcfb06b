using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// What a framework does with what a site hands it, in the words the rules read: a rule asks whether the job is
    /// recorded as a method call, not which framework records it, so that a new adapter says what it does and every
    /// rule that applies works on it.
    /// </summary>
    [Flags]
    internal enum EnqueueTraits
    {
        None = 0,

        /// <summary>
        /// The job is recorded as the method call itself — the receiver's type, the method and its arguments — and the
        /// framework makes that call later, finding the method again by name and activating an instance of the type
        /// (Hangfire): the method must be invocable so, its attributes are read from the recorded type, and its
        /// signature is a contract with the jobs already queued.
        /// </summary>
        RecordsMethodCall = 1,

        /// <summary>The arguments of the job expression are evaluated when the job is enqueued, not when it runs.</summary>
        ArgumentsEvaluatedAtEnqueue = 2,

        /// <summary>
        /// The site fills a payload that a later call hands over (a Quartz <c>JobDataMap</c>), rather than handing it
        /// over itself: where it stands relative to a commit says nothing about when the job runs.
        /// </summary>
        FillsPayloadOnly = 4,

        /// <summary>Delivery waits for the caller's commit (MassTransit's transactional outbox for EF Core is configured).</summary>
        DeliveredOnCommit = 8,
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
        public PayloadValue(IOperation value, string? name, IParameterSymbol? parameter, PayloadOrigin origin, ITypeSymbol? storedType = null)
        {
            Value = value;
            Name = name;
            Parameter = parameter;
            Origin = origin;
            StoredType = storedType;
        }

        /// <summary>The value, with implicit conversions (to <c>object</c>, say) removed.</summary>
        public IOperation Value { get; }

        public ITypeSymbol? Type => Value.Type;

        /// <summary>
        /// The type the value is serialized and read back as: the type the framework converts it to, else the job
        /// parameter's type (what Hangfire reads the argument back as), else the value's own type (a message handed over as
        /// <c>object</c> is written as the type it is).
        /// </summary>
        public ITypeSymbol? PayloadType
            => StoredType ?? (Origin == PayloadOrigin.Message || Parameter?.Type is null or { SpecialType: SpecialType.System_Object } or ITypeParameterSymbol ? Value.Type : Parameter.Type);

        /// <summary>The name it is stored under: job parameter, data-map key, or message property.</summary>
        public string? Name { get; }

        /// <summary>The job method's parameter that receives it, for job arguments.</summary>
        public IParameterSymbol? Parameter { get; }

        public PayloadOrigin Origin { get; }

        /// <summary>
        /// The type the framework stores the value as when it converts it first (Quartz's <c>PutAsString</c> stores text),
        /// or null when it stores the value as it is.
        /// </summary>
        public ITypeSymbol? StoredType { get; }
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
            ImmutableArray<PayloadValue> payload,
            EnqueueTraits traits)
        {
            Framework = framework;
            Traits = traits;
            Operation = operation;
            JobDisplayName = jobDisplayName;
            JobInvocation = jobInvocation;
            MessageType = messageType;
            Payload = payload;
        }

        /// <summary>
        /// A site that hands over one message object (<paramref name="messageArgument"/>), named in messages as
        /// "<paramref name="noun"/> 'Type'": the object is the payload, its type the message type.
        /// </summary>
        public static EnqueueSite ForMessage(JobFramework framework, string noun, IInvocationOperation invocation, IArgumentOperation messageArgument, EnqueueTraits traits)
        {
            var message = messageArgument.Value.WithoutImplicitConversions();
            var messageType = message.Type;
            var typeName = messageType?.Name;
            return new EnqueueSite(
                framework,
                invocation,
                string.IsNullOrEmpty(typeName) ? noun : noun + " '" + typeName + "'",
                jobInvocation: null,
                messageType,
                ImmutableArray.Create(new PayloadValue(message, "message", messageArgument.Parameter, PayloadOrigin.Message)),
                traits);
        }

        public JobFramework Framework { get; }

        /// <summary>What the framework does with what this site hands it (see <see cref="EnqueueTraits"/>).</summary>
        public EnqueueTraits Traits { get; }

        /// <inheritdoc cref="EnqueueTraits.RecordsMethodCall"/>
        public bool RecordsMethodCall => (Traits & EnqueueTraits.RecordsMethodCall) != 0;

        /// <inheritdoc cref="EnqueueTraits.ArgumentsEvaluatedAtEnqueue"/>
        public bool ArgumentsEvaluatedAtEnqueue => (Traits & EnqueueTraits.ArgumentsEvaluatedAtEnqueue) != 0;

        /// <inheritdoc cref="EnqueueTraits.FillsPayloadOnly"/>
        public bool FillsPayloadOnly => (Traits & EnqueueTraits.FillsPayloadOnly) != 0;

        /// <inheritdoc cref="EnqueueTraits.DeliveredOnCommit"/>
        public bool DeliveredOnCommit => (Traits & EnqueueTraits.DeliveredOnCommit) != 0;

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
