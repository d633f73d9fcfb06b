using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Serialization
{
    /// <summary>What the application's code says about how its frameworks serialize payloads.</summary>
    [Flags]
    internal enum SerializerSetting
    {
        None = 0,

        /// <summary>Hangfire writes type names: <c>UseRecommendedSerializerSettings</c> or <c>TypeNameHandling</c>.</summary>
        HangfireTypeNames = 1,

        /// <summary>Hangfire is told what to do with reference loops: <c>ReferenceLoopHandling</c>, <c>PreserveReferencesHandling</c>.</summary>
        HangfireReferenceLoops = 2,

        /// <summary>A Newtonsoft.Json <c>ContractResolver</c> decides which members are written.</summary>
        ContractResolver = 4,

        /// <summary>MassTransit's serializer options are configured, or another serializer is chosen.</summary>
        MassTransitSerializer = 8,

        /// <summary>Quartz's persistent store keeps job data as string properties (<c>useProperties</c> set to true).</summary>
        QuartzUseProperties = 16,

        /// <summary>Rebus is given another serializer, or its System.Text.Json options (<c>UseNewtonsoftJson</c>, <c>UseSystemTextJson</c>, an <c>ISerializer</c>).</summary>
        RebusSerializer = 32,

        /// <summary>
        /// CAP is given another serializer (an <c>ISerializer</c> of <c>DotNetCore.CAP.Serialization</c>) or its
        /// System.Text.Json options are changed (<c>JsonSerializerOptions</c> in a file that calls <c>AddCap</c>).
        /// </summary>
        CapSerializer = 64,

        /// <summary>The Durable Task SDK is given a data converter (a <c>DataConverter</c> registered or set on its options).</summary>
        DurableDataConverter = 128,

        /// <summary>
        /// The Functions worker's serializer is replaced or its options changed (<c>WorkerOptions.Serializer</c>, an
        /// <c>ObjectSerializer</c>, <c>Configure&lt;JsonSerializerOptions&gt;</c>).
        /// </summary>
        FunctionsSerializer = 256,
    }

    /// <summary>
    /// The <see cref="SerializerSetting"/>s a compilation's text shows, read once per tree (the IDE reuses the trees an
    /// edit did not touch) and combined once per compilation, only when a rule asks.
    /// </summary>
    internal static class SerializerSettings
    {
        private static readonly TextFilter[] s_filters =
        {
            new TextFilter(new[] { "UseRecommendedSerializerSettings", "TypeNameHandling" }),
            new TextFilter(new[] { "ReferenceLoopHandling", "PreserveReferencesHandling" }),
            new TextFilter(new[] { "ContractResolver" }),

            // Calls that change what MassTransit's serializer does: its System.Text.Json options given converters, or
            // another serializer altogether.
            new TextFilter(new[]
            {
                "ConfigureJsonSerializerOptions", "UseNewtonsoftJsonSerializer", "UseNewtonsoftRawJsonSerializer", "UseXmlSerializer",
                "UseRawXmlSerializer", "UseBsonSerializer", "UseMessagePackSerializer", "UseProtobufSerializer", "AddSerializer",
            }),
            new TextFilter(new[] { "UseProperties", "quartz.jobStore.useProperties" }),
            new TextFilter(new[] { "UseNewtonsoftJson", "UseSystemTextJson", "ISerializer" }),
            new TextFilter(new[] { "DotNetCore.CAP.Serialization", "JsonSerializerOptions" }),
            new TextFilter(new[] { "DataConverter" }),
            new TextFilter(new[] { "WorkerOptions", "ObjectSerializer", "Configure<JsonSerializerOptions>" }),
        };

        private static readonly Func<SyntaxNode, CancellationToken, Found> s_read = Read;
        private static readonly ConditionalWeakTable<Compilation, StrongBox<SerializerSetting>> s_byCompilation = new();

        /// <summary>Whether any file of the compilation shows <paramref name="setting"/>.</summary>
        public static bool Has(Compilation compilation, SerializerSetting setting, CancellationToken cancellationToken)
        {
            if (!s_byCompilation.TryGetValue(compilation, out var known))
            {
                var all = SerializerSetting.None;
                foreach (var tree in compilation.SyntaxTrees)
                {
                    all |= PerTree<Found>.Get(tree, s_read, cancellationToken).Settings;
                }

                known = s_byCompilation.GetValue(compilation, _ => new StrongBox<SerializerSetting>(all));
            }

            return (known.Value & setting) != 0;
        }

        private static Found Read(SyntaxNode root, CancellationToken cancellationToken)
        {
            var text = root.SyntaxTree.GetText(cancellationToken);
            var settings = (SerializerSetting)TextFilter.MayContainEach(text, s_filters, wanted: (1 << s_filters.Length) - 1);

            // The two settings the words alone do not decide read the file's whole text, copied once for both.
            string? content = null;
            if ((settings & SerializerSetting.QuartzUseProperties) != 0 && !SetsUsePropertiesToTrue(content ??= text.ToString()))
            {
                settings &= ~SerializerSetting.QuartzUseProperties;
            }

            if ((settings & SerializerSetting.CapSerializer) != 0 && !ConfiguresCap(content ??= text.ToString()))
            {
                settings &= ~SerializerSetting.CapSerializer;
            }

            return new Found(settings);
        }

        /// <summary>
        /// CAP's own serializer namespace (an <c>ISerializer</c> implemented or registered), or <c>JsonSerializerOptions</c>
        /// where <c>AddCap</c> is called (<c>options.JsonSerializerOptions.…</c>): the options of a web API's JSON
        /// elsewhere do not change CAP's.
        /// </summary>
        private static bool ConfiguresCap(string text)
            => text.IndexOf("DotNetCore.CAP.Serialization", StringComparison.Ordinal) >= 0
               || (text.IndexOf("JsonSerializerOptions", StringComparison.Ordinal) >= 0 && text.IndexOf("AddCap", StringComparison.Ordinal) >= 0);

        /// <summary><c>UseProperties = true</c>, or <c>"quartz.jobStore.useProperties"</c> followed closely by <c>"true"</c>.</summary>
        private static bool SetsUsePropertiesToTrue(string text)
        {
            const string Property = "UseProperties";
            for (var at = text.IndexOf(Property, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Property, at + Property.Length, StringComparison.Ordinal))
            {
                var i = SkipSpaces(text, at + Property.Length);
                if (i < text.Length && text[i] == '=' && (i + 1 >= text.Length || text[i + 1] != '=')
                    && string.CompareOrdinal(text, SkipSpaces(text, i + 1), "true", 0, 4) == 0)
                {
                    return true;
                }
            }

            const string Key = "quartz.jobStore.useProperties\"";
            for (var at = text.IndexOf(Key, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Key, at + Key.Length, StringComparison.Ordinal))
            {
                var start = at + Key.Length;
                if (text.IndexOf("\"true\"", start, Math.Min(16, text.Length - start), StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static int SkipSpaces(string text, int i)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            return i;
        }

        private sealed class Found
        {
            public Found(SerializerSetting settings) => Settings = settings;

            public SerializerSetting Settings { get; }
        }
    }
}
