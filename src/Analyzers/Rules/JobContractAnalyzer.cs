using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Hangfire;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0060: with a <c>QueueLint.Jobs.txt</c> contract, a listed Hangfire job method that no longer exists with
    /// that signature (warning), and a job method that some enqueue site targets but the file does not list (info).
    /// Job methods are known only once every enqueue site is seen, so both are decided at compilation end.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class JobContractAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the line to add to the contract (a job method missing from it).</summary>
        public const string MissingLineProperty = "MissingLine";

        /// <summary>Diagnostic property: the listed line whose method changed signature; the diagnostic is on the new method.</summary>
        public const string ChangedLineProperty = "ChangedLine";

        private const string QueuedJobsFail = "jobs already queued for it will fail to load; restore it (an overload with the old parameters that forwards to the new method), or remove the line once none is queued";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.JobContract);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(start =>
            {
                var model = JobModel.Get(start.Compilation);
                if (!model.Symbols.HasHangfire)
                {
                    return;
                }

                AdditionalText? contract = null;
                foreach (var file in start.Options.AdditionalFiles)
                {
                    if (JobContract.IsContractFile(file.Path))
                    {
                        contract = file;
                        break;
                    }
                }

                if (contract is null)
                {
                    return;
                }

                var jobs = new ConcurrentDictionary<string, IMethodSymbol>(StringComparer.Ordinal);
                // Most job methods are enqueued from several sites: each distinct one is written as a line once.
                var seen = new ConcurrentDictionary<(INamedTypeSymbol Type, IMethodSymbol Method), byte>(JobKeyComparer.Instance);
                EnqueueSiteActions.Register(start, model, site =>
                {
                    if (site.Site.RecordsMethodCall
                        && site.Site.JobInvocation is { } job
                        && job.TargetMethod.IsInSource()
                        && HangfireJobNames.GetStoredJobType(job) is { } jobType
                        && seen.TryAdd((jobType, job.TargetMethod), 0))
                    {
                        jobs.TryAdd(HangfireJobNames.ContractLine(jobType, job.TargetMethod), job.TargetMethod);
                    }
                });
                start.RegisterCompilationEndAction(end => Report(end, contract, jobs));
            });
        }

        private static void Report(CompilationAnalysisContext context, AdditionalText contract, ConcurrentDictionary<string, IMethodSymbol> jobs)
        {
            if (contract.GetText(context.CancellationToken) is not { } text)
            {
                return;
            }

            var entries = JobContract.ReadEntries(text);
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (line, _) in entries)
            {
                listed.Add(JobContract.Normalize(line));
            }

            // In the order of their lines, so that every build reports them alike.
            var sorted = jobs.ToArray();
            Array.Sort(sorted, static (x, y) => string.CompareOrdinal(x.Key, y.Key));
            var current = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in sorted)
            {
                var normalized = JobContract.Normalize(pair.Key);
                current.Add(normalized);
                if (!listed.Contains(normalized) && pair.Value.Locations.FirstOrDefault(l => l.IsInSource) is { } location)
                {
                    context.Report(Diagnostic.Create(
                        Descriptors.JobContract,
                        location,
                        DiagnosticSeverity.Info,
                        additionalLocations: null,
                        ImmutableDictionary<string, string?>.Empty.Add(MissingLineProperty, pair.Key),
                        "Job method '" + pair.Key + "' is not in " + JobContract.FileName + ": add it, so that renaming it or changing its parameters is caught before queued jobs break"));
                }
            }

            foreach (var (line, span) in entries)
            {
                if (current.Contains(JobContract.Normalize(line)))
                {
                    continue;
                }

                if (Check(context.Compilation, line, out var reason, out var candidate))
                {
                    continue;
                }

                var message = "Job method '" + line + "' is listed in " + JobContract.FileName + " but " + reason + ": " + QueuedJobsFail;
                if (candidate?.Locations.FirstOrDefault(l => l.IsInSource) is { } methodLocation)
                {
                    context.Report(Diagnostic.Create(
                        Descriptors.JobContract,
                        methodLocation,
                        ImmutableDictionary<string, string?>.Empty.Add(ChangedLineProperty, line),
                        message));
                }
                else
                {
                    context.Report(Diagnostic.Create(Descriptors.JobContract, Location.Create(contract.Path, span, text.Lines.GetLinePositionSpan(span)), message));
                }
            }
        }

        /// <summary>
        /// Whether a listed line still names a method. False with the reason when it does not; true also when the
        /// line cannot be judged (malformed, or generic arguments this reader cannot resolve): quiet when unsure.
        /// </summary>
        private static bool Check(Compilation compilation, string line, out string reason, out IMethodSymbol? candidate)
        {
            reason = string.Empty;
            candidate = null;
            if (!JobContract.TryParse(line, out var typeText, out var methodName, out _, out _))
            {
                return true;
            }

            if (JobContract.ResolveType(compilation, typeText, out var definitionFound) is not INamedTypeSymbol type)
            {
                reason = "its type no longer exists";
                return definitionFound;
            }

            var normalized = JobContract.Normalize(line);
            var any = false;
            foreach (var method in JobContract.GetCandidateMethods(type, methodName))
            {
                if (JobContract.Normalize(JobContract.LineFor(typeText, method)) == normalized)
                {
                    return true;
                }

                any = true;
                if (candidate is null && method.IsInSource() && !method.IsAbstract && method.ContainingType.TypeKind == TypeKind.Class)
                {
                    candidate = method;
                }
            }

            reason = any ? "no method of that name takes these parameter types any more" : "the method no longer exists";
            return false;
        }

        /// <summary>A job's stored type and method, compared as symbols: what its contract line is written from.</summary>
        private sealed class JobKeyComparer : IEqualityComparer<(INamedTypeSymbol Type, IMethodSymbol Method)>
        {
            public static readonly JobKeyComparer Instance = new();

            public bool Equals((INamedTypeSymbol Type, IMethodSymbol Method) x, (INamedTypeSymbol Type, IMethodSymbol Method) y)
                => SymbolEqualityComparer.Default.Equals(x.Type, y.Type) && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

            public int GetHashCode((INamedTypeSymbol Type, IMethodSymbol Method) obj)
                => unchecked((SymbolEqualityComparer.Default.GetHashCode(obj.Type) * 31) + SymbolEqualityComparer.Default.GetHashCode(obj.Method));
        }
    }
}
