using System.Threading.Tasks;
using QueueLint.Tests.Verifiers;
using BackoffFix = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.RetryWithoutBackoffAnalyzer, QueueLint.CodeFixes.Rules.RetryWithoutBackoffFixer>;
using BoundFix = QueueLint.Tests.Verifiers.CSharpCodeFixVerifier<QueueLint.Rules.UnboundedRetriesAnalyzer, QueueLint.CodeFixes.Rules.UnboundedRetriesFixer>;
using Backoff = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.RetryWithoutBackoffAnalyzer>;
using Jitter = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.ExponentialWithoutJitterAnalyzer>;

namespace QueueLint.Tests.Frameworks
{
    /// <summary>
    /// Durable Functions' retry policies for activity calls: in-process <c>RetryOptions</c> and the isolated SDK's
    /// <c>RetryPolicy</c>, whose backoff coefficient is 1 unless given (a flat delay), and whose
    /// <c>maxNumberOfAttempts</c> counts the first call.
    /// </summary>
    public class DurableFunctionsTests
    {
        [Fact]
        public Task In_process_retry_options_without_a_coefficient_retry_at_a_flat_delay_and_get_one_of_2()
            => BackoffFix.VerifyCodeFixAsync("""
                using System;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Azure.WebJobs.Extensions.DurableTask;

                public static class Fulfilment
                {
                    [FunctionName("fulfil")]
                    public static async Task Run([OrchestrationTrigger] IDurableOrchestrationContext context)
                    {
                        await context.CallActivityWithRetryAsync("charge", new {|#0:RetryOptions|}(TimeSpan.FromSeconds(30), 5), 1);
                        await context.CallActivityWithRetryAsync("ship", new RetryOptions(TimeSpan.FromSeconds(30), 5) { BackoffCoefficient = {|#1:1.0|} }, 1);
                        await context.CallActivityWithRetryAsync("pack", new {|#2:RetryOptions|}(TimeSpan.FromMinutes(1), 4) { MaxRetryInterval = TimeSpan.FromHours(1) }, 1);

                        // Growing delays, and a single retry (one delay, nothing to grow): quiet.
                        await context.CallActivityWithRetryAsync("notify", new RetryOptions(TimeSpan.FromSeconds(30), 5) { BackoffCoefficient = 2 }, 1);
                        await context.CallActivityWithRetryAsync("audit", new RetryOptions(TimeSpan.FromSeconds(30), 2), 1);
                    }
                }
                """,
                """
                using System;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Azure.WebJobs.Extensions.DurableTask;

                public static class Fulfilment
                {
                    [FunctionName("fulfil")]
                    public static async Task Run([OrchestrationTrigger] IDurableOrchestrationContext context)
                    {
                        await context.CallActivityWithRetryAsync("charge", new RetryOptions(TimeSpan.FromSeconds(30), 5) { BackoffCoefficient = 2 }, 1);
                        await context.CallActivityWithRetryAsync("ship", new RetryOptions(TimeSpan.FromSeconds(30), 5) { BackoffCoefficient = 2 }, 1);
                        await context.CallActivityWithRetryAsync("pack", new RetryOptions(TimeSpan.FromMinutes(1), 4) { MaxRetryInterval = TimeSpan.FromHours(1), BackoffCoefficient = 2 }, 1);

                        // Growing delays, and a single retry (one delay, nothing to grow): quiet.
                        await context.CallActivityWithRetryAsync("notify", new RetryOptions(TimeSpan.FromSeconds(30), 5) { BackoffCoefficient = 2 }, 1);
                        await context.CallActivityWithRetryAsync("audit", new RetryOptions(TimeSpan.FromSeconds(30), 2), 1);
                    }
                }
                """,
                BackoffFix.Diagnostic("QL0020").WithLocation(0).WithArguments("Durable Functions retry policy", "5 attempts, 30 s apart"),
                BackoffFix.Diagnostic("QL0020").WithLocation(1).WithArguments("Durable Functions retry policy", "5 attempts, 30 s apart"),
                BackoffFix.Diagnostic("QL0020").WithLocation(2).WithArguments("Durable Functions retry policy", "4 attempts, 60 s apart"));

