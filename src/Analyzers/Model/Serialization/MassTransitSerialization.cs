using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace QueueLint.Model.Serialization
{
    /// <summary>What the compilation tells about the serializer MassTransit writes its messages with.</summary>
    internal static class MassTransitSerialization
    {
        /// <summary>
        /// Calls that change what MassTransit's serializer does: its System.Text.Json options given converters, or
        /// another serializer altogether. After them the default behaviour says nothing about a message.
        /// </summary>
        private static readonly string[] s_configuring =
        {
            "ConfigureJsonSerializerOptions",
            "UseNewtonsoftJsonSerializer",
            "UseNewtonsoftRawJsonSerializer",
            "UseXmlSerializer",
            "UseRawXmlSerializer",
            "UseBsonSerializer",
            "UseMessagePackSerializer",
            "UseProtobufSerializer",
            "AddSerializer",
        };

        private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> s_configured = new ConditionalWeakTable<Compilation, StrongBox<bool>>();

        /// <summary>
        /// MassTransit's System.Text.Json serializer as it ships, or null when the compilation configures its options or
        /// chooses another serializer. Read once per compilation from the text, and only when a rule needs it.
        /// </summary>
        public static PayloadSerializer? Serializer(Compilation compilation, CancellationToken cancellationToken)
            => IsConfigured(compilation, cancellationToken) ? null : PayloadSerializer.MassTransit;

        private static bool IsConfigured(Compilation compilation, CancellationToken cancellationToken)
        {
            if (s_configured.TryGetValue(compilation, out var known))
            {
                return known.Value;
            }

            var found = false;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var text = tree.GetText(cancellationToken).ToString();
                foreach (var call in s_configuring)
                {
                    if (text.IndexOf(call, StringComparison.Ordinal) >= 0)
                    {
                        found = true;
                        break;
                    }
                }

                if (found)
                {
                    break;
                }
            }

            return s_configured.GetValue(compilation, _ => new StrongBox<bool>(found)).Value;
        }
    }
}
