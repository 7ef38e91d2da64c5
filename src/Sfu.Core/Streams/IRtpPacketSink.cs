using Sfu.Core.Rtp;

namespace Sfu.Core.Streams;

/// <summary>Receives a track's RTP packets on the publisher's thread; must not block.</summary>
public interface IRtpPacketSink
{
    /// <summary>True once the sink wants no more packets; a join still queued for it is dropped.</summary>
    bool IsClosed => false;

    /// <summary>Called once per packet; retain the packet to keep it past the call.</summary>
    void OnPacket(MediaTrack track, RtpPacket packet);

    /// <summary>Called with a run of packets in order (one access unit from an encoder); by default one by one.</summary>
    void OnPackets(MediaTrack track, ReadOnlySpan<RtpPacket> packets)
    {
        foreach (var packet in packets)
        {
            OnPacket(track, packet);
        }
    }
}
