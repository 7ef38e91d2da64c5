using Egress.WebRtc.Peers;
using Sfu.Core.Sessions;

namespace Egress.WebRtc.Whip;

/// <summary>A WHIP publisher as the operator sees it.</summary>
internal sealed class WhipSession(WebRtcPeer peer, string streamName, string? keyId) : IMediaSession
{
    public string Id => peer.Id;

    public SessionRole Role => SessionRole.Publisher;

    public string Protocol => "whip";

    public string StreamName { get; } = streamName;

    public string RemoteAddress => peer.RemoteAddress;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public string? KeyId { get; } = keyId;

    public SessionSnapshot Snapshot() => new()
    {
        State = peer.State.ToString().ToLowerInvariant(),
        PacketsSent = peer.PacketsSent,
        BytesSent = peer.BytesSent,
        PacketsReceived = peer.PacketsReceived,
        BytesReceived = peer.BytesReceived,
        RoundTripTime = peer.Stats.RoundTripTime,
    };

    public void Close(string reason) => peer.Close(reason);
}
