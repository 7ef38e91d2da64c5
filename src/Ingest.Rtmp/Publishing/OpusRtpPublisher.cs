using System.Diagnostics;
using Media.FFmpeg.Audio;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Ingest.Rtmp.Publishing;

/// <summary>Puts each Opus packet of the codec bridge into one RTP packet (RFC 7587) and publishes it on the Opus track.</summary>
internal sealed class OpusRtpPublisher : IOpusPacketSink
{
    /// <summary>Payload type of the source RTP; viewers get what their SDP negotiated.</summary>
    public const byte PayloadType = 111;

    private readonly MediaTrack _track;
    private readonly RtpPacketPool _pool;
    private readonly uint _timestampBase = (uint)Random.Shared.NextInt64(0, uint.MaxValue);

    /// <summary>RTP timestamp of media time zero: the transcoder's 48 kHz timestamps count from the RTMP clock's zero.</summary>
    public uint TimestampBase => _timestampBase;
    private ushort _sequence = (ushort)Random.Shared.Next(0, 65536);
    private bool _first = true;

    public OpusRtpPublisher(MediaTrack track, RtpPacketPool pool)
    {
        _track = track;
        _pool = pool;
    }

    public void OnPacket(OpusPacket packet)
    {
        var rtp = _pool.Rent();
        try
        {
            int header = rtp.WriteHeader(PayloadType, _first, _sequence++, unchecked(_timestampBase + (uint)packet.Timestamp), _track.Ssrc);
            packet.Data.CopyTo(rtp.Buffer.AsSpan(header));
            rtp.Length = header + packet.Data.Length;
            rtp.ArrivalTimestamp = Stopwatch.GetTimestamp();
            _first = false;
            _track.PublishPacket(rtp);
            _track.CountFrame(keyframe: true);
        }
        finally
        {
            rtp.Release();
        }
    }
}
