using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.CodeFixes.Rules;
using QueueLint.Rules;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.Rules
{
    /// <summary>
    /// What <c>dotnet format analyzers</c> does, step by step: it asks the FIRST diagnostic of a rule for its code
    /// action, and calls the Fix All provider with that action's equivalence key, which is null when that
    /// diagnostic has no fix. The fixable diagnostics after it must still be fixed.
    /// </summary>
    public class FixAllWithoutKeyTests
    {
        private const string Code = """
            using System.IO;
            using System.Threading;
            using Hangfire;

            public interface IMailer { void Send(string to); }
            public class Mailer : IMailer { public string Sender { get; set; } = ""; public void Send(string to) { } }
            public interface IReports { void Build(int month); }
            public class Reports : IReports { [AutomaticRetry(Attempts = 3)] public void Build(int month) { } }

            public class Jobs
            {
                public void Import(Stream stream) { }
                public void Wait(CancellationToken token) { }
            }

            public class Sites
            {
                private readonly IReports _reports;
                private readonly IMailer _mailer;

                public Sites(IReports reports, IMailer mailer)
                {
                    _reports = reports;
                    _mailer = mailer;
                }

                public void Unfixable(Stream stream, string x, string job, string service, string instance)
                {
                    BackgroundJob.Enqueue<Jobs>(j => j.Import(stream));
                    BackgroundJob.Enqueue(() => _reports.Build(1));
                    var configured = new Mailer { Sender = x };
                    BackgroundJob.Enqueue(() => configured.Send(job + service + instance));
                }

                public void Fixable(CancellationToken requestAborted)
                {
                    BackgroundJob.Enqueue<Jobs>(j => j.Wait(requestAborted));
                    BackgroundJob.Enqueue(() => _mailer.Send("a@example.com"));
                    var local = new Mailer { Sender = "shop@example.com" };
                    BackgroundJob.Enqueue(() => local.Send("b@example.com"));
                }
            }
            """;

        public static TheoryData<string> FixedRules() => new() { "QL0002", "QL0006", "QL0008" };

        [Theory]
        [MemberData(nameof(FixedRules))]
        public async Task Fix_all_with_the_first_diagnostics_null_key_fixes_the_others(string id)
        {
            var (fixer, analyzer, expected) = id switch
            {
                "QL0002" => ((CodeFixProvider)new ContextBoundPayloadFixer(), (DiagnosticAnalyzer)new ContextBoundPayloadAnalyzer(), "j.Wait(CancellationToken.None)"),
                "QL0006" => (new CapturedInstanceFixer(), new CapturedInstanceAnalyzer(), "BackgroundJob.Enqueue<Mailer>(x => x.Send(\"b@example.com\"))"),
                _ => (new CapturedInstanceFixer(), new NameServiceTypeAnalyzer(), "BackgroundJob.Enqueue<IMailer>(x => x.Send(\"a@example.com\"))"),
            };

            var text = await NullKeyFixAll.RunAsync(Code, id, fixer, analyzer);
            Assert.Contains(expected, text);
        }
    }
}
