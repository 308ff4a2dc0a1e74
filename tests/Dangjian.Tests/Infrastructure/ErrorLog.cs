using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dangjian.Tests.Infrastructure;

// Compiled into both test projects (the browser tests link this file): one collector of the server's errors.

/// <summary>Errors logged by the server, so that a test or journey can fail on one it did not expect.</summary>
public sealed class ErrorLog
{
    private readonly ConcurrentQueue<string> _entries = new();

    public int Count => _entries.Count;

    public void Add(string entry) => _entries.Enqueue(entry);

    public IReadOnlyList<string> Since(int mark) => _entries.Skip(mark).ToList();
}

internal sealed class ErrorLogProvider(ErrorLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ErrorLogger(log, categoryName);

    public void Dispose()
    {
    }

    private sealed class ErrorLogger(ErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                log.Add($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
