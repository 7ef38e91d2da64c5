using Egress.WebRtc.Peers;
using Sfu.Core.Sessions;

namespace Egress.WebRtc.Whep;

/// <summary>A WHEP viewer as the operator sees it.</summary>
internal sealed class WhepSession : IMediaSession
{
    private readonly WebRtcPeer _peer;

    public WhepSession(WebRtcPeer peer, string streamName)
    {
        _peer = peer;
        StreamName = streamName;
    }

    public string Id => _peer.Id;

    public SessionRole Role => SessionRole.Viewer;

    public string Protocol => "whep";

    public string StreamName { get; }

    public string RemoteAddress => _peer.RemoteAddress;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public string? KeyId => null;

    public SessionSnapshot Snapshot()
    {
        var stats = _peer.Stats;
        return new SessionSnapshot
        {
            State = _peer.State.ToString().ToLowerInvariant(),
            PacketsSent = _peer.PacketsSent,
            BytesSent = _peer.BytesSent,
            PacketsReceived = _peer.PacketsReceived,
            BytesReceived = _peer.BytesReceived,
            RoundTripTime = stats.RoundTripTime,
            FractionLost = stats.FractionLost,
            PacketsLost = stats.CumulativeLost,
            NacksReceived = stats.NackedPackets,
            RetransmissionsSent = _peer.RetransmissionsSent,
            KeyframeRequests = stats.KeyframeRequests,
            BandwidthEstimateBitsPerSecond = _peer.BandwidthEstimate,
            CurrentLayer = _peer.CurrentLayer,
        };
    }

    public void Close(string reason) => _peer.Close(reason);
}
