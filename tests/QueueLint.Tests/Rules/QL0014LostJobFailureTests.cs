using System.Threading.Tasks;
using QueueLint.Tests.Verifiers;
using Verify = QueueLint.Tests.Verifiers.CSharpAnalyzerVerifier<QueueLint.Rules.LostJobFailureAnalyzer>;

namespace QueueLint.Tests.Rules
{
    public class QL0014LostJobFailureTests
    {
        private const string StopsHost = "it stops the host (BackgroundServiceExceptionBehavior.StopHost, the default since .NET 6), or under Ignore ends the service with only a log line";
        private const string LeftRunning = "which StartAsync leaves running: nobody awaits the loop's task, so the loop ends, the service stops working, and the host runs on as if nothing happened";
        private const string Guard = "catch and report each iteration's failure and let the loop go on, and let OperationCanceledException end it at shutdown";
        private const string HangfireDelete = "deletes failed jobs without a trace: after the last attempt Hangfire moves the job to Deleted instead of Failed, off the dashboard's Failed list and out of storage when deleted jobs expire, and logs neither the attempts nor the delete";
        private const string HangfireRemedy = "leave LogEvents on, let the job end as Failed, or report the failure from a job filter";

        [Fact]
        public Task An_exception_escaping_an_iteration_of_ExecuteAsync_stops_the_host()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;

                public class Poller : BackgroundService
                {
                    protected override async Task {|#0:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await new HttpClient().GetAsync("https://poll", stoppingToken);
                            await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                        }
                    }
                }

                public class Delegating : BackgroundService
                {
                    protected override Task {|#1:ExecuteAsync|}(CancellationToken stoppingToken) => PollAsync(stoppingToken);

                    private static async Task PollAsync(CancellationToken stoppingToken)
                    {
                        foreach (var url in new[] { "https://a", "https://b" })
                        {
                            await new HttpClient().GetAsync(url, stoppingToken);
                        }
                    }
                }

                public class NarrowCatch : BackgroundService
                {
                    protected override async Task {|#2:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        try
                        {
                            while (!stoppingToken.IsCancellationRequested)
                            {
                                await new HttpClient().GetAsync("https://narrow", stoppingToken);
                            }
                        }
                        catch (HttpRequestException)
                        {
                        }
                    }
                }

                // The step it awaits catches one failure, not every one: the rest reach the loop.
                public class NarrowStep : BackgroundService
                {
                    protected override async Task {|#3:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await StepAsync(stoppingToken);
                        }
                    }

