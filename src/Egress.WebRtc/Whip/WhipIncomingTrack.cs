namespace Egress.WebRtc.Whip;

/// <summary>One media line a WHIP publisher sends: its payload types and the RTP streams (layers) on it.</summary>
internal sealed class WhipIncomingTrack(byte payloadType, byte? rtxPayloadType, IReadOnlyList<WhipIncomingLayer> layers)
{
    /// <summary>The negotiated media payload type.</summary>
    public byte PayloadType { get; } = payloadType;

    /// <summary>The negotiated RTX payload type, if any.</summary>
    public byte? RtxPayloadType { get; } = rtxPayloadType;

    /// <summary>The line's RTP streams: one, or one per simulcast rid.</summary>
    public IReadOnlyList<WhipIncomingLayer> Layers { get; } = layers;

    /// <summary>True when the layers are simulcast encodings told apart by rid.</summary>
    public bool IsSimulcast => Layers.Count > 1 || Layers[0].Rid is not null;

    /// <summary>The rid header extension id (0: not negotiated).</summary>
    public int RidExtensionId { get; init; }

    /// <summary>The repaired-rid header extension id (0: not negotiated).</summary>
    public int RepairedRidExtensionId { get; init; }
}
