using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.CapturedInstanceAnalyzer, QueueLint.CodeFixes.Rules.CapturedInstanceFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0006CapturedInstanceTests
    {
        internal const string Services = """
            using System.Threading.Tasks;

            public interface IMailer
            {
                void Send(string to);
                Task SendAsync(string to);
            }

            public class Mailer : IMailer
            {
                public Mailer() { }
                public Mailer(string sender) => Sender = sender;
                public string Sender { get; set; } = "noreply@example.com";
                public string LastRecipient = "";
                public void Send(string to) => LastRecipient = to;
                public Task SendAsync(string to) => Task.CompletedTask;
                public static void Broadcast(string text) { }
            }
            """;

        private static Task VerifyAsync(string source, string? fixedSource = null, params DiagnosticResult[] expected)
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Services.cs", Services));
            test.ExpectedDiagnostics.AddRange(expected);
            if (fixedSource is not null)
            {
                test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
                test.FixedState.Sources.Add(("/0/Services.cs", Services));
            }

            return test.RunAsync();
        }

        private static string Message(string job, string receiver, string lost, string api, string type, string method)
            => $"Job '{job}' is called on '{receiver}', but Hangfire stores only the type and method and runs the job on a new instance: {lost} will not be there; pass that state as job arguments, and write the generic form {api}<{type}>(x => x.{method}(...)) to make it explicit";

        [Fact]
        public Task Locals_and_parameters_built_or_configured_here_are_reported_and_rewritten()
            => VerifyAsync("""
                using System;
                using Hangfire;

                public class Checkout
                {
                    public void Complete(Mailer configured, Mailer given, string parentId)
                    {
                        var withProperties = new Mailer { Sender = "shop@example.com" };
                        BackgroundJob.Enqueue(() => {|#0:withProperties|}.Send("a@example.com"));

                        var withArguments = new Mailer("shop@example.com");
                        BackgroundJob.Schedule(() => {|#1:withArguments|}.SendAsync("b@example.com"), TimeSpan.FromMinutes(5));

                        var plain = new Mailer();
                        plain.Sender = "ops@example.com";
                        BackgroundJob.ContinueJobWith(parentId, () => {|#2:plain|}.Send("c@example.com"));

                        configured.Sender = "ops@example.com";
                        BackgroundJob.Enqueue(() => {|#3:configured|}.Send("d@example.com"));

                        // Nothing known about what the caller passed: not reported.
                        BackgroundJob.Enqueue(() => given.Send("e@example.com"));
                    }
                }
                """, """
                using System;
                using Hangfire;

                public class Checkout
                {
                    public void Complete(Mailer configured, Mailer given, string parentId)
                    {
                        var withProperties = new Mailer { Sender = "shop@example.com" };
                        BackgroundJob.Enqueue<Mailer>(x => x.Send("a@example.com"));

                        var withArguments = new Mailer("shop@example.com");
                        BackgroundJob.Schedule<Mailer>(x => x.SendAsync("b@example.com"), TimeSpan.FromMinutes(5));

                        var plain = new Mailer();
                        plain.Sender = "ops@example.com";
                        BackgroundJob.ContinueJobWith<Mailer>(parentId, x => x.Send("c@example.com"));

                        configured.Sender = "ops@example.com";
                        BackgroundJob.Enqueue<Mailer>(x => x.Send("d@example.com"));

                        // Nothing known about what the caller passed: not reported.
                        BackgroundJob.Enqueue(() => given.Send("e@example.com"));
                    }
                }
                """,
                Verify.Diagnostic("QL0006").WithLocation(0).WithMessage(Message("Mailer.Send", "withProperties", "the properties set on 'withProperties' here ('Sender')", "Enqueue", "Mailer", "Send")),
                Verify.Diagnostic("QL0006").WithLocation(1).WithMessage(Message("Mailer.SendAsync", "withArguments", "the constructor arguments 'withArguments' was created with here", "Schedule", "Mailer", "SendAsync")),
                Verify.Diagnostic("QL0006").WithLocation(2).WithMessage(Message("Mailer.Send", "plain", "the properties set on 'plain' here ('Sender')", "ContinueJobWith", "Mailer", "Send")),
                Verify.Diagnostic("QL0006").WithLocation(3).WithMessage(Message("Mailer.Send", "configured", "the properties set on 'configured' here ('Sender')", "Enqueue", "Mailer", "Send")));

        [Fact]
        public Task Fields_not_injected_through_the_constructor_are_reported()
            => VerifyAsync("""
                using Hangfire;

                public class Settings
                {
                    public Mailer Mailer { get; set; } = new Mailer();
                }

                public class Checkout
                {
                    private readonly IMailer _created = new Mailer();
                    private readonly IMailer _builtInConstructor;
                    private IMailer? _assignedLater;
                    private readonly Settings _settings = new Settings();

                    public Checkout() => _builtInConstructor = new Mailer("shop@example.com");

                    public void Configure(IMailer mailer) => _assignedLater = mailer;

                    public void Complete()
                    {
                        BackgroundJob.Enqueue(() => {|#0:_created|}.Send("a@example.com"));
                        BackgroundJob.Enqueue(() => {|#1:_builtInConstructor|}.Send("b@example.com"));
                        BackgroundJob.Enqueue(() => {|#2:_assignedLater|}!.Send("c@example.com"));
                        RecurringJob.AddOrUpdate("mail", () => {|#3:_settings.Mailer|}.Send("d@example.com"), Cron.Daily());
                    }
                }
                """, """
                using Hangfire;

                public class Settings
                {
                    public Mailer Mailer { get; set; } = new Mailer();
                }

                public class Checkout
                {
                    private readonly IMailer _created = new Mailer();
                    private readonly IMailer _builtInConstructor;
                    private IMailer? _assignedLater;
                    private readonly Settings _settings = new Settings();

                    public Checkout() => _builtInConstructor = new Mailer("shop@example.com");

                    public void Configure(IMailer mailer) => _assignedLater = mailer;

                    public void Complete()
                    {
                        BackgroundJob.Enqueue<IMailer>(x => x.Send("a@example.com"));
                        BackgroundJob.Enqueue<IMailer>(x => x.Send("b@example.com"));
                        BackgroundJob.Enqueue<IMailer>(x => x.Send("c@example.com"));
                        RecurringJob.AddOrUpdate<Mailer>("mail", x => x.Send("d@example.com"), Cron.Daily());
                    }
                }
                """,
                Verify.Diagnostic("QL0006").WithLocation(0).WithMessage(Message("IMailer.Send", "_created", "the instance in '_created', created by its initializer", "Enqueue", "IMailer", "Send")),
                Verify.Diagnostic("QL0006").WithLocation(1).WithMessage(Message("IMailer.Send", "_builtInConstructor", "the instance in '_builtInConstructor', created in the constructor, not by the container", "Enqueue", "IMailer", "Send")),
                Verify.Diagnostic("QL0006").WithLocation(2).WithMessage(Message("IMailer.Send", "_assignedLater", "the value assigned to '_assignedLater' in 'Configure'", "Enqueue", "IMailer", "Send")),
                Verify.Diagnostic("QL0006").WithLocation(3).WithMessage(Message("Mailer.Send", "_settings.Mailer", "the instance in 'Mailer', created by its initializer", "AddOrUpdate", "Mailer", "Send")));

        [Fact]
        public Task This_in_a_controller_page_model_hub_or_stateful_type_is_reported()
            => VerifyAsync("""
                using Hangfire;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.RazorPages;
                using Microsoft.AspNetCore.SignalR;

                public class OrdersController : ControllerBase
                {
                    public void Audit() { }

                    public IActionResult Post()
                    {
                        BackgroundJob.Enqueue(() => {|#0:Audit()|});
                        return Ok();
                    }
                }

                public class OrderPage : PageModel
                {
                    public void Audit() { }

                    public void OnPost() => BackgroundJob.Enqueue(() => {|#1:this|}.Audit());
                }

                public class ChatHub : Hub
                {
                    public void Audit() { }

                    public void Send() => BackgroundJob.Enqueue(() => {|#2:this|}.Audit());
                }

                public class Counter
                {
                    private int _count;

                    public void Add() => _count++;

                    public void Report() { }

                    public void Schedule()
                    {
                        _count = 5;
                        BackgroundJob.Enqueue(() => {|#3:Report()|});
                    }
                }
                """, """
                using Hangfire;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.RazorPages;
                using Microsoft.AspNetCore.SignalR;

                public class OrdersController : ControllerBase
                {
                    public void Audit() { }

                    public IActionResult Post()
                    {
                        BackgroundJob.Enqueue<OrdersController>(x => x.Audit());
                        return Ok();
                    }
                }

                public class OrderPage : PageModel
                {
                    public void Audit() { }

                    public void OnPost() => BackgroundJob.Enqueue<OrderPage>(x => x.Audit());
                }

                public class ChatHub : Hub
                {
                    public void Audit() { }

                    public void Send() => BackgroundJob.Enqueue<ChatHub>(x => x.Audit());
                }

                public class Counter
                {
                    private int _count;

                    public void Add() => _count++;

                    public void Report() { }

                    public void Schedule()
                    {
                        _count = 5;
                        BackgroundJob.Enqueue<Counter>(x => x.Report());
                    }
                }
                """,
                Verify.Diagnostic("QL0006").WithLocation(0).WithMessage(Message("OrdersController.Audit", "this", "the request the controller 'OrdersController' serves (HttpContext, User, ModelState are not set on the new instance)", "Enqueue", "OrdersController", "Audit")),
                Verify.Diagnostic("QL0006").WithLocation(1).WithMessage(Message("OrderPage.Audit", "this", "the request the page model 'OrderPage' serves (HttpContext, User and bound properties are not set on the new instance)", "Enqueue", "OrderPage", "Audit")),
                Verify.Diagnostic("QL0006").WithLocation(2).WithMessage(Message("ChatHub.Audit", "this", "the connection the hub 'ChatHub' serves (Context, Clients and Groups are not set on the new instance)", "Enqueue", "ChatHub", "Audit")),
                Verify.Diagnostic("QL0006").WithLocation(3).WithMessage(Message("Counter.Report", "this", "the value of '_count' set in 'Add'", "Enqueue", "Counter", "Report")));

        [Fact]
        public Task Injected_services_static_methods_and_the_generic_form_are_not_reported()
            => VerifyAsync("""
                using System;
                using Hangfire;
                using Microsoft.Extensions.DependencyInjection;

                public class Checkout(IMailer primary)
                {
                    private readonly IMailer _mailer = primary;
                }

                public class Orders
                {
                    private readonly IMailer _mailer;

                    public Orders(IMailer mailer) => _mailer = mailer ?? throw new ArgumentNullException(nameof(mailer));

                    public void Work() { }

                    public void Complete(IBackgroundJobClient jobs, IServiceProvider services)
                    {
                        BackgroundJob.Enqueue(() => _mailer.Send("a@example.com"));
                        BackgroundJob.Enqueue(() => Work());
                        var resolved = services.GetRequiredService<IMailer>();
                        BackgroundJob.Enqueue(() => resolved.Send("b@example.com"));
                        BackgroundJob.Enqueue(() => Mailer.Broadcast("hello"));
                        BackgroundJob.Enqueue<IMailer>(x => x.Send("c@example.com"));
                        jobs.Enqueue<Mailer>(mailer => mailer.SendAsync("d@example.com"));
                    }
                }
                """);

        [Fact]
        public Task Lambda_parameter_name_avoids_names_in_scope()
            => VerifyAsync("""
                using Hangfire;

                public class Checkout
                {
                    private readonly IMailer _mailer = new Mailer();

                    public void Complete(string x) => BackgroundJob.Enqueue(() => {|QL0006:_mailer|}.Send(x));
                }
                """, """
                using Hangfire;

                public class Checkout
                {
                    private readonly IMailer _mailer = new Mailer();

                    public void Complete(string x) => BackgroundJob.Enqueue<IMailer>(job => job.Send(x));
                }
                """);
    }
}
