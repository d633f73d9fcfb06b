using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.PayloadComputedAtEnqueueAnalyzer, QueueLint.CodeFixes.Rules.PayloadComputedAtEnqueueFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0003PayloadComputedAtEnqueueTests
    {
        private const string Mail = """
            using System.Collections.Generic;

            public record Digest(int Count, string[] Recipients);

            public class Mailer
            {
                public void Send(string[] recipients, string subject) { }
                public void SendDigest(Digest digest) { }
                public void Note(string text, int count) { }
                public string[] Prepare(string[] recipients) => recipients;
            }

            public class Directory
            {
                public string[] GetRecipients() => new[] { "a@example.com" };
                public string LoadSubject(int id) => "s" + id;
                public int Count() => 1;
            }
            """;

        private static Task VerifyAsync(string source, string fixedSource)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Mail.cs", Mail));
            test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
            test.FixedState.Sources.Add(("/0/Mail.cs", Mail));
            return test.RunAsync();
        }

        [Fact]
        public Task Calls_in_job_arguments_move_to_locals_before_the_statement()
            => VerifyAsync("""
                using Hangfire;

                public class Caller
                {
                    public void Run(Directory directory, int id)
                    {
                        BackgroundJob.Enqueue<Mailer>(x => x.Send({|QL0003:directory.GetRecipients()|}, {|QL0003:directory.LoadSubject(id)|}));
                        BackgroundJob.Enqueue<Mailer>(x => x.SendDigest(new Digest({|QL0003:directory.Count()|}, new[] { "b@example.com" })));
                    }
                }
                """, """
                using Hangfire;

                public class Caller
                {
                    public void Run(Directory directory, int id)
                    {
                        var recipients = directory.GetRecipients();
                        var subject = directory.LoadSubject(id);
                        BackgroundJob.Enqueue<Mailer>(x => x.Send(recipients, subject));
                        var count = directory.Count();
                        BackgroundJob.Enqueue<Mailer>(x => x.SendDigest(new Digest(count, new[] { "b@example.com" })));
                    }
                }
                """);

        [Fact]
        public Task Message_names_the_call_and_the_job()
            => Verify.VerifyAnalyzerAsync("""
                using Hangfire;

                public class Directory
                {
                    public string[] GetRecipients() => new[] { "a@example.com" };
                }

                public class Mailer
                {
                    public void Send(string[] recipients) { }
                }

                public class Caller
                {
                    public void Run(Directory directory) => BackgroundJob.Enqueue<Mailer>(x => x.Send({|#0:directory.GetRecipients()|}));
                }
                """,
                Verify.Diagnostic("QL0003").WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
                    .WithMessage("'GetRecipients(...)' runs when job 'Mailer.Send' is enqueued, not when it runs; extract it to a local to make that explicit, or compute it in the job"));

        [Fact]
        public Task Property_reads_literals_nameof_values_and_formatting_are_fine()
        {
            const string Source = """
                using System;
                using System.Linq;
                using Hangfire;

                public class Caller
                {
                    public string Name { get; set; } = "";

                    public void Run(int id, string[] list, Directory directory)
                    {
                        BackgroundJob.Enqueue<Mailer>(x => x.Note(Name, id));
                        BackgroundJob.Enqueue<Mailer>(x => x.Note(nameof(Caller), 3));
                        BackgroundJob.Enqueue<Mailer>(x => x.Note(id.ToString(), Math.Max(id, 1)));
                        BackgroundJob.Enqueue<Mailer>(x => x.Note(string.Join(",", list), list.Length));
                        BackgroundJob.Enqueue<Mailer>(x => x.Note(Guid.NewGuid().ToString("N"), DateTime.UtcNow.Day));
                        BackgroundJob.Enqueue<Mailer>(x => x.Send(list.Where(r => r.Length > 0).ToArray(), $"{id}"));
                        BackgroundJob.Enqueue<Mailer>(x => x.SendDigest(new Digest(id, list)));
                        BackgroundJob.Enqueue<Mailer>(x => x.Send(x.Prepare(list), "reads the job's own instance"));
                    }
                }
                """;
            return VerifyAsync(Source, Source);
        }

        [Fact]
        public Task No_fix_outside_a_block_but_still_reported()
        {
            const string Source = """
                using Hangfire;

                public class Caller
                {
                    public string Run(Directory directory) => BackgroundJob.Enqueue<Mailer>(x => x.Send({|QL0003:directory.GetRecipients()|}, "s"));
                }
                """;
            return VerifyAsync(Source, Source);
        }

        [Fact]
        public Task Names_do_not_clash_with_names_in_scope()
            => VerifyAsync("""
                using Hangfire;

                public class Caller
                {
                    public void Run(Directory directory, string[] recipients)
                    {
                        BackgroundJob.Enqueue<Mailer>(x => x.Send({|QL0003:directory.GetRecipients()|}, "s"));
                        var subject = "later";
                        BackgroundJob.Enqueue<Mailer>(x => x.Send(recipients, {|QL0003:directory.LoadSubject(1)|}));
                    }
                }
                """, """
                using Hangfire;

                public class Caller
                {
                    public void Run(Directory directory, string[] recipients)
                    {
                        var recipients2 = directory.GetRecipients();
                        BackgroundJob.Enqueue<Mailer>(x => x.Send(recipients2, "s"));
                        var subject = "later";
                        var subject2 = directory.LoadSubject(1);
                        BackgroundJob.Enqueue<Mailer>(x => x.Send(recipients, subject2));
                    }
                }
                """);
    }
}
