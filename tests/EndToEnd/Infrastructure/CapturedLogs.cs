using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EndToEnd.Infrastructure;

/// <summary>Every log line the server writes (Debug and up), so tests can check what reaches an operator's logs.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>The lines so far, as <c>category: message</c>.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>All lines as one text.</summary>
    public string Text => string.Join('\n', _lines);

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
    }
}
