using System.Runtime.InteropServices;

namespace Egress.WebRtc.Bandwidth;

/// <summary>What the sender remembers about one transport-cc numbered packet until feedback for it arrives.</summary>
/// <remarks>Packed to 12 bytes so a 1024-slot history stays near 12 KB per viewer.</remarks>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly struct SentPacket
{
    public SentPacket(long sendTimestamp, ushort sequence, ushort sizeBytes)
    {
        SendTimestamp = sendTimestamp;
        Sequence = sequence;
        SizeBytes = sizeBytes;
    }

    /// <summary>Stopwatch timestamp at which the packet left the sender.</summary>
    public long SendTimestamp { get; }

    /// <summary>Transport-wide sequence number, kept to tell the packet from older ones sharing its slot.</summary>
    public ushort Sequence { get; }

    /// <summary>Wire size; RTP over UDP never exceeds 65535 bytes.</summary>
    public ushort SizeBytes { get; }
}
