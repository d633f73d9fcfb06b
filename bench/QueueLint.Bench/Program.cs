using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QueueLint.Bench
{
    /// <summary>
    /// Compiles generated solutions with and without QueueLint and prints QueueLint's analyzer time (Roslyn's own
    /// per-analyzer accounting, <c>logAnalyzerExecutionTime</c>) as a share of compile time (parsing, binding and emit).
    /// Usage: <c>dotnet run -c Release --project bench/QueueLint.Bench [-- --iterations N] [--scenario "jobs 320"]</c>;
    /// <c>--scenario</c> runs only the solutions whose name contains the text, and <c>--measure alone</c> or
    /// <c>--measure bound</c> only one of the two analyses (to profile one size), <c>--measure document</c> the cost of analyzing one edited document as an IDE does after a keystroke; <c>--jit-warm-ups N</c> sets how many times a small solution is analyzed first, so that measurements see optimized JIT code.
    /// <c>--write &lt;directory&gt;</c> writes one solution (<c>--scenario</c>, jobs 320 by default) as a project instead, to build with
    /// <c>dotnet build</c> and <c>-p:ReportAnalyzer=true</c> as a user's build runs QueueLint.
    /// </summary>
    internal static class Program
    {
        private static readonly string[] s_frameworkPrefixes =
        {
            "Hangfire", "Quartz", "MassTransit", "Polly", "Coravel", "Rebus", "Wolverine", "JasperFx", "DotNetCore.CAP", "Microsoft.Azure", "Azure.", "Microsoft.EntityFrameworkCore", "Microsoft.Extensions.Hosting",
        };

        private static int Main(string[] args)
        {
            var iterations = 5;
            string? only = null;
            string? writeTo = null;
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--iterations":
                        iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                        break;
                    case "--jit-warm-ups":
                        s_jitWarmUps = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                        break;
                    case "--scenario":
                        only = args[i + 1];
                        break;
                    case "--measure" when args[i + 1] is "alone" or "bound" or "both" or "document":
                        s_measure = args[i + 1];
                        break;
                    case "--write":
                        writeTo = args[i + 1];
                        break;
                    default:
                        Console.Error.WriteLine($"Unknown option {args[i]} {args[i + 1]}. Options: --iterations N, --jit-warm-ups N, --scenario <text in a solution's name>, --measure alone|bound|both|document, --write <directory>.");
                        return 1;
                }
            }

            var analyzers = typeof(QueueLint.Rules.PassEntityIdAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

            var all = References(includeFrameworks: true);
            var netOnly = References(includeFrameworks: false);

            // Job code fixed while ordinary code grows, then job code growing, Rebus and Wolverine handlers, CAP subscribers, Azure Functions, payload graphs, then no job
            // framework at all.
            var scenarios = new[]
            {
                new Scenario("jobs 20, plain 100", Jobs: 20, Plain: 100, Frameworks: true),
                new Scenario("jobs 20, plain 400", Jobs: 20, Plain: 400, Frameworks: true),
                new Scenario("jobs 20, plain 1600", Jobs: 20, Plain: 1600, Frameworks: true),
                new Scenario("jobs 80, plain 400", Jobs: 80, Plain: 400, Frameworks: true),
                new Scenario("jobs 320, plain 400", Jobs: 320, Plain: 400, Frameworks: true),
                new Scenario("rebus 80, plain 400", Jobs: 0, Plain: 400, Frameworks: true, Rebus: 80),
                new Scenario("wolverine 80, plain 400", Jobs: 0, Plain: 400, Frameworks: true, Wolverine: 80),
                new Scenario("cap 80, plain 400", Jobs: 0, Plain: 400, Frameworks: true, Cap: 80),
                new Scenario("functions 80, plain 400", Jobs: 0, Plain: 400, Frameworks: true, Functions: 80),
                new Scenario("payload 80, plain 400", Jobs: 0, Plain: 400, Frameworks: true, Payload: 80),
                new Scenario("no job framework, plain 1600", Jobs: 0, Plain: 1600, Frameworks: false),
            };

            if (writeTo is not null)
            {
                var chosen = scenarios.FirstOrDefault(s => s.Name.Contains(only ?? "jobs 320", StringComparison.Ordinal));
                if (chosen is null)
                {
                    Console.Error.WriteLine($"No solution's name contains '{only}'.");
                    return 1;
                }

                BuildableSolution.Write(writeTo, chosen.Name, CodeGenerator.Generate(chosen), CodeGenerator.JobContract(chosen.Jobs));
                return 0;
            }

            if (only is not null && !scenarios.Any(s => s.Name.Contains(only, StringComparison.Ordinal)))
            {
                Console.Error.WriteLine($"No solution's name contains '{only}'. Solutions: {string.Join("; ", scenarios.Select(s => s.Name))}.");
                return 1;
            }

            // Steady state first: the compiler and QueueLint start as tier-0 JIT code and are recompiled optimized only
            // after many calls (tiered compilation), so the first solutions measured would pay for code generation that a
            // long-lived compiler server (VBCSCompiler, the IDE) has long done. A small solution is analyzed until then.
            {
                var sources = CodeGenerator.Generate(new Scenario("warm-up", Jobs: 20, Plain: 100, Frameworks: true));
                var additionalFiles = ImmutableArray.Create<AdditionalText>(new GeneratedText("QueueLint.Jobs.txt", CodeGenerator.JobContract(20)));
                for (var i = 0; i < s_jitWarmUps; i++)
                {
                    Measure(sources, all, analyzers, additionalFiles);
                }
            }

            if (s_measure == "document")
            {
                return MeasureDocuments(scenarios, only, iterations, analyzers, all, netOnly);
            }

            Console.WriteLine($"QueueLint benchmark: {analyzers.Length} analyzers, median of {iterations} runs after {s_jitWarmUps} runs on a small solution and {WarmUps} warm-up runs per solution, Roslyn {typeof(Compilation).Assembly.GetName().Version}, {Environment.ProcessorCount} cores");
            Console.WriteLine();
            Console.WriteLine("| Solution | Lines | Compile (ms) | QueueLint (ms) | Share | QueueLint on bound code (ms) | Share | QueueLint diagnostics |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            var perAnalyzer = new List<(string Scenario, IReadOnlyDictionary<string, double> Times)>();
            var perAnalyzerBound = new List<(string Scenario, IReadOnlyDictionary<string, double> Times)>();
            foreach (var scenario in scenarios)
            {
                if (only is not null && scenario.Name.IndexOf(only, StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                var (sources, references, additionalFiles) = Inputs(scenario, all, netOnly);
                var lines = sources.Sum(s => s.Count(c => c == '\n'));

                // Warm up caches and the GC's heap for this size.
                for (var i = 0; i < WarmUps; i++)
                {
                    Measure(sources, references, analyzers, additionalFiles);
                }

                var runs = Enumerable.Range(0, iterations).Select(_ => Measure(sources, references, analyzers, additionalFiles)).ToList();
                var compile = Median(runs.Select(r => r.CompileMs));
                var analyzersMs = Median(runs.Select(r => r.AnalyzerMs.Values.Sum()));
                var boundMs = Median(runs.Select(r => r.BoundAnalyzerMs.Values.Sum()));
                var diagnostics = runs[0].Diagnostics;
                Console.WriteLine($"| {scenario.Name} | {lines:N0} | {compile:F0} | {analyzersMs:F1} | {analyzersMs / compile:P1} | {boundMs:F1} | {boundMs / compile:P1} | {diagnostics} |");
                perAnalyzer.Add((scenario.Name, runs[0].AnalyzerMs.Keys.ToDictionary(k => k, k => Median(runs.Select(r => r.AnalyzerMs[k])))));
                perAnalyzerBound.Add((scenario.Name, runs[0].BoundAnalyzerMs.Keys.ToDictionary(k => k, k => Median(runs.Select(r => r.BoundAnalyzerMs[k])))));
            }

            PrintPerAnalyzer("Per analyzer (ms):", analyzers, perAnalyzer);
            PrintPerAnalyzer("Per analyzer on bound code (ms):", analyzers, perAnalyzerBound);
            return 0;
        }

        /// <summary>
        /// What one keystroke costs in an IDE: a job file and an ordinary file are edited (a statement typed into a
        /// method), a new compilation is made from the old one (every other tree reused, as the IDE does), and only the
        /// edited document is analyzed, timed against the compiler's own binding of it and against an analyzer with one
        /// empty operation action (<see cref="ReadOperations"/>). The solution was analyzed once before the first edit,
        /// as an IDE has. Fastest of <paramref name="iterations"/> edits.
        /// </summary>
        private static int MeasureDocuments(
            Scenario[] scenarios,
            string? only,
            int iterations,
            ImmutableArray<DiagnosticAnalyzer> analyzers,
            ImmutableArray<MetadataReference> all,
            ImmutableArray<MetadataReference> netOnly)
        {
            Console.WriteLine($"QueueLint benchmark, one edited document: {analyzers.Length} analyzers, fastest of {iterations} edits, Roslyn {typeof(Compilation).Assembly.GetName().Version}, {Environment.ProcessorCount} cores");
            Console.WriteLine();
            Console.WriteLine("| Solution | Edited file | Compiler binds the document (ms) | One empty operation action (ms) | QueueLint on the document (ms) |");
            Console.WriteLine("|---|---|---:|---:|---:|");
            var floorAnalyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ReadOperations());
            foreach (var scenario in scenarios)
            {
                if (only is not null && scenario.Name.IndexOf(only, StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                var (sources, references, additionalFiles) = Inputs(scenario, all, netOnly);
                var trees = Parse(sources);
                var compilation = Create(trees, references);
                var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(additionalFiles), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);

                // The state an IDE is in before the edit: the whole solution analyzed once.
                compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();

                var edited = new List<(string Kind, int Index, string Anchor)>();
                if (scenario.Frameworks)
                {
                    // The middle unit of the job files (or of the Rebus, Wolverine, CAP, Functions or payload files, when there are no jobs).
                    // A payload unit has no job of its own: the edit goes into the method that enqueues its jobs.
                    var unit = sources[scenario.MiddleUnit];
                    edited.Add(("job", scenario.MiddleUnit, unit.Contains("public async Task NotifyAsync(int orderId)") ? "public async Task NotifyAsync(int orderId)" : "public async Task Issue("));
                }

                edited.Add(("ordinary", trees.Length - 1, "public string Describe()"));
                foreach (var (kind, index, anchor) in edited)
                {
                    var binding = double.MaxValue;
                    var analysis = double.MaxValue;
                    var floor = double.MaxValue;
                    var tree = trees[index];
                    var text = tree.GetText();
                    var body = sources[index].IndexOf('{', sources[index].IndexOf(anchor, StringComparison.Ordinal)) + 1;
                    SyntaxTree Typed(int edit)
                        => tree.WithChangedText(text.WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(new Microsoft.CodeAnalysis.Text.TextSpan(body, 0), $" var typed{edit} = {edit};")));

                    for (var edit = 0; edit < iterations; edit++)
                    {
                        var newTree = Typed(edit);
                        var next = compilation.ReplaceSyntaxTree(tree, newTree);

                        var stopwatch = Stopwatch.StartNew();
                        var model = next.GetSemanticModel(newTree);
                        model.GetDiagnostics();
                        binding = Math.Min(binding, stopwatch.Elapsed.TotalMilliseconds);

                        stopwatch.Restart();
                        next.WithAnalyzers(analyzers, options).GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None).GetAwaiter().GetResult();
                        analysis = Math.Min(analysis, stopwatch.Elapsed.TotalMilliseconds);

                        // The same keystroke again, in a compilation of its own, for the floor.
                        var floorTree = Typed(edit);
                        var floorNext = compilation.ReplaceSyntaxTree(tree, floorTree);
                        stopwatch.Restart();
                        floorNext.WithAnalyzers(floorAnalyzers, options).GetAnalyzerSemanticDiagnosticsAsync(floorNext.GetSemanticModel(floorTree), filterSpan: null, CancellationToken.None).GetAwaiter().GetResult();
                        floor = Math.Min(floor, stopwatch.Elapsed.TotalMilliseconds);
                    }

                    Console.WriteLine($"| {scenario.Name} | {kind} | {binding:F1} | {floor:F1} | {analysis:F1} |");
                }
            }

            return 0;
        }

        private static void PrintPerAnalyzer(string title, ImmutableArray<DiagnosticAnalyzer> analyzers, List<(string Scenario, IReadOnlyDictionary<string, double> Times)> rows)
        {
            Console.WriteLine();
            Console.WriteLine(title);
            Console.WriteLine();
            Console.WriteLine("| Solution | " + string.Join(" | ", analyzers.Select(a => RuleOf(a))) + " |");
            Console.WriteLine("|---|" + string.Concat(analyzers.Select(_ => "---:|")));
            foreach (var (scenario, times) in rows)
            {
                Console.WriteLine($"| {scenario} | " + string.Join(" | ", analyzers.Select(a => times[a.GetType().Name].ToString("F2", CultureInfo.InvariantCulture))) + " |");
            }
        }

        private static string RuleOf(DiagnosticAnalyzer analyzer)
            => string.Join("/", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct()) + " " + analyzer.GetType().Name.Replace("Analyzer", string.Empty, StringComparison.Ordinal);

        private const int WarmUps = 2;

        // Tiered compilation recompiles a method optimized only after 30 calls, and with dynamic PGO after a further round
        // of instrumented calls: the methods QueueLint calls once per compilation (finding job code, the model's searches)
        // need that many analyses before they run optimized code, also when a single size is measured alone (with 12,
        // jobs 320 measured alone took a third longer than after the smaller sizes).
        private static int s_jitWarmUps = 70;

        private static string s_measure = "both";

        private static (double CompileMs, Dictionary<string, double> AnalyzerMs, Dictionary<string, double> BoundAnalyzerMs, int Diagnostics) Measure(
            List<string> sources, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<AdditionalText> additionalFiles)
        {
            // Compile time: the sources parsed, bound and emitted, as a build does.
            var (compilation, compileMs) = Compile(sources, references);

            // Analyzer time: Roslyn's own accounting of the time spent in each analyzer's callbacks, run on the
            // compilation just emitted so that declarations the compiler completes anyway are not charged to
            // the analyzers (in a build, analyzers and the compiler share one compilation too).
            var times = analyzers.ToDictionary(a => a.GetType().Name, _ => 0.0);
            var boundMs = analyzers.ToDictionary(a => a.GetType().Name, _ => 0.0);
            var diagnostics = 0;
            if (s_measure != "bound")
            {
                CollectGarbage();
                var withAnalyzers = compilation.WithAnalyzers(
                    analyzers,
                    new CompilationWithAnalyzersOptions(new AnalyzerOptions(additionalFiles), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
                var analysis = withAnalyzers.GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
                times = analysis.AnalyzerTelemetryInfo.ToDictionary(p => p.Key.GetType().Name, p => p.Value.ExecutionTime.TotalMilliseconds);
                diagnostics = analysis.GetAllDiagnostics().Count(d => d.Id.StartsWith("QL", StringComparison.Ordinal));
            }

            if (s_measure == "alone")
            {
                return (compileMs, times, boundMs, diagnostics);
            }

            // The same analysis on code whose method bodies are already bound, as in a build where another analyzer
            // has had them bound first (any analyzer with operation actions does, as the SDK's default .NET
            // analyzers do): every analyzer reads the compilation's shared semantic models, so this is QueueLint's
            // own work without the binding that the first to ask pays for.
            // Compiled again from freshly parsed sources: QueueLint keeps what it reads of a syntax tree (each file's one
            // walk) with the tree, so the analysis above, on the same trees, would have done part of this one's work.
            if (s_measure != "bound")
            {
                compilation = Compile(sources, references).Compilation;
            }

            CollectGarbage();
            var bound = compilation.WithAnalyzers(
                analyzers.Insert(0, new BindMethodBodies()),
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(additionalFiles), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            var boundAnalysis = bound.GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
            boundMs = boundAnalysis.AnalyzerTelemetryInfo.Where(p => p.Key is not BindMethodBodies).ToDictionary(p => p.Key.GetType().Name, p => p.Value.ExecutionTime.TotalMilliseconds);
            if (s_measure == "bound")
            {
                diagnostics = boundAnalysis.GetAllDiagnostics().Count(d => d.Id.StartsWith("QL", StringComparison.Ordinal));
            }

            return (compileMs, times, boundMs, diagnostics);
        }

        private static (CSharpCompilation Compilation, double CompileMs) Compile(List<string> sources, ImmutableArray<MetadataReference> references)
        {
            CollectGarbage();
            var stopwatch = Stopwatch.StartNew();
            var trees = Parse(sources);
            var compilation = Create(trees, references);
            using (var stream = new MemoryStream())
            {
                var result = compilation.Emit(stream);
                if (!result.Success)
                {
                    throw new InvalidOperationException("Generated code does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
                }
            }

            return (compilation, stopwatch.Elapsed.TotalMilliseconds);
        }

        /// <summary>
        /// Collects the garbage of what ran before, so that each measured phase starts from the same heap: otherwise the
        /// analysis on bound code, which follows two whole compilations, pays for collecting them (on jobs 320 it then
        /// measured about twice what the same analysis measures alone).
        /// </summary>
        private static void CollectGarbage()
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.CSharp12);

        private static ImmutableArray<SyntaxTree> Parse(List<string> sources)
            => sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, s_parseOptions, path: $"File{i}.cs")).ToImmutableArray();

        /// <summary>A solution's sources, what it compiles against, and its job contract (QL0060) when it has jobs.</summary>
        private static (List<string> Sources, ImmutableArray<MetadataReference> References, ImmutableArray<AdditionalText> AdditionalFiles) Inputs(
            Scenario scenario, ImmutableArray<MetadataReference> all, ImmutableArray<MetadataReference> netOnly)
        {
            var sources = CodeGenerator.Generate(scenario);
            var additionalFiles = scenario.Jobs > 0
                ? ImmutableArray.Create<AdditionalText>(new GeneratedText("QueueLint.Jobs.txt", CodeGenerator.JobContract(scenario.Jobs)))
                : ImmutableArray<AdditionalText>.Empty;
            return (sources, scenario.Frameworks ? all : netOnly, additionalFiles);
        }

        private static CSharpCompilation Create(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references)
            => CSharpCompilation.Create(
                "Generated",
                trees,
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));

        private static ImmutableArray<MetadataReference> References(bool includeFrameworks)
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            return paths
                .Where(p =>
                {
                    var name = Path.GetFileNameWithoutExtension(p);
                    if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || name.StartsWith("QueueLint", StringComparison.Ordinal))
                    {
                        return false;
                    }

                    return includeFrameworks || !s_frameworkPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
                })
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            return sorted[sorted.Length / 2];
        }
    }

    /// <summary>
    /// Binds every method body, accessor and initializer through the compilation's shared semantic models when
    /// analysis starts: stands for the analyzers of a build that have the compiler bind all code first.
    /// </summary>
    // A measuring device, not a shipped analyzer: it binds other files on purpose and reports nothing.
