using System.Buffers.Binary;
using System.Diagnostics;

using EndToEnd.Infrastructure;

namespace EndToEnd.Impairment;

/// <summary>Builders for datagrams that look like the protocols a WebRTC 5-tuple carries.</summary>
internal static class Packets
{
    /// <summary>An RTP packet (V=2, PT 96) carrying a sequence number and the send time in its payload.</summary>
    public static byte[] Rtp(int sequence, int length = 100)
    {
        var packet = new byte[Math.Max(length, 24)];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)sequence);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(12), sequence);
        BinaryPrimitives.WriteInt64BigEndian(packet.AsSpan(16), Stopwatch.GetTimestamp());
        return packet;
    }

    /// <summary>A packet whose first two bytes are given, padded to a plausible size, with a sequence number.</summary>
    public static byte[] WithHeader(byte first, byte second, int sequence)
    {
        var packet = new byte[60];
        packet[0] = first;
        packet[1] = second;
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(12), sequence);
        return packet;
    }

    public static int SequenceOf(byte[] packet) => BinaryPrimitives.ReadInt32BigEndian(packet.AsSpan(12));

    public static long SentAt(byte[] packet) => BinaryPrimitives.ReadInt64BigEndian(packet.AsSpan(16));

    /// <summary>Polls a condition; the proxy works on its own threads, so tests wait for it to settle.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            Thread.Sleep(5);
        }

        return true;
    }

    public static double Milliseconds(long stopwatchTicks) => stopwatchTicks * 1000.0 / Stopwatch.Frequency;
}
