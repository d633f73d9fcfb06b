using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.CodeFixes.Rules;
using QueueLint.Rules;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.Rules
{
    /// <summary>
    /// <c>dotnet format analyzers</c> asks a rule's FIRST finding for its code action and runs Fix All with that
    /// action's equivalence key, null when the finding has no fix. For each error-feedback rule the first finding
    /// here cannot be fixed (a fixed signature, no way to report); the ones after it must still be fixed.
    /// </summary>
    public class ErrorFeedbackFixAllWithoutKeyTests
    {
        private const string Code = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Hangfire;
            using Microsoft.Extensions.Logging;

            public interface ITick { void Tick(); int Count(); }

            // Two constructors: no logger can be added, and the interface fixes the signatures of Tick and Count.
            public class AUnfixable : ITick
            {
                public AUnfixable() { }
                public AUnfixable(int delay) { }

                public async void Tick() => await Task.Delay(1);

                public int Count()
                {
                    try { Tick(); }
                    catch (Exception) { }
                    _ = new HttpClient().GetAsync("https://a");
                    return 1;
                }
            }

            public class BFixable
            {
                private readonly ILogger<BFixable> _logger;
                public BFixable(ILogger<BFixable> logger) => _logger = logger;

                public async Task Send(int orderId)
                {
                    try { await new HttpClient().GetAsync("https://b"); }
                    catch (Exception) { }
                    _ = new HttpClient().GetAsync("https://c");
                    Notify();
                    await Task.Yield();
                }

                private async void Notify() => await Task.Delay(1);
            }

            public class Web
            {
                public void Post()
                {
                    BackgroundJob.Enqueue<AUnfixable>(x => x.Count());
                    BackgroundJob.Enqueue<BFixable>(x => x.Send(1));
                }
            }
            """;

        public static TheoryData<string> Rules() => new() { "QL0010", "QL0011", "QL0012", "QL0013" };

        [Theory]
        [MemberData(nameof(Rules))]
        public async Task Fix_all_with_the_first_findings_null_key_fixes_the_others(string id)
        {
            var (fixer, analyzer, expected) = id switch
            {
                "QL0010" => ((CodeFixProvider)new AsyncVoidJobFixer(), (DiagnosticAnalyzer)new AsyncVoidJobAnalyzer(), "private async Task Notify()"),
                "QL0011" => (new ReportJobFailuresFixer(), new ReportJobFailuresAnalyzer(), "_logger.LogError(ex, \"Job {Job} failed for {OrderId}\", \"BFixable.Send\", orderId);"),
                "QL0012" => (new SwallowedExceptionFixer(), new SwallowedExceptionAnalyzer(), "catch (Exception ex)"),
                _ => (new UnobservedTaskFixer(), new UnobservedTaskAnalyzer(), "await new HttpClient().GetAsync(\"https://c\");"),
            };

            var text = await NullKeyFixAll.RunAsync(Code, id, fixer, analyzer);
            Assert.Contains(expected, text);

            // The unfixable class is left as it was.
            var unfixable = Code.Substring(Code.IndexOf("public class AUnfixable", System.StringComparison.Ordinal), Code.IndexOf("public class BFixable", System.StringComparison.Ordinal) - Code.IndexOf("public class AUnfixable", System.StringComparison.Ordinal));
            Assert.Contains(unfixable, text);
        }
    }
}
