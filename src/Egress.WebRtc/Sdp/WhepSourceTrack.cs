namespace Egress.WebRtc.Sdp;

/// <summary>A track the server can send: codec as produced by the source, SSRC and identifiers for a=msid and a=ssrc.</summary>
public sealed record WhepSourceTrack
{
    /// <summary>Gets the media kind.</summary>
    public required SdpMediaKind Kind { get; init; }

    /// <summary>Gets the RTP encoding name, e.g. H264 or opus.</summary>
    public required string CodecName { get; init; }

    /// <summary>Gets the RTP clock rate.</summary>
    public required int ClockRate { get; init; }

    /// <summary>Gets the channel count of an audio codec as written in rtpmap (opus is always 2), null for video.</summary>
    public int? Channels { get; init; }

    /// <summary>Gets the source's format parameters; for H.264 profile-level-id is required.</summary>
    public IReadOnlyDictionary<string, string> Fmtp { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the SSRC we send with.</summary>
    public required uint Ssrc { get; init; }

    /// <summary>Gets the SSRC of the RTX stream for retransmissions (video), or null when we offer none.</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>Gets the RTCP CNAME.</summary>
    public required string CName { get; init; }

    /// <summary>Gets the msid stream id.</summary>
    public required string StreamId { get; init; }

    /// <summary>Gets the msid track id.</summary>
    public required string TrackId { get; init; }

    /// <summary>Creates an H.264 video track.</summary>
    public static WhepSourceTrack H264(string profileLevelId, uint ssrc, string cname, string streamId, string trackId) => new()
    {
        Kind = SdpMediaKind.Video,
        CodecName = "H264",
        ClockRate = 90000,
        Fmtp = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["profile-level-id"] = profileLevelId },
        Ssrc = ssrc,
        CName = cname,
        StreamId = streamId,
        TrackId = trackId,
    };

    /// <summary>Creates a VP8 video track (a WHIP publisher's).</summary>
    public static WhepSourceTrack Vp8(uint ssrc, string cname, string streamId, string trackId) => new()
    {
        Kind = SdpMediaKind.Video,
        CodecName = "VP8",
        ClockRate = 90000,
        Ssrc = ssrc,
        CName = cname,
        StreamId = streamId,
        TrackId = trackId,
    };

    /// <summary>Creates an Opus audio track (opus/48000/2 as RFC 7587 requires).</summary>
    public static WhepSourceTrack Opus(uint ssrc, string cname, string streamId, string trackId) => new()
    {
        Kind = SdpMediaKind.Audio,
        CodecName = "opus",
        ClockRate = 48000,
        Channels = 2,
        Ssrc = ssrc,
        CName = cname,
        StreamId = streamId,
        TrackId = trackId,
    };
}
