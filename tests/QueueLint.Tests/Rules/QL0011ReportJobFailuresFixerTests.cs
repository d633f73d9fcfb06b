using System.Threading.Tasks;
using Verify = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.ReportJobFailuresAnalyzer, QueueLint.CodeFixes.Rules.ReportJobFailuresFixer>;

namespace QueueLint.Tests.Rules
{
    public class QL0011ReportJobFailuresFixerTests
    {
        [Fact]
        public Task Wraps_the_body_and_logs_with_the_logger_the_job_already_has()
            => Verify.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Logging;
                using Quartz;

                public class Sync : IJob
                {
                    private readonly ILogger<Sync> _logger;

                    public Sync(ILogger<Sync> logger) => _logger = logger;

                    public async Task {|QL0011:Execute|}(IJobExecutionContext context)
                    {
                        // fetch the feed
                        await new HttpClient().GetAsync("https://sync");
                        _logger.LogInformation("Synced");
                    }
                }
                """, """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Logging;
                using Quartz;

                public class Sync : IJob
                {
                    private readonly ILogger<Sync> _logger;

                    public Sync(ILogger<Sync> logger) => _logger = logger;

                    public async Task Execute(IJobExecutionContext context)
                    {
                        try
                        {
                            // fetch the feed
                            await new HttpClient().GetAsync("https://sync");
                            _logger.LogInformation("Synced");
                        }
                        catch (Exception ex)
                        {
                            _logger.LogError(ex, "Job {Job} failed", "Sync.Execute");
                            throw;
                        }
                    }
                }
                """);

        [Fact]
        public Task Puts_the_injected_logger_on_lines_of_its_own_above_a_commented_first_member()
            => Verify.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using MassTransit;

                public record CartsExpired(int Count);

                public class Cleaner : IConsumer<CartsExpired>
                {
                    // Removes expired carts.
                    public Task {|QL0011:Consume|}(ConsumeContext<CartsExpired> context) => new HttpClient().GetAsync("https://carts");
                }
                """, """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using MassTransit;
                using Microsoft.Extensions.Logging;

                public record CartsExpired(int Count);

                public class Cleaner : IConsumer<CartsExpired>
                {
                    private readonly ILogger<Cleaner> _logger;

                    public Cleaner(ILogger<Cleaner> logger) => _logger = logger;

                    // Removes expired carts.
                    public async Task Consume(ConsumeContext<CartsExpired> context)
                    {
                        try
                        {
                            await new HttpClient().GetAsync("https://carts");
                        }
                        catch (Exception ex)
                        {
                            _logger.LogError(ex, "Job {Job} failed", "Cleaner.Consume");
                            throw;
                        }
                    }
                }
                """);

        [Fact]
        public Task Injects_a_logger_through_the_constructor_and_names_the_job_arguments()
            => Verify.VerifyCodeFixAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Hangfire;

                public class Mailer
                {
                    private readonly HttpClient _http;

                    public Mailer(HttpClient http)
                    {
                        _http = http;
                    }

                    public Task {|QL0011:Send|}(int orderId, string template) => _http.GetAsync("https://mail/" + orderId + template);
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Mailer>(x => x.Send(1, "welcome"));
                }
                """, """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Hangfire;
                using Microsoft.Extensions.Logging;

                public class Mailer
                {
                    private readonly HttpClient _http;
                    private readonly ILogger<Mailer> _logger;

                    public Mailer(HttpClient http, ILogger<Mailer> logger)
                    {
                        _http = http;
                        _logger = logger;
                    }

                    public async Task Send(int orderId, string template)
                    {
                        try
                        {
                            await _http.GetAsync("https://mail/" + orderId + template);
                        }
                        catch (Exception ex)
                        {
                            _logger.LogError(ex, "Job {Job} failed for {OrderId}, {Template}", "Mailer.Send", orderId, template);
                            throw;
                        }
                    }
                }

                public class Web
                {
                    public void Post() => BackgroundJob.Enqueue<Mailer>(x => x.Send(1, "welcome"));
                }
                """);

        [Fact]
        public Task Uses_the_configured_report_method_and_leaves_out_the_rethrow_when_told()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System;
                    using System.Net.Http;
                    using System.Threading.Tasks;
                    using MassTransit;

                    namespace App
                    {
                        public static class JobFailures
                        {
                            public static void Report(Exception exception, string message) { }
                        }

                        public record OrderPlaced(int OrderId);

                        public class Placed : IConsumer<OrderPlaced>
                        {
                            public Task {|QL0011:Consume|}(ConsumeContext<OrderPlaced> context) => new HttpClient().GetAsync("https://p");
                        }
                    }
                    """,
                FixedCode = """
                    using System;
                    using System.Net.Http;
                    using System.Threading.Tasks;
                    using MassTransit;

                    namespace App
                    {
                        public static class JobFailures
                        {
                            public static void Report(Exception exception, string message) { }
                        }

                        public record OrderPlaced(int OrderId);

                        public class Placed : IConsumer<OrderPlaced>
                        {
                            public async Task Consume(ConsumeContext<OrderPlaced> context)
                            {
                                try
                                {
                                    await new HttpClient().GetAsync("https://p");
                                }
                                catch (Exception ex)
                                {
                                    JobFailures.Report(ex, "Job Placed.Consume failed");
                                }
                            }
                        }
                    }
                    """,
                EditorConfig = "queuelint.report_method = App.JobFailures.Report\nQL0011.rethrow = false",
            };
            return test.RunAsync();
        }
    }
}