        [Fact]
        public Task An_isolated_retry_policy_without_a_coefficient_gets_one_of_2()
            => BackoffFix.VerifyCodeFixAsync("""
                using System;
                using Microsoft.DurableTask;

                public static class Policies
                {
                    public static readonly TaskOptions Charge = TaskOptions.FromRetryPolicy(new {|#0:RetryPolicy|}(5, TimeSpan.FromSeconds(10)));
                    public static readonly TaskOptions Ship = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(10), backoffCoefficient: {|#1:1|}));
                    public static readonly TaskOptions Pack = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(10), 2.0, TimeSpan.FromMinutes(5)));
                    public static readonly TaskOptions Wrap = TaskOptions.FromRetryPolicy({|#2:new|}(4, TimeSpan.FromSeconds(10)));
                }
                """,
                """
                using System;
                using Microsoft.DurableTask;

                public static class Policies
                {
                    public static readonly TaskOptions Charge = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(10), backoffCoefficient: 2));
                    public static readonly TaskOptions Ship = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(10), backoffCoefficient: 2));
                    public static readonly TaskOptions Pack = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(10), 2.0, TimeSpan.FromMinutes(5)));
                    public static readonly TaskOptions Wrap = TaskOptions.FromRetryPolicy(new(4, TimeSpan.FromSeconds(10), backoffCoefficient: 2));
                }
                """,
                BackoffFix.Diagnostic("QL0020").WithLocation(0).WithArguments("Durable Functions retry policy", "5 attempts, 10 s apart"),
                BackoffFix.Diagnostic("QL0020").WithLocation(1).WithArguments("Durable Functions retry policy", "3 attempts, 10 s apart"),
                BackoffFix.Diagnostic("QL0020").WithLocation(2).WithArguments("Durable Functions retry policy", "4 attempts, 10 s apart"));

        [Fact]
        public Task Options_kept_in_a_member_whose_coefficient_the_class_sets_later_are_not_judged()
            => Backoff.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Azure.WebJobs.Extensions.DurableTask;

                public static class Fulfilment
                {
                    private static readonly RetryOptions Retry = new RetryOptions(TimeSpan.FromSeconds(5), 5);

                    static Fulfilment() => Retry.BackoffCoefficient = 2;

                    [FunctionName("fulfil")]
                    public static Task Run([OrchestrationTrigger] IDurableOrchestrationContext context)
                        => context.CallActivityWithRetryAsync("charge", Retry, 1);
                }

                public static class Steady
                {
                    private static readonly RetryOptions Retry = new {|#0:RetryOptions|}(TimeSpan.FromSeconds(5), 5);

                    [FunctionName("steady")]
                    public static Task Run([OrchestrationTrigger] IDurableOrchestrationContext context)
                        => context.CallActivityWithRetryAsync("charge", Retry, 1);
                }
                """,
                Backoff.Diagnostic("QL0020").WithLocation(0).WithArguments("Durable Functions retry policy", "5 attempts, 5 s apart"));

        /// <summary>The library has no jitter setting: QL0022 has nothing to ask of a growing delay.</summary>
        [Fact]
        public Task A_growing_delay_without_a_random_part_is_not_asked_for_jitter()
            => Jitter.VerifyAnalyzerAsync("""
                using System;
                using Microsoft.DurableTask;

                public static class Policies
                {
                    public static readonly TaskOptions Charge = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(10), 2));
                }
                """);

        [Fact]
        public Task Int_max_attempts_are_bounded()
            => BoundFix.VerifyCodeFixAsync("""
                using System;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Azure.WebJobs.Extensions.DurableTask;
                using Microsoft.DurableTask;

                public static class Fulfilment
                {
                    [FunctionName("fulfil")]
                    public static Task Run([OrchestrationTrigger] IDurableOrchestrationContext context)
                        => context.CallActivityWithRetryAsync("charge", new RetryOptions(TimeSpan.FromSeconds(5), {|#0:int.MaxValue|}) { BackoffCoefficient = 2 }, 1);

                    public static readonly TaskOptions Ship = TaskOptions.FromRetryPolicy(new RetryPolicy({|#1:int.MaxValue|}, TimeSpan.FromSeconds(5), 2));
                }
                """,
                """
                using System;
                using System.Threading.Tasks;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Azure.WebJobs.Extensions.DurableTask;
                using Microsoft.DurableTask;

                public static class Fulfilment
                {
                    [FunctionName("fulfil")]
                    public static Task Run([OrchestrationTrigger] IDurableOrchestrationContext context)
                        => context.CallActivityWithRetryAsync("charge", new RetryOptions(TimeSpan.FromSeconds(5), 10) { BackoffCoefficient = 2 }, 1);

                    public static readonly TaskOptions Ship = TaskOptions.FromRetryPolicy(new RetryPolicy(10, TimeSpan.FromSeconds(5), 2));
                }
                """,
                BoundFix.Diagnostic("QL0021").WithLocation(0).WithArguments("Durable Functions retry policy", "forever, exponential delays", "10"),
                BoundFix.Diagnostic("QL0021").WithLocation(1).WithArguments("Durable Functions retry policy", "forever, exponential delays", "10"));
    }
}
