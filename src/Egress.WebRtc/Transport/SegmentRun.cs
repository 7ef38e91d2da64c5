namespace Egress.WebRtc.Transport;

/// <summary>
/// Datagrams of one size laid end to end in a send buffer (the last may be shorter): what one UDP GSO message carries.
/// </summary>
/// <param name="Offset">Where the run starts in the buffer.</param>
/// <param name="Length">Bytes in the run.</param>
/// <param name="SegmentSize">Size of every datagram but the last.</param>
public readonly record struct SegmentRun(int Offset, int Length, int SegmentSize)
{
    /// <summary>Datagrams in the run.</summary>
    public int Count => (Length + SegmentSize - 1) / SegmentSize;
}