                    private static async Task StepAsync(CancellationToken stoppingToken)
                    {
                        try { await new HttpClient().GetAsync("https://step", stoppingToken); }
                        catch (HttpRequestException) { }
                    }
                }
                """,
                Verify.Diagnostic("QL0014").WithLocation(3).WithArguments("An exception can escape 'NarrowStep.ExecuteAsync': " + StopsHost, Guard),
                Verify.Diagnostic("QL0014").WithLocation(0).WithMessage("An exception can escape 'Poller.ExecuteAsync': " + StopsHost + "; " + Guard),
                Verify.Diagnostic("QL0014").WithLocation(1).WithArguments("An exception can escape 'Delegating.ExecuteAsync': " + StopsHost, Guard),
                Verify.Diagnostic("QL0014").WithLocation(2).WithArguments("An exception can escape 'NarrowCatch.ExecuteAsync': " + StopsHost, Guard));

        [Fact]
        public Task Work_that_runs_once_at_start_is_left_to_the_host()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Once : BackgroundService
                {
                    protected override Task ExecuteAsync(CancellationToken stoppingToken) => new HttpClient().GetAsync("https://once", stoppingToken);
                }

                public class Thrower : BackgroundService
                {
                    protected override Task ExecuteAsync(CancellationToken stoppingToken) => throw new InvalidOperationException("no config");
                }

                public class SetUpThenGuarded(ILogger<SetUpThenGuarded> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        var client = new HttpClient { BaseAddress = new Uri(await File.ReadAllTextAsync("endpoint.txt", stoppingToken)) };
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try { await client.GetAsync("poll", stoppingToken); }
                            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogError(ex, "Poll failed"); }
                        }
                    }
                }

                public class GuardedCall(ILogger<GuardedCall> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        await new HttpClient().GetAsync("https://start", stoppingToken);
                        try { await PollAsync(stoppingToken); }
                        catch (Exception ex) { logger.LogCritical(ex, "Polling stopped"); }
                    }

                    private static async Task PollAsync(CancellationToken stoppingToken)
                    {
                        while (true)
                        {
                            await new HttpClient().GetAsync("https://poll", stoppingToken);
                        }
                    }
                }
                """);

        [Fact]
        public Task Iterations_guarded_by_a_catch_all_or_a_shutdown_only_filter_do_not_stop_the_host()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Filtered(ILogger<Filtered> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try { await new HttpClient().GetAsync("https://a", stoppingToken); }
                            catch (Exception ex) when (!stoppingToken.IsCancellationRequested) { logger.LogError(ex, "Poll failed"); }

                            await Task.Delay(1000, stoppingToken);
                        }
                    }
                }

                public class NotCancellation(ILogger<NotCancellation> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
                        while (await timer.WaitForNextTickAsync(stoppingToken))
                        {
                            try { await new HttpClient().GetAsync("https://b", stoppingToken); }
                            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogError(ex, "Poll failed"); }
                        }
                    }
                }

                public class CancellationFirst(ILogger<CancellationFirst> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (true)
                        {
                            try
                            {
                                stoppingToken.ThrowIfCancellationRequested();
                                await new HttpClient().GetAsync("https://c", stoppingToken);
                            }
                            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                            {
                                throw;
                            }
                            catch (OperationCanceledException)
                            {
                                break;
                            }
                            catch (Exception ex)
                            {
                                logger.LogError(ex, "Poll failed");
                            }
                        }
                    }
                }

                public class WholeLoop(ILogger<WholeLoop> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        try
                        {
                            while (!stoppingToken.IsCancellationRequested)
                            {
                                await new HttpClient().GetAsync("https://d", stoppingToken);
                            }
                        }
                        catch (Exception ex)
                        {
                            logger.LogCritical(ex, "Worker stopped");
                        }
                    }
                }

                public class Idle : BackgroundService
                {
                    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
                }

                public class Delegating(ILogger<Delegating> logger) : BackgroundService
                {
                    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunGuardedAsync(stoppingToken);

                    private async Task RunGuardedAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try { await new HttpClient().GetAsync("https://f", stoppingToken); }
                            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogError(ex, "Poll failed"); }
                        }
                    }
                }

                // Each iteration awaits an async method that catches everything but shutdown: its task never faults.
                public class GuardedStep(ILogger<GuardedStep> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await RefreshAsync(stoppingToken).ConfigureAwait(false);
                            await Task.Delay(1000, stoppingToken);
                        }
                    }

                    private async Task RefreshAsync(CancellationToken cancellationToken)
                    {
                        try { await new HttpClient().GetAsync("https://g", cancellationToken); }
                        catch (Exception ex) when (!cancellationToken.IsCancellationRequested) { logger.LogError(ex, "Refresh failed"); }
                    }
                }
                """);

        [Fact]
        public Task A_queue_behind_an_interface_is_judged_by_its_implementations()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Concurrent;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Channels;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public interface IWorkQueue
                {
                    ValueTask<Func<CancellationToken, Task>> DequeueAsync(CancellationToken cancellationToken);
                }

                public class ChannelQueue : IWorkQueue
                {
                    private readonly Channel<Func<CancellationToken, Task>> _queue = Channel.CreateUnbounded<Func<CancellationToken, Task>>();

                    public async ValueTask<Func<CancellationToken, Task>> DequeueAsync(CancellationToken cancellationToken)
                        => await _queue.Reader.ReadAsync(cancellationToken);
                }

                public interface ISignalQueue
                {
                    Task<Func<CancellationToken, Task>?> DequeueAsync(CancellationToken cancellationToken);
                }

                public class SignalQueue : ISignalQueue
                {
                    private readonly ConcurrentQueue<Func<CancellationToken, Task>> _items = new();
                    private readonly SemaphoreSlim _signal = new(0);

                    public async Task<Func<CancellationToken, Task>?> DequeueAsync(CancellationToken cancellationToken)
                    {
                        await _signal.WaitAsync(cancellationToken);
                        _items.TryDequeue(out var item);
                        return item;
                    }
                }

                public abstract class RemoteQueue
                {
                    public abstract Task<string> NextAsync(CancellationToken cancellationToken);
                }

                public class HttpQueue : RemoteQueue
                {
                    public override Task<string> NextAsync(CancellationToken cancellationToken)
                        => new HttpClient().GetStringAsync("https://queue/next", cancellationToken);
                }

                public class Worker(IWorkQueue queue, ILogger<Worker> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            var work = await queue.DequeueAsync(stoppingToken);
                            try { await work(stoppingToken); }
                            catch (Exception ex) { logger.LogError(ex, "Work failed"); }
                        }
                    }
                }

                public class SignalWorker(ISignalQueue queue, ILogger<SignalWorker> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            var work = await queue.DequeueAsync(stoppingToken);
                            try { await work!(stoppingToken); }
                            catch (Exception ex) { logger.LogError(ex, "Work failed"); }
                        }
                    }
                }

                public class RemoteWorker(RemoteQueue queue, ILogger<RemoteWorker> logger) : BackgroundService
                {
                    protected override async Task {|#0:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            var next = await queue.NextAsync(stoppingToken);
                            try { logger.LogInformation("Got {Next}", next); await Task.Yield(); }
                            catch (Exception ex) { logger.LogError(ex, "Work failed"); }
                        }
                    }
                }
                """,
                Verify.Diagnostic("QL0014").WithLocation(0).WithArguments("An exception can escape 'RemoteWorker.ExecuteAsync': " + StopsHost, Guard));

        [Fact]
        public Task A_catch_that_rethrows_or_lets_failures_through_its_filter_does_not_guard()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Rethrows(ILogger<Rethrows> logger) : BackgroundService
                {
                    protected override async Task {|#0:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try { await new HttpClient().GetAsync("https://a", stoppingToken); }
                            catch (Exception ex) { logger.LogError(ex, "Poll failed"); throw; }
                        }
                    }
                }

                public class LogFilter(ILogger<LogFilter> logger) : BackgroundService
                {
                    protected override async Task {|#1:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try { await new HttpClient().GetAsync("https://b", stoppingToken); }
                            catch (Exception ex) when (Log(ex)) { }
                        }
                    }

                    private bool Log(Exception ex) { logger.LogError(ex, "Poll failed"); return false; }
                }

                public class OneTypeRethrown(ILogger<OneTypeRethrown> logger) : BackgroundService
                {
                    protected override async Task {|#2:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try { await new HttpClient().GetAsync("https://c", stoppingToken); }
                            catch (HttpRequestException) { throw; }
                            catch (Exception ex) { logger.LogError(ex, "Poll failed"); }
                        }
                    }
                }

                public class WorkOutsideTheTry(ILogger<WorkOutsideTheTry> logger) : BackgroundService
                {
                    protected override async Task {|#3:ExecuteAsync|}(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            try { await new HttpClient().GetAsync("https://d", stoppingToken); }
                            catch (Exception ex) { logger.LogError(ex, "Poll failed"); }

                            await new HttpClient().GetAsync("https://e", stoppingToken);
                        }
                    }
                }
                """,
                Verify.Diagnostic("QL0014").WithLocation(0).WithArguments("An exception can escape 'Rethrows.ExecuteAsync': " + StopsHost, Guard),
                Verify.Diagnostic("QL0014").WithLocation(1).WithArguments("An exception can escape 'LogFilter.ExecuteAsync': " + StopsHost, Guard),
                Verify.Diagnostic("QL0014").WithLocation(2).WithArguments("An exception can escape 'OneTypeRethrown.ExecuteAsync': " + StopsHost, Guard),
                Verify.Diagnostic("QL0014").WithLocation(3).WithArguments("An exception can escape 'WorkOutsideTheTry.ExecuteAsync': " + StopsHost, Guard));

        [Fact]
        public Task A_central_reporter_does_not_keep_the_host_running()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Net.Http;
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Microsoft.Extensions.Hosting;

                    public class Worker : BackgroundService
                    {
                        protected override async Task {|#0:ExecuteAsync|}(CancellationToken stoppingToken)
                        {
                            while (true) await new HttpClient().GetAsync("https://w");
                        }
                    }
                    """,
                EditorConfig = "queuelint.failures_reported = hosting",
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("QL0014").WithLocation(0).WithArguments("An exception can escape 'Worker.ExecuteAsync': " + StopsHost, Guard));
            return test.RunAsync();
        }

        [Fact]
        public Task A_channel_loop_guarded_per_item_with_a_shutdown_rethrow_is_guarded()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Channels;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Events(ILogger<Events> logger) : IHostedService
                {
                    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
                    private readonly CancellationTokenSource _cts = new();
                    private Task? _loop;

                    public Task StartAsync(CancellationToken cancellationToken)
                    {
                        _loop = ProcessEvents(_cts.Token);
                        return Task.CompletedTask;
                    }

                    public Task StopAsync(CancellationToken cancellationToken) => _loop ?? Task.CompletedTask;

                    private async Task ProcessEvents(CancellationToken cancellationToken)
                    {
                        while (await _events.Reader.WaitToReadAsync(cancellationToken))
                        {
                            while (_events.Reader.TryRead(out var url))
                            {
                                try
                                {
                                    await new HttpClient().GetAsync(url, cancellationToken);
                                }
                                catch when (cancellationToken.IsCancellationRequested)
                                {
                                    throw;
                                }
                                catch (Exception ex)
                                {
                                    logger.LogWarning(ex, "Event failed");
                                }
                            }
                        }
                    }
                }
                """);

        [Fact]
        public Task Starting_an_async_method_without_awaiting_it_throws_nothing_in_the_loop()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Threading;
                using System.Threading.Channels;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class JobRunner(ILogger<JobRunner> logger) : IHostedService
                {
                    private readonly Channel<Func<CancellationToken, Task>> _jobs = Channel.CreateUnbounded<Func<CancellationToken, Task>>();
                    private readonly CancellationTokenSource _stop = new();
                    private Task? _loop;
                    private readonly HashSet<Task> _running = new();
                    private Task? _last;

                    public Task StartAsync(CancellationToken cancellationToken)
                    {
                        _loop = RunJobs(_stop.Token);
                        _ = AwaitJobs(_stop.Token);
                        return Task.CompletedTask;
                    }

                    public Task StopAsync(CancellationToken cancellationToken)
                    {
                        _stop.Cancel();
                        return _loop ?? Task.CompletedTask;
                    }

                    private async Task RunJobs(CancellationToken token)
                    {
                        while (await _jobs.Reader.WaitToReadAsync(token))
                        {
                            if (_jobs.Reader.TryRead(out var job))
                            {
                                var running = RunOne(job, token);
                                lock (_running)
                                {
                                    _running.Add(running);
                                }

                                _ = running.ContinueWith(t => logger.LogWarning(t.Exception, "Job failed"), TaskContinuationOptions.OnlyOnFaulted);
                                _last = RunOne(job, token);
                                RunOne(job, token);
                            }
                        }
                    }

                    private async Task {|#0:AwaitJobs|}(CancellationToken token)
                    {
                        while (await _jobs.Reader.WaitToReadAsync(token))
                        {
                            if (_jobs.Reader.TryRead(out var job))
                            {
                                var running = RunOne(job, token);
                                await running;
                            }
                        }
                    }

                    private static async Task RunOne(Func<CancellationToken, Task> job, CancellationToken token)
                    {
                        await Task.Yield();
                        await job(token);
                    }
                }
                """,
                Verify.Diagnostic("QL0014").WithLocation(0).WithArguments("An exception can escape 'JobRunner.AwaitJobs', " + LeftRunning, Guard));

        [Fact]
        public Task Loops_that_StartAsync_leaves_running_end_unseen()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class Pump : IHostedService
                {
                    private Task? _loop;

                    public Task StartAsync(CancellationToken cancellationToken)
                    {
                        _loop = LoopAsync(cancellationToken);
                        _ = Task.Run(() => DrainAsync(cancellationToken));
                        Task.Run(async () => await TickAsync(cancellationToken));
                        return Task.CompletedTask;
                    }

                    public Task StopAsync(CancellationToken cancellationToken) => _loop ?? Task.CompletedTask;

                    private async Task {|#0:LoopAsync|}(CancellationToken token)
                    {
                        while (!token.IsCancellationRequested)
                        {
                            await new HttpClient().GetAsync("https://pump", token);
                        }
                    }

                    private async Task {|#1:DrainAsync|}(CancellationToken token)
                    {
                        while (!token.IsCancellationRequested)
                        {
                            await new HttpClient().GetAsync("https://drain", token);
                        }
                    }

                    private async Task {|#2:TickAsync|}(CancellationToken token)
                    {
                        while (!token.IsCancellationRequested)
                        {
                            await new HttpClient().GetAsync("https://tick", token);
                        }
                    }
                }

                public class Awaited(ILogger<Awaited> logger) : IHostedService
                {
                    public async Task StartAsync(CancellationToken cancellationToken)
                    {
                        await WarmUpAsync(cancellationToken);
                        _ = Task.Run(() => GuardedAsync(cancellationToken));
                    }

                    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                    private Task WarmUpAsync(CancellationToken token) => new HttpClient().GetAsync("https://warm", token);

                    private async Task GuardedAsync(CancellationToken token)
                    {
                        while (!token.IsCancellationRequested)
                        {
                            try { await new HttpClient().GetAsync("https://guarded", token); }
                            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogError(ex, "Failed"); }
                        }
                    }
                }
                """,
                Verify.Diagnostic("QL0014").WithLocation(0).WithMessage("An exception can escape 'Pump.LoopAsync', " + LeftRunning + "; " + Guard),
                Verify.Diagnostic("QL0014").WithLocation(1).WithArguments("An exception can escape 'Pump.DrainAsync', " + LeftRunning, Guard),
                Verify.Diagnostic("QL0014").WithLocation(2).WithArguments("An exception can escape 'Pump.TickAsync', " + LeftRunning, Guard));

        [Fact]
        public Task Hangfire_told_to_delete_failed_jobs_without_logging()
            => Verify.VerifyAnalyzerAsync("""
                using Hangfire;

                public class Jobs
                {
                    [{|#0:AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false)|}]
                    public void Silent() { }

                    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
                    public void DeletedButLogged() { }

                    [AutomaticRetry(LogEvents = false)]
                    public void KeptAsFailed() { }
                }

                [{|#1:AutomaticRetry(OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false)|}]
                public class SilentJobs
                {
                    public void Run() { }
                }

                public static class Setup
                {
                    public static void Configure(IGlobalConfiguration configuration)
                    {
                        GlobalJobFilters.Filters.Add({|#2:new AutomaticRetryAttribute { Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false }|});
                        configuration.UseFilter({|#3:new AutomaticRetryAttribute { OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false }|});
                        GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = true });
                    }
                }
                """,
                Verify.Diagnostic("QL0014").WithLocation(0).WithMessage("[AutomaticRetry] with OnAttemptsExceeded = Delete and LogEvents = false " + HangfireDelete + "; " + HangfireRemedy),
                Verify.Diagnostic("QL0014").WithLocation(1).WithArguments("[AutomaticRetry] with OnAttemptsExceeded = Delete and LogEvents = false " + HangfireDelete, HangfireRemedy),
                Verify.Diagnostic("QL0014").WithLocation(2).WithArguments("This AutomaticRetryAttribute filter, with OnAttemptsExceeded = Delete and LogEvents = false, " + HangfireDelete, HangfireRemedy),
                Verify.Diagnostic("QL0014").WithLocation(3).WithArguments("This AutomaticRetryAttribute filter, with OnAttemptsExceeded = Delete and LogEvents = false, " + HangfireDelete, HangfireRemedy));

        [Fact]
        public Task MassTransit_told_to_discard_faulted_messages()
            => Verify.VerifyAnalyzerAsync("""
                using MassTransit;

                public static class Bus
                {
                    public static void Configure(IReceiveEndpointConfigurator endpoint)
                    {
                        {|#0:endpoint.DiscardFaultedMessages()|};
                        endpoint.DiscardSkippedMessages();
                    }
                }
                """,
                Verify.Diagnostic("QL0014").WithLocation(0).WithMessage("DiscardFaultedMessages() drops messages that still fail after their retries instead of moving them to the _error queue: the message cannot be inspected or redelivered, and only MassTransit's log line and the Fault<T> event are left; remove it to keep faulted messages in the _error queue, or consume Fault<T> to report them"));

        [Fact]
        public Task Settings_and_starts_still_being_typed_are_not_judged()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading;
                    using System.Threading.Tasks;
                    using Hangfire;
                    using Microsoft.Extensions.Hosting;

                    public class Jobs
                    {
                        [AutomaticRetry(OnAttemptsExceeded = AttemptsExceededAction., LogEvents = false)]
                        public void Half() { }

                        [AutomaticRetry(OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = )]
                        public void Other() { }
                    }

                    public static class Setup
                    {
                        public static void Configure() => GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { OnAttemptsExceeded = , LogEvents = false });
                    }

                    public class Pump : IHostedService
                    {
                        public Task StartAsync(CancellationToken cancellationToken)
                        {
                            _ = LoopAsync(cancellationToken, );
                            return Task.CompletedTask;
                        }

                        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                        private async Task LoopAsync(CancellationToken token)
                        {
                            while (!token.IsCancellationRequested)
                            {
                                await Task.Run(() => throw new System.InvalidOperationException(), token);
                            }
                        }
                    }
                    """,
                CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
            };
            return test.RunAsync();
        }

        [Fact]
        public Task Nothing_without_the_frameworks()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading;
                    using System.Threading.Tasks;

                    public abstract class BackgroundService
                    {
                        protected abstract Task ExecuteAsync(CancellationToken stoppingToken);
                    }

                    public class Worker : BackgroundService
                    {
                        protected override Task ExecuteAsync(CancellationToken stoppingToken) => throw new System.InvalidOperationException();
                    }

                    public class AutomaticRetryAttribute : System.Attribute
                    {
                        public bool LogEvents { get; set; }
                    }

                    [AutomaticRetry(LogEvents = false)]
                    public class Job { }
                    """,
                References = SnippetReferences.NetOnly,
            };
            return test.RunAsync();
        }
    }
}
