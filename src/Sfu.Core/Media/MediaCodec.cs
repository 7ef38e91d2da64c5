namespace Sfu.Core.Media;

/// <summary>A codec as SDP names it: encoding name, clock rate, channels and format parameters.</summary>
/// <param name="Name">Encoding name as in an SDP <c>a=rtpmap</c> line (e.g. <c>H264</c>, <c>opus</c>, <c>MPEG4-GENERIC</c>).</param>
/// <param name="ClockRate">RTP clock rate in Hz.</param>
/// <param name="Channels">Audio channels; 0 for video.</param>
/// <param name="Parameters">Format parameters (<c>a=fmtp</c>), e.g. <c>profile-level-id</c>.</param>
public sealed record MediaCodec(string Name, int ClockRate, int Channels, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>H.264 in RFC 6184 packetization mode 1 with the source's profile-level-id.</summary>
    public static MediaCodec H264(string profileLevelId) => new(
        "H264",
        90000,
        0,
        new Dictionary<string, string>
        {
            ["packetization-mode"] = "1",
            ["profile-level-id"] = profileLevelId,
            ["level-asymmetry-allowed"] = "1",
        });

    /// <summary>VP8 (RFC 7741), as browsers publish it over WHIP.</summary>
    public static MediaCodec Vp8() => new("VP8", 90000, 0, new Dictionary<string, string>());

    /// <summary>Opus as WebRTC sends it (RFC 7587): always 48000/2 in SDP, in-band FEC on.</summary>
    public static MediaCodec Opus() => new(
        "opus",
        48000,
        2,
        new Dictionary<string, string>
        {
            ["minptime"] = "10",
            ["useinbandfec"] = "1",
        });

    /// <summary>AAC frames (RFC 3640 naming); carried as frames, not RTP, until the codec bridge makes Opus.</summary>
    public static MediaCodec Aac(int sampleRate, int channels, string audioSpecificConfigHex) => new(
        "MPEG4-GENERIC",
        sampleRate,
        channels,
        new Dictionary<string, string>
        {
            ["mode"] = "AAC-hbr",
            ["config"] = audioSpecificConfigHex,
        });

    /// <summary>True when this codec's encoding name matches <paramref name="name"/> (case-insensitive, as in SDP).</summary>
    public bool Is(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override string ToString() =>
        Channels > 0 ? $"{Name}/{ClockRate}/{Channels}" : $"{Name}/{ClockRate}";
}
