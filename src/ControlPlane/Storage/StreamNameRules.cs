namespace ControlPlane.Storage;

/// <summary>Input rules shared by the store and the token service, so both accept exactly the same names.</summary>
internal static class StreamNameRules
{
    public const int MaxStreamNameLength = 200;
    public const int MaxLabelLength = 200;
    public const int MaxSecretNameLength = 200;

    public static void ValidateStreamName(string? stream, string paramName)
    {
        ArgumentNullException.ThrowIfNull(stream, paramName);
        if (stream.Length is 0 or > MaxStreamNameLength)
        {
            throw new ArgumentException(
                $"Stream name must be 1 to {MaxStreamNameLength} characters long (got {stream.Length}).", paramName);
        }

        foreach (var c in stream)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException("Stream name must not contain control characters.", paramName);
            }

            // Stream names appear as one URL path segment, so a slash would make routes ambiguous.
            if (c == '/')
            {
                throw new ArgumentException("Stream name must not contain '/'.", paramName);
            }
        }
    }

    public static void ValidateLabel(string? label, string paramName)
    {
        if (label is not null && label.Length > MaxLabelLength)
        {
            throw new ArgumentException(
                $"Label must be at most {MaxLabelLength} characters long (got {label.Length}).", paramName);
        }
    }

    public static void ValidateSecretName(string? name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (name.Length is 0 or > MaxSecretNameLength)
        {
            throw new ArgumentException(
                $"Secret name must be 1 to {MaxSecretNameLength} characters long (got {name.Length}).", paramName);
        }
    }
}
