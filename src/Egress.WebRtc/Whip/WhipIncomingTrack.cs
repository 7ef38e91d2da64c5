using Egress.WebRtc.Sdp;
using Sfu.Core.Codecs.H264;
using Sfu.Core.Codecs.Vp8;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Egress.WebRtc.Whip;

/// <summary>One media line a WHIP publisher sends: the track it feeds and the receive-side state for its SSRC.</summary>
internal sealed class WhipIncomingTrack(MediaTrack track, byte payloadType, byte? rtxPayloadType, WhipRtcpFeedback feedback)
{
    /// <summary>The stream's track this line publishes into.</summary>
    public MediaTrack Track { get; } = track;

    /// <summary>The negotiated media payload type.</summary>
    public byte PayloadType { get; } = payloadType;

    /// <summary>The negotiated RTX payload type, if any.</summary>
    public byte? RtxPayloadType { get; } = rtxPayloadType;

    /// <summary>Which RTCP feedback the answer allowed towards the publisher.</summary>
    public WhipRtcpFeedback Feedback { get; } = feedback;

    /// <summary>The publisher's SSRC for this line, learned from its first packet.</summary>
    public uint? Ssrc { get; set; }

    /// <summary>Loss, jitter and sender-report timing for receiver reports (created with the SSRC).</summary>
    public RtpReceiveStatistics? Statistics { get; set; }

    /// <summary>Missing sequence numbers to NACK (video, when NACK was negotiated).</summary>
    public NackGenerator? Nack { get; set; }

    private readonly H264KeyframeMarker? _h264Keyframes = track.Codec.Is("H264") ? new H264KeyframeMarker() : null;
    private readonly bool _isVp8 = track.Codec.Is("VP8");

    /// <summary>Set when a viewer (through the track's aggregation) or a lost packet needs a keyframe from the publisher.</summary>
    public int KeyframeWanted;

    /// <summary>True when this (first-time, not retransmitted) packet starts a keyframe of the line's codec.</summary>
    public bool IsKeyframeStart(uint rtpTimestamp, ReadOnlySpan<byte> payload) =>
        _h264Keyframes?.IsKeyframeStart(rtpTimestamp, payload) ?? (_isVp8 && Vp8KeyframeDetector.StartsKeyframe(payload));

    /// <summary>The FIR command sequence number (RFC 5104), incremented per new request.</summary>
    public byte FirSequence { get; set; }
}
