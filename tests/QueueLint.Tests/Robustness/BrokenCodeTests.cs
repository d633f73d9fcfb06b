using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Tests.Meta;
using QueueLint.Tests.Verifiers;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace QueueLint.Tests.Robustness
{
    /// <summary>
    /// Code being typed is incomplete: every analyzer and fixer runs over broken variants (truncated at many
    /// points, single tokens deleted) of every test snippet and every sample file, and any exception fails.
    /// An analyzer that throws becomes AD0001 in every user's build.
    /// </summary>
    [LongRunning]
    public class BrokenCodeTests
    {
        private const int TruncationsPerSource = 10;
        private const int DeletionsPerSource = 10;

        private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers = RuleCatalogTests.Analyzers;
        private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.CSharp12);
        /// <summary>The test classes <see cref="Sources"/> is split over.</summary>
        private const int Parts = 4;

        /// <summary>
        /// Every fourth source of the corpus, starting at <paramref name="part"/> (0 to 3): the variants are the longest
        /// tests of the suite, split over four test classes so that xunit runs them side by side and none is left
        /// running alone at the end.
        /// </summary>
        public static TheoryData<string> Sources(int part)
        {
            var data = new TheoryData<string>();
            var names = SourceCorpus.Value.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
            for (var i = part; i < names.Length; i += Parts)
            {
                data.Add(names[i]);
            }

            return data;
        }

        private static readonly Lazy<ImmutableDictionary<string, string>> SourceCorpus = new(LoadCorpus);

        [Fact]
        public void The_corpus_holds_test_snippets_and_sample_files()
        {
            Assert.Contains(SourceCorpus.Value.Keys, k => k.StartsWith("tests/", StringComparison.Ordinal));
            Assert.True(SourceCorpus.Value.Count >= 20, "only " + SourceCorpus.Value.Count + " sources found");
            Assert.Equal(SourceCorpus.Value.Count, Enumerable.Range(0, Parts).Sum(part => Sources(part).Count<object[]>()));
        }

        internal static async Task SurviveBrokenVariantsAsync(string name, ITestOutputHelper output)
        {
            var source = SourceCorpus.Value[name];
            var variants = Variants(source).ToArray();
            var diagnosticsSeen = 0;
            foreach (var variant in variants)
            {
                diagnosticsSeen += await RunAsync(variant);
            }

            output.WriteLine($"{name}: {variants.Length} variants, {diagnosticsSeen} QueueLint diagnostics on them");
        }

        [Fact]
        public async Task Complete_sources_run_cleanly_too()
        {
            foreach (var source in SourceCorpus.Value.Values)
            {
                await RunAsync(source);
            }
        }

        /// <summary>Shapes the corpus's variants may not reach: helpers that call themselves, half-typed helper calls and lists.</summary>
        [Theory]
        [InlineData("""
            using Quartz;
            using Microsoft.Extensions.DependencyInjection;
            public class J : IJob { public System.Threading.Tasks.Task Execute(IJobExecutionContext c) => System.Threading.Tasks.Task.CompletedTask; }
            public static class S
            {
                public static void Add<T>(IServiceCollectionQuartzConfigurator q, string cron, int n) where T : IJob
                {
                    if (n > 0) Add<T>(q, cron, n - 1);
                    q.ScheduleJob<T>(t => t.WithCronSchedule(cron));
                }
                public static void Run(IServiceCollection s) => s.AddQuartz(q => { Add<J>(q, "0 * * * * ?", 2); Add<>(q, ); Add<J>(q, null, ); });
            }
            """)]
        [InlineData("""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Quartz;
            public class J : IJob { public Task Execute(IJobExecutionContext c) => Task.CompletedTask; }
            public class H
            {
                private readonly List<(Type, ITrigger)> _jobs = new() { (typeof(J), ), (, TriggerBuilder.Create().Build()), null };
                private readonly Type[] _types = { typeof(J) };
                public async Task Run(IScheduler s)
                {
                    foreach (var (type, trigger) in _jobs) await s.ScheduleJob(JobBuilder.Create(type).Build(), trigger);
                    foreach (var type in _types) await s.ScheduleJob(JobBuilder.Create(type).Build(), TriggerBuilder.Create().WithCronSchedule("*/").Build());
                    foreach (var (a, b, c) in _jobs) await s.ScheduleJob(JobBuilder.Create(a).Build(), b);
                }
            }
            """)]
        [InlineData("""
            using System;
            using System.Linq.Expressions;
            using System.Threading.Tasks;
            using Hangfire;
            public class F { public Task Sync() => Task.CompletedTask; }
            public class R
            {
                public void Go() { S<F>("a", x => x.Sync(), "*/5 * * * *"); S<F>("b", x => , Cron.Minutely()); S<F>(null, null, null); S<F>("c", x => { }, "61 * * * *"); }
                private static void S<T>(string id, Expression<Func<T, Task>> job, string cron) => RecurringJob.AddOrUpdate(id, job, cron);
            }
            """)]
        [InlineData("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Hangfire;
            public class Svc
            {
                public (int, int) Count() { try { return (1, 2); } catch (Exception) { return (0, ); } }
                public List<int> Items() { try { return new List<int> { 1 }; } catch { return new List<int>(; } }
                public int? Maybe() { try { return 1; } catch { return default; } }
            }
            public class Job
            {
                private readonly Svc _s = new();
                public void Run() { var (a, b) = _s.Count(); var items = _s.Items(); items = null; Use(items, a, _s.Maybe()); Count(); }
                private int Count() => _s.Count().Item1;
                private static void Use(List<int> i, int a, int? m) { }
                public void Plan() => BackgroundJob.Enqueue<Job>(x => x.Run());
            }
            """)]
        [InlineData("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.Azure.WebJobs;
            using Microsoft.Azure.WebJobs.Extensions.DurableTask;
            using Microsoft.DurableTask;
            public static class O
            {
                private static readonly Microsoft.Azure.WebJobs.Extensions.DurableTask.RetryOptions R = new(TimeSpan.FromSeconds(5), 5) { BackoffCoefficient = , };
                public static readonly TaskOptions P = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: int.MaxValue, backoffCoefficient: 1, ));
                [FunctionName("o")]
                public static async Task Run([OrchestrationTrigger] IDurableOrchestrationContext c)
                {
                    await c.CallActivityWithRetryAsync("a", new Microsoft.Azure.WebJobs.Extensions.DurableTask.RetryOptions(TimeSpan.FromSeconds(1), 3) { MaxRetryInterval = TimeSpan.FromHours(1) }, 1);
                    await c.CallActivityWithRetryAsync("b", new Microsoft.Azure.WebJobs.Extensions.DurableTask.RetryOptions(TimeSpan.FromSeconds(1) { }, 1);
                    R.BackoffCoefficient = ;
                }
            }
            """)]
        [InlineData("""
            using System.Threading.Tasks;
            using Microsoft.Azure.WebJobs;
            using Microsoft.Azure.WebJobs.Extensions.DurableTask;
            using Microsoft.DurableTask;
            using Microsoft.DurableTask.Client;
            public class A : TaskActivity<int, >
            {
                public override async Task<bool> RunAsync(TaskActivityContext c, int id) { await Task.Delay(id; return ; }
            }
            public static class F
            {
                [FunctionName("a")]
                public static Task Act([ActivityTrigger( int id, ) => Task.CompletedTask;
                [FunctionName("o")]
                public static async Task Run([OrchestrationTrigger] IDurableOrchestrationContext c, [DurableClient] IDurableOrchestrationClient client, DurableTaskClient d)
                {
                    await c.CallActivityAsync("a", input: );
                    await c.CallSubOrchestratorAsync(, new { });
                    await client.StartNewAsync<>("o", null);
                    await d.ScheduleNewOrchestrationInstanceAsync("o", new A(), );
                }
            }
            """)]
        [InlineData("""
            using System.Threading.Tasks;
            using Microsoft.Azure.Functions.Worker;
            public record Paid(int Id);
            public class P
            {
                [Function("p")]
                public Task On([ServiceBusTrigger("q", Connection = )] Paid m) => Task.CompletedTask;
                [Function("s")]
                public static Task Sub([ServiceBusTrigger(, "audit")] m) => Task.;
            }
            """)]
        public async Task New_shapes_half_typed_do_not_throw(string source)
        {
            await RunAsync(source);
            foreach (var variant in Variants(source))
            {
                await RunAsync(variant);
            }
        }

        [Fact]
        public async Task Analysis_stops_when_cancelled()
        {
            var sources = SourceCorpus.Value.Where(p => p.Key.StartsWith("samples/", StringComparison.Ordinal) || p.Key.Contains("QL0001", StringComparison.Ordinal))
                .Select(p => CSharpSyntaxTree.ParseText(p.Value, s_parseOptions, path: p.Key))
                .ToList();
            var compilation = CSharpCompilation.Create(
                "Cancelled",
                sources,
                SnippetReferences.Frameworks,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();
            var exceptions = new List<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => compilation.WithAnalyzers(s_analyzers, options).GetAnalyzerDiagnosticsAsync(cancellation.Token));
            Assert.Empty(exceptions);
        }

        private static IEnumerable<string> Variants(string source)
        {
            for (var i = 1; i <= TruncationsPerSource; i++)
            {
                yield return source.Substring(0, source.Length * i / (TruncationsPerSource + 1));
            }

            var tokens = CSharpSyntaxTree.ParseText(source, s_parseOptions).GetRoot().DescendantTokens().ToArray();
            if (tokens.Length == 0)
            {
                yield break;
            }

            for (var i = 0; i < DeletionsPerSource; i++)
            {
                var token = tokens[(int)((long)tokens.Length * i / DeletionsPerSource)];
                yield return source.Remove(token.SpanStart, token.Span.Length);
            }
        }

        /// <summary>
        /// One project with the shop model and an empty <c>Broken.cs</c>, compiled once: each variant replaces the text of
        /// <c>Broken.cs</c>, as an edit in the IDE does, so its compilation reuses the references already bound and the
        /// model's tree (and what QueueLint keeps per tree) instead of starting over.
        /// </summary>
        private static readonly Lazy<(Solution Solution, DocumentId Broken)> s_baseSolution = new(CreateBaseSolution);

        private static (Solution Solution, DocumentId Broken) CreateBaseSolution()
        {
            var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var brokenId = DocumentId.CreateNewId(projectId);
            var solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(
                    projectId,
                    VersionStamp.Default,
                    "Broken",
                    "Broken",
                    LanguageNames.CSharp,
                    compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                    parseOptions: s_parseOptions,
                    metadataReferences: SnippetReferences.Frameworks))
                .AddDocument(brokenId, "Broken.cs", SourceText.From(string.Empty))
                .AddDocument(DocumentId.CreateNewId(projectId), "Model.cs", SourceText.From(Rules.Snippets.ShopModel));
            solution.GetProject(projectId)!.GetCompilationAsync().GetAwaiter().GetResult()!.GetDiagnostics();
            return (solution, brokenId);
        }

        /// <summary>Runs every analyzer, then every fixer on every diagnostic it can fix (single and Fix All).</summary>
        private static async Task<int> RunAsync(string source)
        {
            var (baseSolution, brokenId) = s_baseSolution.Value;
            var solution = baseSolution.WithDocumentText(brokenId, SourceText.From(source));
            var project = solution.GetDocument(brokenId)!.Project;
            var compilation = (await project.GetCompilationAsync())!;

            var exceptions = new List<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => { lock (exceptions) { exceptions.Add(new InvalidOperationException(analyzer.GetType().Name + " threw", exception)); } },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(s_analyzers, options).GetAnalyzerDiagnosticsAsync();
            if (exceptions.Count > 0)
            {
                throw new AggregateException("Analyzer exception on:\n" + source, exceptions);
            }

            var ours = diagnostics.Where(d => d.Id.StartsWith("QL", StringComparison.Ordinal) && d.Location.IsInSource).ToImmutableArray();
            foreach (var fixer in RuleCatalogTests.Fixers)
            {
                var fixable = ours.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();

                // A solution-wide Fix All gives the same result from any of its diagnostics: it runs once per document
                // it starts from and per fix (equivalence key), not once per diagnostic.
                var fixAllsRun = new HashSet<(DocumentId, string?)>();
                foreach (var diagnostic in fixable)
                {
                    var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                    var actions = new List<CodeAction>();
                    var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                    await fixer.RegisterCodeFixesAsync(context);
                    foreach (var action in actions)
                    {
                        await action.GetOperationsAsync(CancellationToken.None);
                    }

                    if (actions.Count > 0 && fixer.GetFixAllProvider() is { } fixAll && fixAllsRun.Add((document.Id, actions[0].EquivalenceKey)))
                    {
                        var fixAllContext = new FixAllContext(
                            document,
                            fixer,
                            FixAllScope.Solution,
                            actions[0].EquivalenceKey,
                            fixer.FixableDiagnosticIds,
                            new FixedDiagnostics(fixable),
                            CancellationToken.None);
                        if (await fixAll.GetFixAsync(fixAllContext) is { } fixAllAction)
                        {
                            await fixAllAction.GetOperationsAsync(CancellationToken.None);
                        }
                    }
                }
            }

            return ours.Length;
        }

        private static ImmutableDictionary<string, string> LoadCorpus()
        {
            var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            var markup = new Regex(@"\{\|(#\d+|QL\d{4}):|\|\}", RegexOptions.Compiled);
            var seen = new HashSet<string>(StringComparer.Ordinal);

            // Every raw-string snippet of the rule tests, markup removed.
            foreach (var file in Directory.GetFiles(RepositoryPaths.Combine("tests", "QueueLint.Tests", "Rules"), "*.cs"))
            {
                var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
                var index = 0;
                foreach (var token in root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)))
                {
                    var text = markup.Replace(token.ValueText, string.Empty);

                    // A snippet that repeats another (a fixed source that is another test's source) adds no variant.
                    if (seen.Add(text))
                    {
                        builder[$"tests/{Path.GetFileNameWithoutExtension(file)}#{index}"] = text;
                    }

                    index++;
                }
            }

            var samples = RepositoryPaths.Combine("samples");
            if (Directory.Exists(samples))
            {
                foreach (var file in Directory.GetFiles(samples, "*.cs", SearchOption.AllDirectories))
                {
                    if (file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                        || file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    builder["samples/" + Path.GetRelativePath(samples, file).Replace('\\', '/')] = File.ReadAllText(file);
                }
            }

            return builder.ToImmutable();
        }

        private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> _diagnostics;

            public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
                => Task.FromResult(_diagnostics.Where(d => d.Location.SourceTree == document.GetSyntaxTreeAsync(cancellationToken).Result));

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult(Enumerable.Empty<Diagnostic>());
        }
    }

    /// <summary>
    /// One part of <see cref="BrokenCodeTests.Sources"/>, truncated and with tokens deleted; each derived class names
    /// its part with <see cref="CorpusPartAttribute"/>.
    /// </summary>
    public abstract class BrokenVariantsTests
    {
        private readonly ITestOutputHelper _output;

        protected BrokenVariantsTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [CorpusPartSources]
        public Task Analyzers_and_fixers_survive_broken_variants(string name) => BrokenCodeTests.SurviveBrokenVariantsAsync(name, _output);
    }

    /// <summary>The part of the corpus (0 to 3) a <see cref="BrokenVariantsTests"/> class runs.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class CorpusPartAttribute(int part) : Attribute
    {
        public int Part { get; } = part;
    }

    /// <summary>The sources of the part named by the <see cref="CorpusPartAttribute"/> of the class the test runs in.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class CorpusPartSourcesAttribute : DataAttribute
    {
        public override IEnumerable<object[]> GetData(MethodInfo testMethod)
            => BrokenCodeTests.Sources(testMethod.ReflectedType!.GetCustomAttribute<CorpusPartAttribute>()!.Part);
    }

    [LongRunning]
    [CorpusPart(0)]
    public class BrokenVariantsPart1Tests(ITestOutputHelper output) : BrokenVariantsTests(output);

    [LongRunning]
    [CorpusPart(1)]
    public class BrokenVariantsPart2Tests(ITestOutputHelper output) : BrokenVariantsTests(output);

    [LongRunning]
    [CorpusPart(2)]
    public class BrokenVariantsPart3Tests(ITestOutputHelper output) : BrokenVariantsTests(output);

    [LongRunning]
    [CorpusPart(3)]
    public class BrokenVariantsPart4Tests(ITestOutputHelper output) : BrokenVariantsTests(output);
}
