using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QueueLint.Options
{
    /// <summary>
    /// The project-wide <c>queuelint.*</c> keys of <c>.editorconfig</c> / <c>.globalconfig</c>, parsed once per
    /// options instance (Roslyn hands the same instance to every file that shares a configuration).
    /// </summary>
    internal sealed class QueueLintOptions
    {
        public const string EntityTypesKey = "queuelint.entity_types";
        public const string EntityBaseTypesKey = "queuelint.entity_base_types";
        public const string EnqueueMethodsKey = "queuelint.enqueue_methods";
        public const string JobInterfacesKey = "queuelint.job_interfaces";
        public const string ReportMethodKey = "queuelint.report_method";
        public const string FailuresReportedKey = "queuelint.failures_reported";

        /// <summary>Every key QueueLint reads, for documentation and tests.</summary>
        public static readonly ImmutableArray<string> AllKeys = ImmutableArray.Create(
            EntityTypesKey, EntityBaseTypesKey, EnqueueMethodsKey, JobInterfacesKey, ReportMethodKey, FailuresReportedKey);

        public static readonly QueueLintOptions Empty = new(
            ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, null, ImmutableArray<string>.Empty);

        private static readonly ConditionalWeakTable<AnalyzerConfigOptions, QueueLintOptions> s_cache = new();
        private static readonly ConditionalWeakTable<AnalyzerConfigOptions, QueueLintOptions>.CreateValueCallback s_parse = Parse;

        private QueueLintOptions(
            ImmutableArray<string> entityTypes,
            ImmutableArray<string> entityBaseTypes,
            ImmutableArray<string> enqueueMethods,
            ImmutableArray<string> jobInterfaces,
            string? reportMethod,
            ImmutableArray<string> failuresReported)
        {
            EntityTypes = entityTypes;
            EntityBaseTypes = entityBaseTypes;
            EnqueueMethods = enqueueMethods;
            JobInterfaces = jobInterfaces;
            ReportMethod = reportMethod;
            FailuresReported = failuresReported;
        }

        /// <summary>Metadata names of extra entity types.</summary>
        public ImmutableArray<string> EntityTypes { get; }

        /// <summary>Metadata names of base classes or interfaces whose implementers are entities.</summary>
        public ImmutableArray<string> EntityBaseTypes { get; }

        /// <summary>Wrapper methods that enqueue, as <c>Namespace.Type.Method</c>.</summary>
        public ImmutableArray<string> EnqueueMethods { get; }

        /// <summary>Metadata names of interfaces whose implementing methods are job entry points.</summary>
        public ImmutableArray<string> JobInterfaces { get; }

        /// <summary>Static method the try/report fixes call, as <c>Namespace.Type.Method</c>.</summary>
        public string? ReportMethod { get; }

        /// <summary>Frameworks whose job failures a reporter elsewhere already reports (<c>hangfire</c>, <c>quartz</c>, ...).</summary>
        public ImmutableArray<string> FailuresReported { get; }

        public bool FailuresReportedFor(string framework)
        {
            foreach (var name in FailuresReported)
            {
                if (string.Equals(name, framework, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        public bool DeclaresJobs => !EnqueueMethods.IsEmpty || !JobInterfaces.IsEmpty;

        public static QueueLintOptions Get(AnalyzerConfigOptions options) => s_cache.GetValue(options, s_parse);

        public static QueueLintOptions Get(AnalyzerOptions options, Microsoft.CodeAnalysis.SyntaxTree tree)
            => Get(options.AnalyzerConfigOptionsProvider.GetOptions(tree));

        private static QueueLintOptions Parse(AnalyzerConfigOptions options)
        {
            var entityTypes = ReadList(options, EntityTypesKey);
            var entityBaseTypes = ReadList(options, EntityBaseTypesKey);
            var enqueueMethods = ReadList(options, EnqueueMethodsKey);
            var jobInterfaces = ReadList(options, JobInterfacesKey);
            options.TryGetValue(ReportMethodKey, out var reportMethod);
            reportMethod = string.IsNullOrWhiteSpace(reportMethod) ? null : reportMethod!.Trim();
            var failuresReported = ReadList(options, FailuresReportedKey);

            if (entityTypes.IsEmpty && entityBaseTypes.IsEmpty && enqueueMethods.IsEmpty && jobInterfaces.IsEmpty && reportMethod is null && failuresReported.IsEmpty)
            {
                return Empty;
            }

            return new QueueLintOptions(entityTypes, entityBaseTypes, enqueueMethods, jobInterfaces, reportMethod, failuresReported);
        }

        internal static ImmutableArray<string> ReadList(AnalyzerConfigOptions options, string key)
        {
            if (!options.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
            {
                return ImmutableArray<string>.Empty;
            }

            var builder = ImmutableArray.CreateBuilder<string>();
            foreach (var part in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = part.Trim();
                if (name.Length > 0)
                {
                    builder.Add(name);
                }
            }

            return builder.ToImmutable();
        }
    }
}
