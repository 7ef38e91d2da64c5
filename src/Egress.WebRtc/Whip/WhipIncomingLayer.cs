using System.Text;
using Egress.WebRtc.Sdp;
using Sfu.Core.Codecs.H264;
using Sfu.Core.Codecs.Vp8;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Egress.WebRtc.Whip;

/// <summary>
/// One RTP stream a WHIP publisher sends on a media line (the line's only one, or one simulcast encoding): the track
/// it feeds and the receive-side state for its SSRC.
/// </summary>
internal sealed class WhipIncomingLayer(MediaTrack track, string? rid, WhipRtcpFeedback feedback)
{
    private readonly H264KeyframeMarker? _h264Keyframes = track.Codec.Is("H264") ? new H264KeyframeMarker() : null;
    private readonly bool _isVp8 = track.Codec.Is("VP8");

    /// <summary>Set when a viewer (through the track's aggregation) or a lost packet needs a keyframe from the publisher.</summary>
    public int KeyframeWanted;

    /// <summary>The stream's track this RTP stream publishes into.</summary>
    public MediaTrack Track { get; } = track;

    /// <summary>Which RTCP feedback the answer allowed towards the publisher for this stream's line.</summary>
    public WhipRtcpFeedback Feedback { get; } = feedback;

    /// <summary>The simulcast rid (RFC 8852) that names this encoding in packets, or null without simulcast.</summary>
    public string? Rid { get; } = rid;

    /// <summary>The rid as the header extension carries it.</summary>
    public byte[] RidBytes { get; } = rid is null ? [] : Encoding.ASCII.GetBytes(rid);

    /// <summary>The publisher's SSRC for this stream, learned from its first packet.</summary>
    public uint? Ssrc { get; set; }

    /// <summary>The SSRC its retransmissions arrive with, learned from the offer or from a repaired-rid extension.</summary>
    public uint? RtxSsrc { get; set; }

    /// <summary>Loss, jitter and sender-report timing for receiver reports (created with the SSRC).</summary>
    public RtpReceiveStatistics? Statistics { get; set; }

    /// <summary>Missing sequence numbers to NACK (video, when NACK was negotiated).</summary>
    public NackGenerator? Nack { get; set; }

    /// <summary>The FIR command sequence number (RFC 5104), incremented per new request.</summary>
    public byte FirSequence { get; set; }

    /// <summary>Set (under the publisher's state lock) when the SSRC changed, until its first packet is queued.</summary>
    public bool RestartPending { get; set; }

    /// <summary>The statistics' restart count already acted on.</summary>
    public long SeenRestarts { get; set; }

    /// <summary>Holds packets that arrive out of order for a moment, so viewers get them in order.</summary>
    public RtpReorderBuffer? Reorder { get; set; }

    /// <summary>True when this (first-time, not retransmitted) packet starts a keyframe of the stream's codec.</summary>
    public bool IsKeyframeStart(uint rtpTimestamp, ReadOnlySpan<byte> payload) =>
        _h264Keyframes?.IsKeyframeStart(rtpTimestamp, payload) ?? (_isVp8 && Vp8KeyframeDetector.StartsKeyframe(payload));

    /// <summary>
    /// Records the picture size a keyframe declares (an H.264 SPS, a VP8 keyframe header) on the track when it
    /// changed: viewers are offered layers in order of size, and operators see it.
    /// </summary>
    public void ReadPictureSize(ReadOnlySpan<byte> payload)
    {
        int width, height;
        bool found = _isVp8
            ? Vp8KeyframeDetector.TryReadKeyframeSize(payload, out width, out height)
            : H264KeyframeMarker.TryReadSpsSize(payload, out width, out height);
        if (found && (Track.Width != width || Track.Height != height))
        {
            Track.UpdateCodec(Track.Codec, Track.CodecConfig, width, height);
        }
    }
}