#pragma warning disable RS1012, RS1026, RS1030, RS1036, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class BindMethodBodies : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_none = new("BENCH0001", "Bench", "Bench", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_none);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                foreach (var tree in start.Compilation.SyntaxTrees)
                {
                    var model = start.Compilation.GetSemanticModel(tree);
                    foreach (var node in tree.GetRoot(start.CancellationToken).DescendantNodes(n => n is not (BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax)))
                    {
                        if (node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax)
                        {
                            model.GetOperation(node, start.CancellationToken);
                        }
                    }
                }
            });
        }
    }
#pragma warning restore RS1012, RS1026, RS1030, RS1036, RS2008

    /// <summary>
    /// A measuring device for one edited document: an empty action on every invocation, the least an analyzer that reads
    /// a document's operations pays there (the analysis binds the document in its own copy of the compilation).
    /// </summary>
#pragma warning disable RS1026, RS1036, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class ReadOperations : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_none = new("BENCH0002", "Bench", "Bench", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_none);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(static _ => { }, Microsoft.CodeAnalysis.OperationKind.Invocation);
        }
    }
#pragma warning restore RS1026, RS1036, RS2008

    /// <summary>An additional file held in memory (the job contract of QL0060).</summary>
    internal sealed class GeneratedText : AdditionalText
    {
        private readonly Microsoft.CodeAnalysis.Text.SourceText _text;

        public GeneratedText(string path, string text)
        {
            Path = path;
            _text = Microsoft.CodeAnalysis.Text.SourceText.From(text);
        }

        public override string Path { get; }

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
