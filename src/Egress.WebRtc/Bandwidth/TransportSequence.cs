namespace Egress.WebRtc.Bandwidth;

/// <summary>Turns 16-bit transport-wide sequence numbers into a monotonic 64-bit count.</summary>
internal static class TransportSequence
{
    /// <summary>Unwraps <paramref name="sequence"/> to the value nearest <paramref name="reference"/>.</summary>
    /// <remarks>Nearest-value unwrapping is correct as long as packets are less than 32768 numbers apart.</remarks>
    public static long Unwrap(ushort sequence, long reference)
    {
        var delta = (short)(sequence - (ushort)reference);
        return reference + delta;
    }
}
