using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace QueueLint.Model.Syntax
{
    /// <summary>
    /// The operations under a method body, in the order of <c>OperationExtensions.Descendants</c>, with each one's
    /// <see cref="OperationKind"/> kept at the same index: a rule that looks for a few kinds reads the kinds, which lie
    /// side by side, and touches only the operations it wants, not every operation object of the body.
    /// </summary>
    internal sealed class BodyOperations
    {
        public static readonly BodyOperations Empty = new(Array.Empty<Slot>(), ImmutableArray<OperationKind>.Empty);

        // Operations held in a struct each: storing into an array of an interface type checks every store's type, and
        // collecting a body stores each of its operations once.
        private readonly Slot[] _operations;

        public BodyOperations(Slot[] operations, ImmutableArray<OperationKind> kinds)
        {
            _operations = operations;
            Kinds = kinds;
        }

        /// <summary>The kind of each operation under the body (a parent before its children), at the operation's index.</summary>
        public ImmutableArray<OperationKind> Kinds { get; }

        /// <summary>The operations whose kind is in <paramref name="kinds"/>, in order.</summary>
        public OfKinds OfKind(OperationKindSet kinds) => new(this, kinds);

        /// <summary>One operation under a body.</summary>
        public readonly struct Slot
        {
            public Slot(IOperation operation) => Operation = operation;

            public IOperation Operation { get; }
        }

        /// <summary>The operations of a few kinds, enumerated without allocating (the struct is its own enumerator).</summary>
        public struct OfKinds
        {
            private readonly Slot[] _operations;
            private readonly ImmutableArray<OperationKind> _kinds;
            private readonly OperationKindSet _wanted;
            private int _index;

            public OfKinds(BodyOperations operations, OperationKindSet wanted)
            {
                _operations = operations._operations;
                _kinds = operations.Kinds;
                _wanted = wanted;
                _index = -1;
            }

            public IOperation Current => _operations[_index].Operation;

            public readonly OfKinds GetEnumerator() => this;

            public bool MoveNext()
            {
                var kinds = _kinds;
                for (var i = _index + 1; i < kinds.Length; i++)
                {
                    if (_wanted.Contains(kinds[i]))
                    {
                        _index = i;
                        return true;
                    }
                }

                _index = kinds.Length;
                return false;
            }
        }
    }

    /// <summary>A set of <see cref="OperationKind"/>s, tested with a shift and a mask.</summary>
    internal readonly struct OperationKindSet
    {
        private readonly ulong _low;
        private readonly ulong _high;

        private OperationKindSet(ulong low, ulong high)
        {
            _low = low;
            _high = high;
        }

        public static OperationKindSet Of(params OperationKind[] kinds)
        {
            ulong low = 0, high = 0;
            foreach (var kind in kinds)
            {
                var value = (uint)kind;
                if (value < 64)
                {
                    low |= 1UL << (int)value;
                }
                else if (value < 128)
                {
                    high |= 1UL << (int)(value - 64);
                }
                else
                {
                    throw new System.ArgumentOutOfRangeException(nameof(kinds), kind, "An operation kind above 127 cannot be in a set.");
                }
            }

            return new OperationKindSet(low, high);
        }

        public bool Contains(OperationKind kind)
        {
            var value = (uint)kind;
            return value < 64 ? ((_low >> (int)value) & 1) != 0 : value < 128 && ((_high >> (int)(value - 64)) & 1) != 0;
        }
    }
}
