using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.JobContractAnalyzer, QueueLint.CodeFixes.Rules.JobContractFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0060JobContractTests
    {
        private const string Fail = "jobs already queued for it will fail to load; restore it (an overload with the old parameters that forwards to the new method), or remove the line once none is queued";

        private const string Jobs = """
            using System.Threading.Tasks;

            namespace Shop.Jobs
            {
                public class Order { }

                public class Mailer
                {
                    public void Send(int orderId, string template) { }
                    public Task ResendAsync(long orderId) => Task.CompletedTask;
                    public static void Purge() { }

                    public class Digest
                    {
                        public void Build(Order[] orders, int? limit) { }
                    }
                }

                public class Repository<T>
                {
                    public void Save(T item) { }
                    public void Touch<TKey>(TKey key) { }
                }
            }
            """;

        private const string Sites = """
            using Hangfire;
            using Shop.Jobs;

            public class Sites
            {
                public void Run()
                {
                    BackgroundJob.Enqueue<Mailer>(x => x.Send(1, "t"));
                    BackgroundJob.Enqueue<Mailer>(x => x.ResendAsync(1));
                    BackgroundJob.Enqueue(() => Mailer.Purge());
                    BackgroundJob.Enqueue<Mailer.Digest>(x => x.Build(new Order[0], null));
                    BackgroundJob.Enqueue<Repository<Order>>(x => x.Save(new Order()));
                    BackgroundJob.Enqueue<Repository<Order>>(x => x.Touch(5));
                }
            }
            """;

        private static DiagnosticResult Missing(int location, string line)
            => Verify.Diagnostic("QL0060").WithLocation(location).WithSeverity(DiagnosticSeverity.Info)
                .WithMessage($"Job method '{line}' is not in QueueLint.Jobs.txt: add it, so that renaming it or changing its parameters is caught before queued jobs break");

        private static DiagnosticResult Listed(int location, string line, string reason)
            => Verify.Diagnostic("QL0060").WithLocation(location)
                .WithMessage($"Job method '{line}' is listed in QueueLint.Jobs.txt but {reason}: {Fail}");

        [Fact]
        public async Task A_complete_contract_is_quiet_and_documents_the_line_format()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", Jobs));
            test.TestState.Sources.Add(("/0/Sites.cs", Sites));
            test.TestState.AdditionalFiles.Add(("/0/QueueLint.Jobs.txt", """
                # Hangfire job methods: type (nested with +), method, parameter types.
                Shop.Jobs.Mailer+Digest.Build(Shop.Jobs.Order[], int?)
                Shop.Jobs.Mailer.Purge()
                Shop.Jobs.Mailer.ResendAsync(long)
                Shop.Jobs.Mailer.Send(int, string)
                Shop.Jobs.Repository<Shop.Jobs.Order>.Save(Shop.Jobs.Order)
                Shop.Jobs.Repository<Shop.Jobs.Order>.Touch<TKey>(TKey)

                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task Without_a_contract_file_nothing_is_reported()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", Jobs));
            test.TestState.Sources.Add(("/0/Sites.cs", Sites));
            await test.RunAsync();
        }

        [Fact]
        public async Task Removed_renamed_moved_and_changed_methods_and_missing_lines()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                namespace Shop.Jobs
                {
                    public class Mailer
                    {
                        public void {|#0:Send|}(long orderId, string template) { }
                        public void {|#1:Notify|}(int orderId) { }
                        public void Unused(int id) { }
                    }

                    public class Box<T>
                    {
                        public void Run() { }
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;
                using Shop.Jobs;

                public class Sites
                {
                    public void Run()
                    {
                        BackgroundJob.Enqueue<Mailer>(x => x.Send(1, "t"));
                        BackgroundJob.Enqueue<Mailer>(x => x.Notify(1));
                    }
                }
                """));
            test.TestState.AdditionalFiles.Add(("/0/QueueLint.Jobs.txt", """
                {|#2:Shop.Jobs.Mailer.Resend(int)|}
                Shop.Jobs.Mailer.Send(int, string)
                Shop.Jobs.Mailer.Unused(int)
                {|#3:Shop.Jobs.OldMailer.Send(int)|}
                {|#4:Shop.Jobs.Mailer+Gone.Run()|}
                Shop.Jobs.Box<Nowhere.Type>.Run()
                """));
            test.TestState.ExpectedDiagnostics.Add(Listed(0, "Shop.Jobs.Mailer.Send(int, string)", "no method of that name takes these parameter types any more"));
            test.TestState.ExpectedDiagnostics.Add(Missing(0, "Shop.Jobs.Mailer.Send(long, string)"));
            test.TestState.ExpectedDiagnostics.Add(Missing(1, "Shop.Jobs.Mailer.Notify(int)"));
            test.TestState.ExpectedDiagnostics.Add(Listed(2, "Shop.Jobs.Mailer.Resend(int)", "the method no longer exists"));
            test.TestState.ExpectedDiagnostics.Add(Listed(3, "Shop.Jobs.OldMailer.Send(int)", "its type no longer exists"));
            test.TestState.ExpectedDiagnostics.Add(Listed(4, "Shop.Jobs.Mailer+Gone.Run()", "its type no longer exists"));
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_all_adds_missing_lines_in_sorted_place_and_forwards_changed_signatures()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                using System.Threading.Tasks;

                namespace Shop.Jobs
                {
                    public class Mailer
                    {
                        public void {|#0:Send|}(long orderId, string template, bool urgent = false) { }

                        public static Task {|#1:PurgeAsync|}(int days) => Task.CompletedTask;

                        public void {|#2:Archive|}(System.Guid id, int reason) { }
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;
                using Shop.Jobs;

                public class Sites
                {
                    public void Run()
                    {
                        BackgroundJob.Enqueue<Mailer>(x => x.Send(1, "t", false));
                        BackgroundJob.Enqueue(() => Mailer.PurgeAsync(3));
                        BackgroundJob.Enqueue<Mailer>(x => x.Archive(System.Guid.Empty, 1));
                    }
                }
                """));
            test.TestState.AdditionalFiles.Add(("/0/QueueLint.Jobs.txt", """
                # Job methods of Shop.
                Shop.Jobs.Mailer.Archive(System.Guid)
                Shop.Jobs.Mailer.Send(int, string)
                Shop.Jobs.Mailer.Send(string, int, string)

                """));
            test.TestState.ExpectedDiagnostics.Add(Listed(0, "Shop.Jobs.Mailer.Send(int, string)", "no method of that name takes these parameter types any more"));
            test.TestState.ExpectedDiagnostics.Add(Listed(0, "Shop.Jobs.Mailer.Send(string, int, string)", "no method of that name takes these parameter types any more"));
            test.TestState.ExpectedDiagnostics.Add(Listed(2, "Shop.Jobs.Mailer.Archive(System.Guid)", "no method of that name takes these parameter types any more"));
            test.TestState.ExpectedDiagnostics.Add(Missing(0, "Shop.Jobs.Mailer.Send(long, string, bool)"));
            test.TestState.ExpectedDiagnostics.Add(Missing(1, "Shop.Jobs.Mailer.PurgeAsync(int)"));
            test.TestState.ExpectedDiagnostics.Add(Missing(2, "Shop.Jobs.Mailer.Archive(System.Guid, int)"));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                using System.Threading.Tasks;

                namespace Shop.Jobs
                {
                    public class Mailer
                    {
                        public void {|#0:Send|}(long orderId, string template, bool urgent = false) { }

                        // Loads jobs queued with the signature listed in QueueLint.Jobs.txt.
                        public void Send(int orderId, string template) => Send((long)orderId, template, urgent: false);

                        public static Task PurgeAsync(int days) => Task.CompletedTask;

                        public void {|#2:Archive|}(System.Guid id, int reason) { }
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Sites.cs", """
                using Hangfire;
                using Shop.Jobs;

                public class Sites
                {
                    public void Run()
                    {
                        BackgroundJob.Enqueue<Mailer>(x => x.Send(1, "t", false));
                        BackgroundJob.Enqueue(() => Mailer.PurgeAsync(3));
                        BackgroundJob.Enqueue<Mailer>(x => x.Archive(System.Guid.Empty, 1));
                    }
                }
                """));
            test.FixedState.AdditionalFiles.Add(("/0/QueueLint.Jobs.txt", """
                # Job methods of Shop.
                Shop.Jobs.Mailer.Archive(System.Guid)
                Shop.Jobs.Mailer.Archive(System.Guid, int)
                Shop.Jobs.Mailer.PurgeAsync(int)
                Shop.Jobs.Mailer.Send(int, string)
                Shop.Jobs.Mailer.Send(long, string, bool)
                Shop.Jobs.Mailer.Send(string, int, string)

                """));
            test.FixedState.ExpectedDiagnostics.Add(Listed(0, "Shop.Jobs.Mailer.Send(string, int, string)", "no method of that name takes these parameter types any more"));
            test.FixedState.ExpectedDiagnostics.Add(Listed(2, "Shop.Jobs.Mailer.Archive(System.Guid)", "no method of that name takes these parameter types any more"));
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
            // The unfixable findings keep a no-op action (see the fixer), which costs one more round each way.
            test.NumberOfFixAllIterations = 2;
            test.NumberOfIncrementalIterations = 5;
            await test.RunAsync();
        }

        [Fact]
        public async Task The_old_signature_forwards_to_the_overload_it_maps_to_when_the_reported_method_has_gained_a_token()
        {
            // As after a QL0050 fix: the method took a token and kept its old signature as an overload. The listed
            // (int, string) cannot forward to (int, CancellationToken); it forwards to (int).
            const string sites = """
                using System.Threading;
                using Hangfire;
                using Shop.Jobs;

                public class Sites
                {
                    public void Run() => BackgroundJob.Enqueue<Mailer>(x => x.Thank(1, CancellationToken.None));
                }
                """;
            const string contract = """
                Shop.Jobs.Mailer.Thank(int)
                Shop.Jobs.Mailer.Thank(int, string)
                Shop.Jobs.Mailer.Thank(int, System.Threading.CancellationToken)

                """;
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Jobs.cs", """
                using System.Threading;
                using System.Threading.Tasks;

                namespace Shop.Jobs
                {
                    public class Mailer
                    {
                        public Task {|#0:Thank|}(int orderId, CancellationToken cancellationToken) => Task.Delay(orderId, cancellationToken);

                        public Task Thank(int orderId) => Thank(orderId, CancellationToken.None);
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Sites.cs", sites));
            test.TestState.AdditionalFiles.Add(("/0/QueueLint.Jobs.txt", contract));
            test.TestState.ExpectedDiagnostics.Add(Listed(0, "Shop.Jobs.Mailer.Thank(int, string)", "no method of that name takes these parameter types any more"));
            test.FixedState.Sources.Add(("/0/Jobs.cs", """
                using System.Threading;
                using System.Threading.Tasks;

                namespace Shop.Jobs
                {
                    public class Mailer
                    {
                        public Task Thank(int orderId, CancellationToken cancellationToken) => Task.Delay(orderId, cancellationToken);

                        public Task Thank(int orderId) => Thank(orderId, CancellationToken.None);

                        // Loads jobs queued with the signature listed in QueueLint.Jobs.txt.
                        public Task Thank(int orderId, string unused2) => Thank(orderId);
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Sites.cs", sites));
            test.FixedState.AdditionalFiles.Add(("/0/QueueLint.Jobs.txt", contract));
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
            await test.RunAsync();
        }
    }
}
