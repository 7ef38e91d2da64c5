namespace Ingest.Rtmp.Publishing;

/// <summary>The encoder sent a codec or format this server does not take; the encoder is told why and disconnected.</summary>
public sealed class UnsupportedMediaException : Exception
{
    /// <summary>Creates the exception with the reason the encoder and the log get.</summary>
    public UnsupportedMediaException(string message)
        : base(message)
    {
    }
}
