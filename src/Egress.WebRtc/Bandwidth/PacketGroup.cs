namespace Egress.WebRtc.Bandwidth;

/// <summary>A burst of packets sent close together, treated as one sample of the path's delay.</summary>
internal struct PacketGroup
{
    /// <summary>Whether any packet has been added since the group was started.</summary>
    public bool HasPackets;

    /// <summary>Send time of the first packet; later packets join while within the burst interval of it.</summary>
    public double FirstSendMs;

    /// <summary>Latest send time in the group.</summary>
    public double LastSendMs;

    /// <summary>Arrival of the first packet, bounding how long a burst may stretch at the receiver.</summary>
    public double FirstArrivalMs;

    /// <summary>Latest arrival in the group: the moment the whole burst had crossed the path.</summary>
    public double LastArrivalMs;

    /// <summary>Starts a group with one packet.</summary>
    public static PacketGroup Start(double sendMs, double arrivalMs) => new()
    {
        HasPackets = true,
        FirstSendMs = sendMs,
        LastSendMs = sendMs,
        FirstArrivalMs = arrivalMs,
        LastArrivalMs = arrivalMs,
    };

    /// <summary>Adds a packet that belongs to this burst.</summary>
    public void Add(double sendMs, double arrivalMs)
    {
        LastSendMs = Math.Max(LastSendMs, sendMs);
        LastArrivalMs = Math.Max(LastArrivalMs, arrivalMs);
    }
}
