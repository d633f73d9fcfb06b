using Microsoft.CodeAnalysis;

namespace QueueLint.Model.Serialization
{
    /// <summary>Why a payload's value does not come back as it went in.</summary>
    internal enum PayloadProblemKind
    {
        /// <summary>No constructor the serializer can call: reading the payload fails every time.</summary>
        NoUsableConstructor,

        /// <summary>The constructor the serializer calls has a parameter that names no member (System.Text.Json refuses it).</summary>
        UnboundConstructorParameter,

        /// <summary>A member set through a non-public setter: the serializer does not call it, the value is lost.</summary>
        NonPublicSetter,

        /// <summary>A get-only member that a constructor other than the one the serializer calls sets: the value is lost.</summary>
        GetOnly,

        /// <summary>A public field the serializer does not read back.</summary>
        Field,

        /// <summary>An interface or abstract member whose concrete type does not travel: reading fails.</summary>
        NoTypeName,

        /// <summary>An <c>object</c> or <c>dynamic</c> member: it comes back as a JSON object, not the value put in.</summary>
        ObjectTyped,

        /// <summary>A member that points back to its owner: serializing fails on the reference loop.</summary>
        BackReference,

        /// <summary>A value that belongs to the running code (a delegate, a stream, a task, a cancellation source...).</summary>
        NotSerializable,

        /// <summary>A value that is not a string, which a store that keeps only strings refuses.</summary>
        NotString,

        /// <summary>File content (bytes) carried into job storage: it survives, but job storage is no place for it.</summary>
        FileContent,
    }

    /// <summary>The first member of a payload's type, in declaration order, that does not survive its serializer.</summary>
    internal sealed class PayloadProblem
    {
        public PayloadProblem(PayloadProblemKind kind, string path, ITypeSymbol type, string? detail = null)
        {
            Kind = kind;
            Path = path;
            Type = type;
            Detail = detail;
        }

        public PayloadProblemKind Kind { get; }

        /// <summary>The member's path from the payload's type: <c>Receipt.Lines[].Price</c>.</summary>
        public string Path { get; }

        /// <summary>The member's type (for a constructor problem, the type that has it).</summary>
        public ITypeSymbol Type { get; }

        /// <summary>What else the message needs: the unbound parameter, what the unserializable value is.</summary>
        public string? Detail { get; }
    }
}
