using System.Threading.Tasks;
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
