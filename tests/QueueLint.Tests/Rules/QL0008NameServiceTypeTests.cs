using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.NameServiceTypeAnalyzer, QueueLint.CodeFixes.Rules.CapturedInstanceFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0008NameServiceTypeTests
    {
        private static Task VerifyAsync(string source, string? fixedSource = null, params DiagnosticResult[] expected)
            => VerifyAsync(source, fixedSource, expected, remaining: null);

        private static Task VerifyAsync(string source, string? fixedSource, DiagnosticResult[] expected, DiagnosticResult? remaining)
        {
            var test = new Verify.Test();
            if (remaining is { } left)
            {
                test.FixedState.ExpectedDiagnostics.Add(left);
                test.BatchFixedState.ExpectedDiagnostics.Add(left);
            }

            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Services.cs", QL0006CapturedInstanceTests.Services));
            test.ExpectedDiagnostics.AddRange(expected);
            if (fixedSource is not null)
            {
                test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
                test.FixedState.Sources.Add(("/0/Services.cs", QL0006CapturedInstanceTests.Services));
            }

            return test.RunAsync();
        }

        private static DiagnosticResult Info(int location, string job, string receiver, string type, string api, string method)
            => new DiagnosticResult("QL0008", DiagnosticSeverity.Info).WithLocation(location)
                .WithMessage($"Job '{job}' is called on the injected '{receiver}': Hangfire records its runtime class, not '{type}', and activates that class outside its registration; name the service type: {api}<{type}>(x => x.{method}(...))");

        [Fact]
        public Task Constructor_injected_receivers_are_reported_and_rewritten()
            => VerifyAsync("""
                using System;
                using Hangfire;
                using Microsoft.Extensions.DependencyInjection;

                public class Notifications
                {
                    public Notifications(IMailer mailer) => Mailer = mailer;

                    public IMailer Mailer { get; }
                }

                public class Orders
                {
                    private readonly IMailer _mailer;
                    private readonly Notifications _notifications;

                    public Orders(IMailer mailer, Notifications notifications)
                    {
                        _mailer = mailer ?? throw new ArgumentNullException(nameof(mailer));
                        _notifications = notifications;
                    }

                    public void Audit() { }

                    public void Complete(IBackgroundJobClient jobs, IServiceProvider services)
                    {
                        BackgroundJob.Enqueue(() => {|#0:_mailer|}.Send("a@example.com"));
                        jobs.Schedule(() => {|#1:_notifications.Mailer|}.SendAsync("b@example.com"), TimeSpan.FromMinutes(1));
                        var resolved = services.GetRequiredService<IMailer>();
                        BackgroundJob.Enqueue(() => {|#2:resolved|}.Send("c@example.com"));
                        BackgroundJob.Enqueue(() => {|#3:Audit()|});
                    }
                }

                public class Checkout(IMailer mailer)
                {
                    public void Complete() => RecurringJob.AddOrUpdate("mail", () => {|#4:mailer|}.Send("d@example.com"), Cron.Daily());
                }
                """, """
                using System;
                using Hangfire;
                using Microsoft.Extensions.DependencyInjection;

                public class Notifications
                {
                    public Notifications(IMailer mailer) => Mailer = mailer;

                    public IMailer Mailer { get; }
                }

                public class Orders
                {
                    private readonly IMailer _mailer;
                    private readonly Notifications _notifications;

                    public Orders(IMailer mailer, Notifications notifications)
                    {
                        _mailer = mailer ?? throw new ArgumentNullException(nameof(mailer));
                        _notifications = notifications;
                    }

                    public void Audit() { }

                    public void Complete(IBackgroundJobClient jobs, IServiceProvider services)
                    {
                        BackgroundJob.Enqueue<IMailer>(x => x.Send("a@example.com"));
                        jobs.Schedule<IMailer>(x => x.SendAsync("b@example.com"), TimeSpan.FromMinutes(1));
                        var resolved = services.GetRequiredService<IMailer>();
                        BackgroundJob.Enqueue<IMailer>(x => x.Send("c@example.com"));
                        BackgroundJob.Enqueue<Orders>(x => x.Audit());
                    }
                }

                public class Checkout(IMailer mailer)
                {
                    public void Complete() => RecurringJob.AddOrUpdate<IMailer>("mail", x => x.Send("d@example.com"), Cron.Daily());
                }
                """,
                Info(0, "IMailer.Send", "_mailer", "IMailer", "Enqueue", "Send"),
                Info(1, "IMailer.SendAsync", "_notifications.Mailer", "IMailer", "Schedule", "SendAsync"),
                Info(2, "IMailer.Send", "resolved", "IMailer", "Enqueue", "Send"),
                Info(3, "Orders.Audit", "this", "Orders", "Enqueue", "Audit"),
                Info(4, "IMailer.Send", "mailer", "IMailer", "AddOrUpdate", "Send"));

        [Fact]
        public Task The_fix_names_a_service_type_that_is_not_in_scope_as_the_enqueue_call_can_write_it()
            => VerifyAsync("""
                using Hangfire;

                namespace Mail.Sending
                {
                    public interface ISender
                    {
                        void Send(string to);
                    }
                }

                public class Orders
                {
                    private readonly Mail.Sending.ISender _sender;

                    public Orders(Mail.Sending.ISender sender) => _sender = sender;

                    public void Complete() => BackgroundJob.Enqueue(() => {|#0:_sender|}.Send("a@example.com"));
                }
                """, """
                using Hangfire;

                namespace Mail.Sending
                {
                    public interface ISender
                    {
                        void Send(string to);
                    }
                }

                public class Orders
                {
                    private readonly Mail.Sending.ISender _sender;

                    public Orders(Mail.Sending.ISender sender) => _sender = sender;

                    public void Complete() => BackgroundJob.Enqueue<Mail.Sending.ISender>(x => x.Send("a@example.com"));
                }
                """,
                Info(0, "ISender.Send", "_sender", "ISender", "Enqueue", "Send"));

        [Fact]
        public Task No_fix_when_the_implementation_carries_job_filters()
            => VerifyAsync("""
                using Hangfire;

                public interface IReports
                {
                    void Build(int id);
                }

                public class Reports : IReports
                {
                    [AutomaticRetry(Attempts = 0)]
                    public void Build(int id) { }
                }

                public class Orders
                {
                    private readonly IReports _reports;
                    private readonly IMailer _mailer;

                    public Orders(IReports reports, IMailer mailer)
                    {
                        _reports = reports;
                        _mailer = mailer;
                    }

                    public void Complete()
                    {
                        BackgroundJob.Enqueue(() => {|#0:_reports|}.Build(1));
                        BackgroundJob.Enqueue(() => {|#1:_mailer|}.Send("a@example.com"));
                    }
                }
                """, """
                using Hangfire;

                public interface IReports
                {
                    void Build(int id);
                }

                public class Reports : IReports
                {
                    [AutomaticRetry(Attempts = 0)]
                    public void Build(int id) { }
                }

                public class Orders
                {
                    private readonly IReports _reports;
                    private readonly IMailer _mailer;

                    public Orders(IReports reports, IMailer mailer)
                    {
                        _reports = reports;
                        _mailer = mailer;
                    }

                    public void Complete()
                    {
                        BackgroundJob.Enqueue(() => {|#0:_reports|}.Build(1));
                        BackgroundJob.Enqueue<IMailer>(x => x.Send("a@example.com"));
                    }
                }
                """,
                new[] { Info(0, "IReports.Build", "_reports", "IReports", "Enqueue", "Build"), Info(1, "IMailer.Send", "_mailer", "IMailer", "Enqueue", "Send") },
                remaining: Info(0, "IReports.Build", "_reports", "IReports", "Enqueue", "Build"));

        [Fact]
        public Task State_losing_and_unknown_receivers_are_not_this_rule()
            => VerifyAsync("""
                using Hangfire;

                public class Orders
                {
                    private readonly IMailer _created = new Mailer();

                    public void Complete(IMailer given)
                    {
                        BackgroundJob.Enqueue(() => _created.Send("a@example.com"));
                        BackgroundJob.Enqueue(() => given.Send("b@example.com"));
                        BackgroundJob.Enqueue<IMailer>(x => x.Send("c@example.com"));
                    }
                }
                """);
    }
}
