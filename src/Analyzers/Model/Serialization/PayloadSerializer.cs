using System;

namespace QueueLint.Model.Serialization
{
    /// <summary>
    /// What a framework's serializer does with a payload's type, in the words the payload rules read: which
    /// constructors it can call, which members it writes back, whether a member's concrete type travels with it.
    /// One instance per serializer and configuration, so that a type's verdict is cached per instance.
    /// </summary>
    internal sealed class PayloadSerializer : IEquatable<PayloadSerializer>
    {
        private PayloadSerializer(string name, bool isSystemTextJson, bool writesTypeNames, bool createsInterfaces, bool handlesReferenceLoops, bool customContracts, bool stringsOnly = false, bool includesFields = false)
        {
            IncludesFields = includesFields;
            StringsOnly = stringsOnly;
            Name = name;
            IsSystemTextJson = isSystemTextJson;
            WritesTypeNames = writesTypeNames;
            CreatesInterfaces = createsInterfaces;
            HandlesReferenceLoops = handlesReferenceLoops;
            CustomContracts = customContracts;
        }

        /// <summary>Newtonsoft.Json as Hangfire configures it for job arguments.</summary>
        public static PayloadSerializer Hangfire(bool typeNames, bool referenceLoops, bool customContracts)
            => new PayloadSerializer("Hangfire's JSON serializer", isSystemTextJson: false, typeNames, createsInterfaces: false, referenceLoops, customContracts);

        /// <summary>MassTransit's System.Text.Json message serializer, which builds an implementation for an interface.</summary>
        public static PayloadSerializer MassTransit { get; } = new PayloadSerializer(
            "MassTransit's JSON serializer", isSystemTextJson: true, writesTypeNames: false, createsInterfaces: true, handlesReferenceLoops: false, customContracts: false);

        /// <summary>
        /// Rebus 8's System.Text.Json serializer as it ships (only trailing commas and comments allowed): no type names,
        /// no interface implementations, no fields.
        /// </summary>
        public static PayloadSerializer Rebus { get; } = new PayloadSerializer(
            "Rebus's JSON serializer", isSystemTextJson: true, writesTypeNames: false, createsInterfaces: false, handlesReferenceLoops: false, customContracts: false);

        /// <summary>
        /// CAP's <c>JsonUtf8Serializer</c> as it ships: System.Text.Json with plain options (no type names, no interface
        /// implementations, no fields, no reference handling), writing the message when it is published and reading it
        /// as the subscriber's parameter type.
        /// </summary>
        public static PayloadSerializer Cap { get; } = new PayloadSerializer(
            "CAP's JSON serializer", isSystemTextJson: true, writesTypeNames: false, createsInterfaces: false, handlesReferenceLoops: false, customContracts: false);

        /// <summary>
        /// The Durable Task SDK's <c>JsonDataConverter</c> as it ships: System.Text.Json with public fields included (a
        /// field comes back, and binds a constructor parameter), no type names, no reference handling.
        /// </summary>
        public static PayloadSerializer DurableTask { get; } = new PayloadSerializer(
            "the Durable Task data converter", isSystemTextJson: true, writesTypeNames: false, createsInterfaces: false, handlesReferenceLoops: false, customContracts: false, includesFields: true);

        /// <summary>
        /// The Azure Functions isolated worker's <c>WorkerOptions.Serializer</c> as it ships, which its Durable extension
        /// makes the orchestrations' and activities' data converter: System.Text.Json (names read whatever their case),
        /// no fields, no type names, no reference handling.
        /// </summary>
        public static PayloadSerializer FunctionsWorker { get; } = new PayloadSerializer(
            "the Functions worker's JSON serializer", isSystemTextJson: true, writesTypeNames: false, createsInterfaces: false, handlesReferenceLoops: false, customContracts: false);

        /// <summary>
        /// Quartz's persistent job store configured with <c>useProperties</c>: it stores job data as text properties and
        /// refuses any value that is not a string when the job or trigger is stored.
        /// </summary>
        public static PayloadSerializer QuartzProperties { get; } = new PayloadSerializer(
            "Quartz's job store", isSystemTextJson: false, writesTypeNames: false, createsInterfaces: false, handlesReferenceLoops: false, customContracts: false, stringsOnly: true);

        /// <summary>Only strings are stored; anything else is refused.</summary>
        public bool StringsOnly { get; }

        /// <summary>How messages name it: "Hangfire's JSON serializer".</summary>
        public string Name { get; }

        /// <summary>The constructors it can call, as messages list them.</summary>
        public string Constructors => IsSystemTextJson
            ? "a public parameterless one, one marked [JsonConstructor], or a single public one"
            : "a public parameterless one, one marked [JsonConstructor], a single public one, or a non-public parameterless one";

        /// <summary>
        /// System.Text.Json: public fields and get-only properties are not read back, and a constructor's parameters
        /// must each bind to a member. Otherwise Newtonsoft.Json: public fields are read back, and a get-only property
        /// holding an object or collection is filled in place.
        /// </summary>
        public bool IsSystemTextJson { get; }

        /// <summary>System.Text.Json with <c>IncludeFields</c>: public fields are written and read back.</summary>
        public bool IncludesFields { get; }

        /// <summary>The concrete type of an interface, abstract or <c>object</c> member travels with the value.</summary>
        public bool WritesTypeNames { get; }

        /// <summary>
        /// A member typed as an interface is read into an implementation the serializer builds, with the interface's
        /// members (what the concrete type adds is not read back).
        /// </summary>
        public bool CreatesInterfaces { get; }

        /// <summary>The application tells the serializer what to do with a reference loop, so it does not fail on one.</summary>
        public bool HandlesReferenceLoops { get; }

        /// <summary>
        /// The application replaces how members are found (a contract resolver): which setters the serializer uses
        /// is then unknown, and members behind non-public setters are not reported.
        /// </summary>
        public bool CustomContracts { get; }

        public bool Equals(PayloadSerializer? other)
            => other is not null
               && Name == other.Name
               && IsSystemTextJson == other.IsSystemTextJson
               && WritesTypeNames == other.WritesTypeNames
               && CreatesInterfaces == other.CreatesInterfaces
               && HandlesReferenceLoops == other.HandlesReferenceLoops
               && CustomContracts == other.CustomContracts
               && StringsOnly == other.StringsOnly
               && IncludesFields == other.IncludesFields;

        public override bool Equals(object? obj) => Equals(obj as PayloadSerializer);

        public override int GetHashCode()
            => (Name.GetHashCode() * 31)
               + (IsSystemTextJson ? 1 : 0) + (WritesTypeNames ? 2 : 0) + (CreatesInterfaces ? 4 : 0)
               + (HandlesReferenceLoops ? 8 : 0) + (CustomContracts ? 16 : 0) + (StringsOnly ? 32 : 0) + (IncludesFields ? 64 : 0);
    }
}
