using Sfu.Core.Media;
using Sfu.Core.Streams;

namespace Sfu.Core.Relay;

/// <summary>What an edge needs to recreate one of the origin's RTP tracks: identity, codec, and how keyframes are had.</summary>
/// <param name="Index">The track's number in this relay's packet messages.</param>
/// <param name="Id">The track's id in its stream (<c>video</c>, <c>video-h</c>, <c>audio-opus</c>, …).</param>
/// <param name="Kind">Audio or video.</param>
/// <param name="Codec">Encoding name as SDP spells it.</param>
/// <param name="ClockRate">RTP clock rate.</param>
/// <param name="Channels">Audio channels; 0 for video.</param>
/// <param name="Parameters">Format parameters.</param>
/// <param name="Ssrc">The origin's SSRC for the track (viewers get their own).</param>
/// <param name="Rid">The simulcast encoding, when the track is one.</param>
/// <param name="Width">Picture width the last keyframe declared.</param>
/// <param name="Height">Picture height the last keyframe declared.</param>
/// <param name="KeyframesOnDemand">Whether the origin's source makes a keyframe when asked (a WebRTC publisher does, RTMP does not).</param>
public sealed record RelayTrackDescription(
    int Index,
    string Id,
    MediaKind Kind,
    string Codec,
    int ClockRate,
    int Channels,
    Dictionary<string, string> Parameters,
    uint Ssrc,
    string? Rid,
    int? Width,
    int? Height,
    bool KeyframesOnDemand)
{
    /// <summary>Describes <paramref name="track"/> as the relay's track number <paramref name="index"/>.</summary>
    public static RelayTrackDescription Of(int index, MediaTrack track) => new(
        index,
        track.Id,
        track.Kind,
        track.Codec.Name,
        track.Codec.ClockRate,
        track.Codec.Channels,
        new Dictionary<string, string>(track.Codec.Parameters),
        track.Ssrc,
        track.Rid,
        track.Width,
        track.Height,
        track.MakesKeyframesOnDemand);

    /// <summary>The codec as the edge's track carries it.</summary>
    public MediaCodec ToCodec() => new(Codec, ClockRate, Channels, Parameters);

    /// <summary>Whether a track travels over the relay: RTP media a viewer can play (not an RTMP source's raw AAC frames).</summary>
    public static bool IsRelayed(MediaTrack track) =>
        track.Codec.Is("H264") || track.Codec.Is("VP8") || track.Codec.Is("opus");
}
