using System;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.DependencyInjection;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0006 and QL0008: Hangfire evaluates the receiver of a job expression when the job is created, records
    /// its runtime type and the method, and runs the job on a new instance from the job activator.
    /// </summary>
    public sealed class CapturedInstanceRuntimeTests : IDisposable
    {
        public CapturedInstanceRuntimeTests() => Observed.Clear();

        public void Dispose() => Observed.Clear();

        [Fact]
        public void QL0006_a_local_configured_before_enqueue_runs_as_a_new_instance_and_its_state_is_lost()
        {
            using var hangfire = new HangfireHarness();
            var mailer = new Mailer { Sender = "shop@example.com" };

            var jobId = hangfire.Client.Enqueue(() => mailer.Send("a@example.com"));

            hangfire.AssertSucceeded(jobId);
            Assert.Equal(Mailer.DefaultSender, Observed.Get("sender"));
            Assert.NotEqual(mailer.InstanceId, Observed.Get("instance"));
        }

        [Fact]
        public void QL0006_state_passed_as_a_job_argument_arrives()
        {
            using var hangfire = new HangfireHarness();

            var jobId = hangfire.Client.Enqueue<Mailer>(x => x.SendFrom("shop@example.com", "a@example.com"));

            hangfire.AssertSucceeded(jobId);
            Assert.Equal("shop@example.com", Observed.Get("sender"));
        }

        [Fact]
        public void QL0006_the_generic_form_records_the_same_job_and_makes_the_new_instance_visible()
        {
            using var hangfire = new HangfireHarness();
            var mailer = new Mailer { Sender = "shop@example.com" };

            var captured = hangfire.Client.Enqueue(() => mailer.Send("a@example.com"));
            var generic = hangfire.Client.Enqueue<Mailer>(x => x.Send("a@example.com"));

            hangfire.AssertSucceeded(captured);
            hangfire.AssertSucceeded(generic);
            using var connection = hangfire.Storage.GetConnection();
            var first = connection.GetJobData(captured).Job;
            var second = connection.GetJobData(generic).Job;
            Assert.Equal(first.Type, second.Type);
            Assert.Equal(first.Method, second.Method);
            Assert.Equal(Mailer.DefaultSender, Observed.Get("sender"));
        }

        [Fact]
        public void QL0006_this_in_a_controller_runs_without_the_request()
        {
            using var hangfire = new HangfireHarness();
            var controller = new OrdersController();
            controller.ControllerContext = new Microsoft.AspNetCore.Mvc.ControllerContext
            {
                HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext
                {
                    User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                        new[] { new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "alice") }, "test")),
                },
            };

            var jobId = controller.Post(hangfire.Client);

            hangfire.AssertSucceeded(jobId);
            Assert.Equal("alice", controller.User.Identity!.Name);
            Assert.Equal("no request", Observed.Get("user"));
        }

        [Fact]
        public void QL0008_an_injected_singleton_is_recorded_as_its_class_and_the_job_gets_a_new_instance_outside_the_registration()
        {
            var services = new ServiceCollection();
            services.AddSingleton<IMailer>(_ => new Mailer { Sender = "registered@example.com" });
            using var provider = services.BuildServiceProvider();
            using var hangfire = new HangfireHarness(new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
            var injected = provider.GetRequiredService<IMailer>();

            var jobId = hangfire.Client.Enqueue(() => injected.Send("a@example.com"));

            hangfire.AssertSucceeded(jobId);
            using var connection = hangfire.Storage.GetConnection();
            Assert.Equal(typeof(Mailer), connection.GetJobData(jobId).Job.Type);
            Assert.NotEqual(((Mailer)injected).InstanceId, Observed.Get("instance"));
            Assert.Equal(Mailer.DefaultSender, Observed.Get("sender"));
        }

        [Fact]
        public void QL0008_the_generic_form_runs_the_registered_service()
        {
            var services = new ServiceCollection();
            services.AddSingleton<IMailer>(_ => new Mailer { Sender = "registered@example.com" });
            using var provider = services.BuildServiceProvider();
            using var hangfire = new HangfireHarness(new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
            var injected = provider.GetRequiredService<IMailer>();

            var jobId = hangfire.Client.Enqueue<IMailer>(x => x.Send("a@example.com"));

            hangfire.AssertSucceeded(jobId);
            using var connection = hangfire.Storage.GetConnection();
            Assert.Equal(typeof(IMailer), connection.GetJobData(jobId).Job.Type);
            Assert.Equal(((Mailer)injected).InstanceId, Observed.Get("instance"));
            Assert.Equal("registered@example.com", Observed.Get("sender"));
        }

        [Fact]
        public void QL0008_a_decorator_built_by_its_registration_cannot_be_activated_as_its_class()
        {
            var services = new ServiceCollection();
            services.AddSingleton<IMailer>(_ => new AuditingMailer(new Mailer()));
            using var provider = services.BuildServiceProvider();
            using var hangfire = new HangfireHarness(new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
            var injected = provider.GetRequiredService<IMailer>();

            var captured = hangfire.Client.Enqueue(() => injected.Send("a@example.com"));
            var failure = hangfire.AssertFailed(captured);
            Assert.Contains("Unable to resolve service for type", failure);

            var generic = hangfire.Client.Enqueue<IMailer>(x => x.Send("b@example.com"));
            hangfire.AssertSucceeded(generic);
            Assert.Equal("b@example.com", Observed.Get("audited"));
        }

        [AutomaticRetry(Attempts = 0)]
        public interface IMailer
        {
            void Send(string to);
        }

        public class Mailer : IMailer
        {
            public const string DefaultSender = "noreply@example.com";

            public Guid InstanceId { get; } = Guid.NewGuid();

            public string Sender { get; set; } = DefaultSender;

            public void Send(string to)
            {
                Observed.Record("sender", Sender);
                Observed.Record("instance", InstanceId);
                Observed.Record("audited", null);
            }

            public void SendFrom(string sender, string to) => Observed.Record("sender", sender);
        }

        /// <summary>Registered in front of <see cref="Mailer"/>, the way decorators are.</summary>
        [AutomaticRetry(Attempts = 0)]
        public class AuditingMailer : IMailer
        {
            private readonly Mailer _inner;

            public AuditingMailer(Mailer inner) => _inner = inner;

            public void Send(string to)
            {
                _inner.Send(to);
                Observed.Record("audited", to);
            }
        }

        public class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            public string Post(IBackgroundJobClient jobs) => jobs.Enqueue(() => Audit());

            public void Audit() => Observed.Record("user", HttpContext?.User.Identity?.Name ?? "no request");
        }
    }
}
