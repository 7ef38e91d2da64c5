using System.Diagnostics.CodeAnalysis;

namespace Ingest.Rtmp.Flv;

/// <summary>Result of parsing a codec configuration record: a value when <see cref="Status"/> is Ok, otherwise a reason.</summary>
public readonly struct FlvParseResult<T>
    where T : class
{
    private FlvParseResult(FlvParseStatus status, string reason, T? value)
    {
        Status = status;
        Reason = reason;
        Value = value;
    }

    /// <summary>Gets the parse outcome.</summary>
    public FlvParseStatus Status { get; }

    /// <summary>Gets a human-readable explanation; empty when <see cref="Status"/> is Ok.</summary>
    public string Reason { get; }

    /// <summary>Gets the parsed value; non-null exactly when <see cref="IsOk"/>.</summary>
    public T? Value { get; }

    /// <summary>Gets a value indicating whether parsing succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsOk => Status == FlvParseStatus.Ok;

    /// <summary>Creates a successful result.</summary>
    internal static FlvParseResult<T> Ok(T value) => new(FlvParseStatus.Ok, string.Empty, value);

    /// <summary>Creates a failed result; <paramref name="status"/> must not be Ok.</summary>
    internal static FlvParseResult<T> Fail(FlvParseStatus status, string reason) => new(status, reason, null);

    /// <inheritdoc/>
    public override string ToString() => IsOk ? $"Ok: {Value}" : $"{Status}: {Reason}";
}
