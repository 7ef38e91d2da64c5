namespace Egress.WebRtc.Sdp;

/// <summary>An offered m-line that carries no media in the answer: rejected with port 0, or inactive to keep the BUNDLE transport.</summary>
public sealed record WhipRejectedMedia
{
    /// <summary>Gets the m-line index in the offer (and answer).</summary>
    public required int Index { get; init; }

    /// <summary>Gets the mid, if the offer had one.</summary>
    public string? Mid { get; init; }

    /// <summary>Gets the media type of the m-line (audio, video, application...).</summary>
    public required string Media { get; init; }

    /// <summary>Gets a value indicating whether the line kept its port, inactive, because it carries the offer's BUNDLE transport.</summary>
    public bool KeptForBundle { get; init; }

    /// <summary>Gets why no media is taken on this line.</summary>
    public required string Reason { get; init; }
}
