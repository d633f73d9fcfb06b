using System;
using System.Threading.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// What the Durable Task SDK does with an activity's exception, run in its own in-process test host (its sidecar and
    /// a worker, in memory): the orchestration that called the activity gets it back as a <c>TaskFailedException</c>
    /// carrying the activity's exception type and message, and decides what becomes of it; one that does not catch it
    /// ends as Failed with that failure as its own. QL0011 therefore does not ask activities to report their failures.
    /// </summary>
    public sealed class DurableActivityRuntimeTests
    {
        [Fact]
        public async Task An_activity_failure_is_thrown_again_in_the_orchestration_that_called_it()
        {
            await using var host = await DurableTaskTestHost.StartAsync(registry =>
            {
                registry.AddOrchestratorFunc<string, string>("catching", async (context, orderId) =>
                {
                    try
                    {
                        await context.CallActivityAsync<string>("charge", orderId);
                        return "charged";
                    }
                    catch (TaskFailedException failed)
                    {
                        return failed.FailureDetails.ErrorType + ": " + failed.FailureDetails.ErrorMessage;
                    }
                });
                registry.AddOrchestratorFunc<string, string>("letting-through", (context, orderId) => context.CallActivityAsync<string>("charge", orderId));
                registry.AddActivityFunc<string, string>("charge", (TaskActivityContext _, string orderId) =>
                {
                    if (orderId.Length > 0)
                    {
                        throw new InvalidOperationException("card declined for " + orderId);
                    }

                    return "charged";
                });
            });

            var caught = await RunAsync(host.Client, "catching", "order-7");
            Assert.Equal(OrchestrationRuntimeStatus.Completed, caught.RuntimeStatus);
            Assert.Equal("\"System.InvalidOperationException: card declined for order-7\"", caught.SerializedOutput);

            var uncaught = await RunAsync(host.Client, "letting-through", "order-8");
            Assert.Equal(OrchestrationRuntimeStatus.Failed, uncaught.RuntimeStatus);
            Assert.Contains("card declined for order-8", uncaught.FailureDetails?.ToString() ?? "", StringComparison.Ordinal);
        }

        private static async Task<OrchestrationMetadata> RunAsync(DurableTaskClient client, string orchestration, string input)
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestration, input);
            using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(60));
            return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        }
    }
}
