using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>The packets of a video track since its last keyframe, so a new viewer starts with a picture at once.</summary>
/// <remarks>
/// Only touched on the publisher's thread (appends, and snapshots for joins the track runs there), so no lock.
/// Bounded: a stream with very long GOPs keeps only its newest packets and viewers wait for the next keyframe.
/// </remarks>
public sealed class KeyframeCache
{
    private readonly List<RtpPacket> _packets;
    private readonly int _maxPackets;
    private bool _valid;

    /// <summary>Creates a cache holding at most <paramref name="maxPackets"/> packets (≈ 1.2 KB each).</summary>
    public KeyframeCache(int maxPackets = 4096)
    {
        _maxPackets = maxPackets;
        _packets = new List<RtpPacket>(Math.Min(maxPackets, 1024));
    }

    /// <summary>When the cached keyframe arrived (<see cref="System.Diagnostics.Stopwatch"/> ticks); 0 when none is held.</summary>
    public long KeyframeArrival => _valid && _packets.Count > 0 ? _packets[0].ArrivalTimestamp : 0;

    /// <summary>Packets held now; 0 until the first keyframe.</summary>
    public int Count => _valid ? _packets.Count : 0;

    /// <summary>Records a packet: a keyframe start clears what came before.</summary>
    public void Add(RtpPacket packet)
    {
        if (packet.IsKeyframeStart)
        {
            Clear();
            _valid = true;
        }

        if (!_valid)
        {
            return;
        }

        if (_packets.Count >= _maxPackets)
        {
            // The GOP outgrew the cache: a viewer could not decode from here, so stop caching until the next keyframe.
            Clear();
            return;
        }

        _packets.Add(packet.Retain());
    }

    /// <summary>Hands every cached packet, oldest first, to <paramref name="sink"/>.</summary>
    public void Replay(Action<RtpPacket> sink)
    {
        if (!_valid)
        {
            return;
        }

        foreach (var packet in _packets)
        {
            sink(packet);
        }
    }

    /// <summary>Releases every cached packet.</summary>
    public void Clear()
    {
        foreach (var packet in _packets)
        {
            packet.Release();
        }

        _packets.Clear();
        _valid = false;
    }
}
