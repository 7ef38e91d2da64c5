namespace Sfu.Core.Forwarding;

/// <summary>What a subscription has sent, for RTCP sender reports and stats.</summary>
public sealed class SubscriptionCounters
{
    private long _packets;
    private long _octets;

    /// <summary>Packets sent.</summary>
    public long Packets => Volatile.Read(ref _packets);

    /// <summary>Payload octets sent (RTCP SR counts payload only).</summary>
    public long PayloadOctets => Volatile.Read(ref _octets);

    internal void Add(int payloadOctets)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _octets, payloadOctets);
    }
}
