using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using QueueLint.Rules;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.SecretInPayloadAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0005SecretInPayloadTests
    {
        [Fact]
        public Task Job_parameters_data_map_keys_and_message_values_with_sensitive_names()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Hangfire;
                using MassTransit;
                using Quartz;

                public record UserSignedUp(int UserId);

                public class Jobs
                {
                    public void Reset(int userId, string password) { }
                    public void Call(string apiKey, string api_key, string creditCardNumber, byte[] secret) { }
                    public void Fine(string hash, string lessNotes, int tokenCount, string userName) { }
                }

                public class Caller
                {
                    public async Task Run(IPublishEndpoint bus, JobDataMap map, string x, string password, byte[] bytes)
                    {
                        BackgroundJob.Enqueue<Jobs>(j => j.Reset(1, {|#0:x|}));
                        BackgroundJob.Enqueue<Jobs>(j => j.Call({|QL0005:"k1"|}, {|QL0005:"k2"|}, {|QL0005:"4111"|}, {|QL0005:bytes|}));
                        BackgroundJob.Enqueue<Jobs>(j => j.Fine(password, "n", 3, "bob"));
                        map["accessToken"] = {|QL0005:x|};
                        map["retries"] = 3;
                        await bus.Publish<UserSignedUp>(new { UserId = 1, Password = {|QL0005:password|} });
                    }
                }
                """,
                Verify.Diagnostic("QL0005").WithLocation(0)
                    .WithMessage("Job 'Jobs.Reset' carries 'password', which looks like a secret: job storage keeps it in clear text and dashboards show it"));

        [Fact]
        public Task Message_properties_are_reported_once_on_the_property()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using MassTransit;

                public class PaymentRequested
                {
                    public int OrderId { get; init; }
                    public string {|#0:CardNumber|} { get; init; } = "";
                    public string {|QL0005:Cvv|} { get; init; } = "";
                    public CancellationToken Token { get; init; }
                }

                public record InviteSent(string Email, string {|QL0005:InviteToken|});

                public class PaymentConsumer : IConsumer<PaymentRequested>
                {
                    public Task Consume(ConsumeContext<PaymentRequested> context) => Task.CompletedTask;
                }

                public class AuditConsumer : IConsumer<PaymentRequested>
                {
                    public Task Consume(ConsumeContext<PaymentRequested> context) => Task.CompletedTask;
                }

                public class Inviter
                {
                    public Task Invite(IPublishEndpoint bus) => bus.Publish(new InviteSent("a@example.com", "t"));
                }
                """,
                Verify.Diagnostic("QL0005").WithLocation(0)
                    .WithMessage("Message 'PaymentRequested' carries 'CardNumber', which looks like a secret: job storage keeps it in clear text and dashboards show it"));

        [Fact]
        public Task Sensitive_names_are_configurable()
        {
            var test = new Verify.Test { EditorConfig = "QL0005.sensitive_names = pin, national_id" };
            test.TestState.Sources.Add("""
                using Hangfire;

                public class Jobs
                {
                    public void Verify(string pin, string nationalId, string password) { }
                }

                public class Caller
                {
                    public void Run() => BackgroundJob.Enqueue<Jobs>(j => j.Verify({|QL0005:"1234"|}, {|QL0005:"X"|}, "not reported any more"));
                }
                """);
            return test.RunAsync();
        }

        [Fact]
        public Task Payload_objects_holding_two_kinds_of_personal_data_are_suggestions()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;
                using Hangfire;
                using MassTransit;

                public class Address { public string Street { get; set; } = ""; public string PostCode { get; set; } = ""; }

                public class CustomerDetails
                {
                    public int Id { get; set; }
                    public string FirstName { get; set; } = "";
                    public string LastName { get; set; } = "";
                    public string Email { get; set; } = "";
                    public string? MobilePhone { get; set; }
                    public Address HomeAddress { get; set; } = new();
                }

                public record CustomerRegistered(int CustomerId, string Email, DateOnly DateOfBirth);

                public record Contact(int Id, string EmailAddress, string Notes);
                public record Server(string IpAddress, string HostName, string AdminEmail);
                public record Product(string Name, string Description);

                public class Jobs
                {
                    public void Welcome(CustomerDetails customer) { }
                    public void SendWelcome(string email, string firstName) { }
                    public void Notify(Contact contact, Server server, Product product) { }
                }

                public class Caller
                {
                    public async Task Run(IPublishEndpoint bus, CustomerDetails customer, Contact contact, Server server, Product product)
                    {
                        BackgroundJob.Enqueue<Jobs>(j => j.Welcome({|#0:customer|}));
                        BackgroundJob.Enqueue<Jobs>(j => j.SendWelcome(customer.Email, customer.FirstName));
                        BackgroundJob.Enqueue<Jobs>(j => j.Notify(contact, server, product));
                        await bus.Publish({|#1:new CustomerRegistered(1, "a@example.com", new DateOnly(1990, 1, 1))|});
                    }
                }
                """,
                Verify.Diagnostic("QL0005").WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
                    .WithMessage("Job 'Jobs.Welcome' carries personal data in 'CustomerDetails' (name, e-mail, phone, postal address), kept in Hangfire's job storage (failed jobs stay until deleted) outside the tables that erasure requests and retention rules cover; pass the person's id and load what the job needs"),
                Verify.Diagnostic("QL0005").WithLocation(1).WithSeverity(DiagnosticSeverity.Info)
                    .WithMessage("MassTransit message 'CustomerRegistered' carries personal data in 'CustomerRegistered' (e-mail, date of birth), kept in the broker's queues (and the _error queue when the message faults) outside the tables that erasure requests and retention rules cover; pass the person's id and load what the job needs"));

        [Fact]
        public Task Personal_data_is_configurable()
        {
            var test = new Verify.Test { EditorConfig = "QL0005.personal_data_names = patient_number" };
            test.TestState.Sources.Add("""
                using Hangfire;

                public record Referral(int Id, string PatientNumber, string Email);

                public class Jobs { public void Refer(Referral referral) { } }

                public class Caller
                {
                    public void Run(Referral referral) => BackgroundJob.Enqueue<Jobs>(j => j.Refer({|#0:referral|}));
                }
                """);
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0005").WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
                .WithMessage("Job 'Jobs.Refer' carries personal data in 'Referral' (e-mail, patient_number), kept in Hangfire's job storage (failed jobs stay until deleted) outside the tables that erasure requests and retention rules cover; pass the person's id and load what the job needs"));
            return test.RunAsync();
        }

        [Fact]
        public Task Personal_data_can_be_turned_off()
        {
            var test = new Verify.Test { EditorConfig = "QL0005.personal_data = false" };
            test.TestState.Sources.Add("""
                using Hangfire;

                public record Customer(string FirstName, string Email);

                public class Jobs { public void Welcome(Customer customer) { } }

                public class Caller
                {
                    public void Run(Customer customer) => BackgroundJob.Enqueue<Jobs>(j => j.Welcome(customer));
                }
                """);
            return test.RunAsync();
        }

        [Theory]
        [InlineData("password", true)]
        [InlineData("userPassword", true)]
        [InlineData("API_KEY", true)]
        [InlineData("ClientSecret", true)]
        [InlineData("creditCardNumber", true)]
        [InlineData("lessNotes", false)]
        [InlineData("tokenizerName", false)]
        [InlineData("username", false)]
        public void Names_match_on_word_boundaries(string name, bool sensitive)
            => Assert.Equal(sensitive, SecretInPayloadAnalyzer.IsSensitive(name, SecretInPayloadAnalyzer.SensitiveNames.Default));
    }
}
