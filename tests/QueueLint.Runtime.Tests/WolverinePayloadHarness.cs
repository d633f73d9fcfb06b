using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using static QueueLint.Runtime.Tests.PayloadShapes;
using Envelope = Wolverine.Envelope;

namespace QueueLint.Runtime.Tests
{
    /// <summary>What <see cref="WolverinePayloadHandler"/> was handed, by message type (a singleton of each host).</summary>
    public sealed class WolverinePayloadInbox
    {
        private readonly ConcurrentDictionary<Type, TaskCompletionSource<(object Message, Envelope Envelope)>> _received = new();

        /// <summary>Forgets what a message of type <typeparamref name="T"/> may have brought before, and waits for the next.</summary>
        public Func<TimeSpan, Task<(T Message, Envelope Envelope)>> Expect<T>()
        {
            var expect = Expect(typeof(T));
            return async timeout =>
            {
                var (message, envelope) = await expect(timeout);
                return ((T)message, envelope);
            };
        }

        /// <summary>Forgets what a message of <paramref name="type"/> may have brought before, and waits for the next.</summary>
        public Func<TimeSpan, Task<(object Message, Envelope Envelope)>> Expect(Type type)
        {
            var completion = new TaskCompletionSource<(object Message, Envelope Envelope)>(TaskCreationOptions.RunContinuationsAsynchronously);
            _received[type] = completion;
            return timeout => completion.Task.WaitAsync(timeout);
        }

        /// <summary>Whether the handler of <typeparamref name="T"/> ran since the last <see cref="Expect{T}"/>.</summary>
        public bool Received<T>() => Received(typeof(T));

        /// <summary>Whether the handler of <paramref name="type"/> ran since the last <see cref="Expect(Type)"/>.</summary>
        public bool Received(Type type) => _received.TryGetValue(type, out var completion) && completion.Task.IsCompleted;

        public void Record(object message, Envelope envelope) =>
            _received.GetOrAdd(message.GetType(), _ => new TaskCompletionSource<(object Message, Envelope Envelope)>(TaskCreationOptions.RunContinuationsAsynchronously))
                .TrySetResult((message, envelope));
    }

    /// <summary>One handler for every payload shape: it records the message and its envelope, and does nothing else.</summary>
    public sealed class WolverinePayloadHandler
    {
        private readonly WolverinePayloadInbox _inbox;

        public WolverinePayloadHandler(WolverinePayloadInbox inbox) => _inbox = inbox;

        public void Handle(PrivateConstructorOnly message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(PrivateAndPublicConstructor message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(TwoConstructors message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(PrivateSetter message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(GetOnly message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(Drawing message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(Pet message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(PayloadShapes.Envelope message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(Parent message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(WithCallback message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(WithAction message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(WithStream message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(WithCancellation message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(WithTask message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(WithFields message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(ReadonlyFieldByConstructor message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(WithBytes message, Envelope envelope) => _inbox.Record(message, envelope);

        public void Handle(Receipt message, Envelope envelope) => _inbox.Record(message, envelope);
    }

    internal static class Loopback
    {
        /// <summary>A loopback port nothing listens on at the time.</summary>
        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }

    /// <summary>The log of a host, kept to be searched: where Wolverine reports what it does not throw.</summary>
    public sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

        public Entry[] Matching(Func<Entry, bool> predicate) => _entries.Where(predicate).ToArray();

        /// <summary>Waits until at least <paramref name="count"/> entries match, and returns them.</summary>
        public async Task<Entry[]> WaitForAsync(Func<Entry, bool> predicate, int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            Entry[] found;
            while ((found = Matching(predicate)).Length < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{found.Length} of {count} log entries were written");
                await Task.Delay(20);
            }

            return found;
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger : ILogger
        {
            private readonly CapturedLogs _logs;
            private readonly string _category;

            public Logger(CapturedLogs logs, string category)
            {
                _logs = logs;
                _category = category;
            }

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    _logs._entries.Enqueue(new Entry(_category, logLevel, formatter(state, exception), exception));
                }
            }
        }
    }
}
