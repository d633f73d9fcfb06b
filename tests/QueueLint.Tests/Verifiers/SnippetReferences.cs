using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace QueueLint.Tests.Verifiers
{
    /// <summary>
    /// The assemblies test snippets compile against: the .NET reference pack and the real framework packages
    /// (Hangfire.Core, Quartz, MassTransit, Polly, EF Core, Hosting, Coravel) exactly as the test project itself
    /// compiles against them. The list is written at build time (see the test project), so nothing is
    /// downloaded while tests run.
    /// </summary>
    public static class SnippetReferences
    {
        // Packages the test project uses for itself, not frameworks a snippet may use.
        private static readonly string[] s_toolingPrefixes =
        {
            "Microsoft.CodeAnalysis", "Microsoft.VisualStudio", "Microsoft.TestPlatform", "Microsoft.NET.Test.Sdk",
            "Microsoft.CodeCoverage", "Microsoft.Build", "xunit", "NuGet.", "Humanizer", "System.Composition",
            "DiffPlex", "Microsoft.ApplicationInsights", "Microsoft.Testing", "System.ComponentModel.Composition",
            "Microsoft.NETCore.App.Ref",
        };

        // Referenced by the tests of registrations inside AddHangfire only.
        private const string HangfireNetCore = "Hangfire.NetCore";

        private static readonly Lazy<ImmutableArray<(string Package, string Path)>> s_entries = new(ReadEntries);
        private static readonly Dictionary<string, MetadataReference> s_cache = new(StringComparer.Ordinal);

        /// <summary>No reference package: the assemblies come from <see cref="Frameworks"/> and friends.</summary>
        public static ReferenceAssemblies None { get; } = new ReferenceAssemblies("net10.0");

        /// <summary>.NET and every job framework, with Quartz 3.x.</summary>
        public static ImmutableArray<MetadataReference> Frameworks { get; } = Create(package => package != "Quartz4" && package != HangfireNetCore);

        /// <summary>.NET and every job framework, with Quartz 4.x instead of 3.x.</summary>
        public static ImmutableArray<MetadataReference> FrameworksWithQuartz4 { get; } =
            Create(package => package != "Quartz" && package != "Quartz.Extensions.DependencyInjection" && package != HangfireNetCore);

        /// <summary>.NET and every job framework, with Hangfire's .NET Core integration (<c>AddHangfire</c>, its job activator).</summary>
        public static ImmutableArray<MetadataReference> FrameworksWithHangfireNetCore { get; } = Create(package => package != "Quartz4");

        /// <summary>.NET and every job framework, without the isolated worker's Durable extension: the Durable Task SDK on its own.</summary>
        public static ImmutableArray<MetadataReference> FrameworksWithoutFunctionsDurable { get; } =
            Create(package => package != "Quartz4" && package != HangfireNetCore && package != "Microsoft.Azure.Functions.Worker.Extensions.DurableTask");

        /// <summary>Only .NET: no job framework referenced.</summary>
        public static ImmutableArray<MetadataReference> NetOnly { get; } = Create(package => package == "framework");

        /// <summary>.NET and every job framework except EF Core.</summary>
        public static ImmutableArray<MetadataReference> FrameworksWithoutEntityFramework { get; } =
            Create(package => package != "Quartz4" && package != HangfireNetCore && !package.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));

        public static ImmutableArray<MetadataReference> Create(Func<string, bool> includePackage)
        {
            var builder = ImmutableArray.CreateBuilder<MetadataReference>();
            foreach (var (package, path) in s_entries.Value)
            {
                if (package == "framework" || (includePackage(package) && !IsTooling(package)))
                {
                    builder.Add(GetReference(path));
                }
            }

            return builder.ToImmutable();
        }

        private static bool IsTooling(string package)
            => s_toolingPrefixes.Any(prefix => package.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

        private static MetadataReference GetReference(string path)
        {
            lock (s_cache)
            {
                if (!s_cache.TryGetValue(path, out var reference))
                {
                    reference = MetadataReference.CreateFromFile(path);
                    s_cache.Add(path, reference);
                }

                return reference;
            }
        }

        private static ImmutableArray<(string, string)> ReadEntries()
        {
            var file = Path.Combine(AppContext.BaseDirectory, "snippet-references.txt");
            var builder = ImmutableArray.CreateBuilder<(string, string)>();
            foreach (var line in File.ReadAllLines(file))
            {
                var separator = line.IndexOf('|');
                if (separator <= 0)
                {
                    continue;
                }

                var path = line.Substring(separator + 1);
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException("A snippet reference is missing; restore the test project.", path);
                }

                builder.Add((line.Substring(0, separator), path));
            }

            return builder.ToImmutable();
        }
    }
}
