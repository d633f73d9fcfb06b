using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace QueueLint.Runtime.Tests
{
    /// <summary>
    /// QL0014: an exception that escapes <c>BackgroundService.ExecuteAsync</c> stops a generic host (the default
    /// <c>BackgroundServiceExceptionBehavior.StopHost</c>); with each iteration guarded, the host keeps running through
    /// the same failures.
    /// </summary>
    public sealed class HostedServiceFailureRuntimeTests
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

        [Fact]
        public async Task An_exception_escaping_ExecuteAsync_stops_the_host()
        {
            using var host = Build<EscapingWorker>();
            var stopping = Stopping(host);

            var run = host.RunAsync();
            var finished = await Task.WhenAny(run, Task.Delay(s_timeout));

            Assert.Same(run, finished);
            Assert.True(stopping.Task.IsCompleted, "ApplicationStopping did not fire");
            await IgnoreFailure(run);
        }

        [Fact]
        public async Task A_guarded_iteration_reports_and_the_host_keeps_running()
        {
            var worker = new GuardedWorker();
            using var host = Build(worker);
            var stopping = Stopping(host);

            await host.StartAsync();
            var failedThrice = await Task.WhenAny(worker.FailedThrice.Task, Task.Delay(s_timeout));

            Assert.Same(worker.FailedThrice.Task, failedThrice);
            Assert.False(stopping.Task.IsCompleted, "the host is stopping");
            Assert.True(worker.Reported >= 3);

            // Shutdown's OperationCanceledException ends the loop, and the host stops cleanly.
            await host.StopAsync().WaitAsync(s_timeout);
            Assert.True(worker.Ended);
        }

        private static IHost Build<TWorker>()
            where TWorker : class, IHostedService
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddHostedService<TWorker>();
            return builder.Build();
        }

        private static IHost Build(IHostedService worker)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddSingleton(worker);
            return builder.Build();
        }

        private static TaskCompletionSource Stopping(IHost host)
        {
            var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
            return stopping;
        }

        private static async Task IgnoreFailure(Task run)
        {
            try
            {
                await run;
            }
            catch (InvalidOperationException)
            {
                // Newer hosts also rethrow the service's exception from RunAsync; the host has stopped either way.
            }
        }

        private sealed class EscapingWorker : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(10, stoppingToken);
                    throw new InvalidOperationException("the poll failed");
                }
            }
        }

        private sealed class GuardedWorker : BackgroundService
        {
            private int _reported;

            public TaskCompletionSource FailedThrice { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public int Reported => Volatile.Read(ref _reported);

            public bool Ended { get; private set; }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(10, stoppingToken);
                        throw new InvalidOperationException("the poll failed");
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (Exception)
                    {
                        if (Interlocked.Increment(ref _reported) == 3)
                        {
                            FailedThrice.TrySetResult();
                        }
                    }
                }

                Ended = true;
            }
        }
    }
}
