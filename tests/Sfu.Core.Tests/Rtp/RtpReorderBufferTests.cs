using System.Diagnostics;
using CsCheck;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Rtp;

public sealed class RtpReorderBufferTests
{
    private static readonly long Millisecond = Stopwatch.Frequency / 1000;
    private readonly RtpPacketPool _pool = new();

    [Fact]
    public void SwappedPacketsComeOutInOrderAtOnceWhenTheGapFills()
    {
        var buffer = new RtpReorderBuffer();
        buffer.Add(Packet(65534), 0);
        buffer.Add(Packet(0), 0);
        Assert.Equal([(65534, true)], TakeAll(buffer, 0));
        Assert.Equal(1, buffer.HeldCount);

        buffer.Add(Packet(65535), Millisecond);
        Assert.Equal([(65535, true), (0, true)], TakeAll(buffer, Millisecond));
    }

    [Fact]
    public void AGapNotFilledWithinTheHoldIsSkippedAndTheMissingPacketLaterPassesAsLate()
    {
        var buffer = new RtpReorderBuffer(maxHold: TimeSpan.FromMilliseconds(10));
        buffer.Add(Packet(10), 0);
        buffer.Add(Packet(12), 0);
        buffer.Add(Packet(13), 2 * Millisecond);
        Assert.Equal([(10, true)], TakeAll(buffer, 9 * Millisecond));
        Assert.Equal(10 * Millisecond, buffer.NextDeadline);

        Assert.Equal([(12, true), (13, true)], TakeAll(buffer, 10 * Millisecond));
        Assert.Equal(1, buffer.GapsSkipped);

        // The retransmission of 11 arrives after the gap was given up: forwarded, but not as in order.
        buffer.Add(Packet(11), 40 * Millisecond);
        buffer.Add(Packet(14), 40 * Millisecond);
        Assert.Equal([(11, false), (14, true)], TakeAll(buffer, 40 * Millisecond));
    }

    [Fact]
    public void DuplicatesOfHeldPacketsAreDroppedAndAJumpFlushesWhatWasHeld()
    {
        var buffer = new RtpReorderBuffer(capacity: 16);
        buffer.Add(Packet(1), 0);
        buffer.Add(Packet(3), 0);
        buffer.Add(Packet(3), 0);
        Assert.Equal(1, buffer.Duplicates);
        buffer.Add(Packet(1000), 0);
        Assert.Equal([(1, true), (3, true), (1000, true)], TakeAll(buffer, 0));
        Assert.Equal(0, buffer.HeldCount);
    }

    [Fact]
    public void RejectsACapacityThatDoesNotDivideTheSequenceSpace() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpReorderBuffer(capacity: 48));

    [Fact]
    public void AnyShuffleWithinTheWindowComesOutComplete()
    {
        // Property: packets shuffled within small windows, across the wrap, none lost: every one comes out exactly
        // once, in order when taken before its hold ran out, and the in-order ones are strictly increasing.
        Gen.Int[0, 65535].Select(Gen.Int[1, 200], Gen.Int[1, 6]).Sample((start, count, window) =>
        {
            var order = Enumerable.Range(0, count).Select(i => (ushort)(start + i)).ToArray();
            var random = new Random(start ^ count);
            for (int i = 0; i + window <= order.Length; i += window)
            {
                random.Shuffle(order.AsSpan(i, window));
            }

            var buffer = new RtpReorderBuffer();
            var output = new List<(int Sequence, bool InOrder)>();
            foreach (ushort sequence in order)
            {
                buffer.Add(Packet(sequence), 0);
                output.AddRange(TakeAll(buffer, 0));
            }

            output.AddRange(TakeAll(buffer, long.MaxValue / 2));
            Assert.Equal(count, output.Count);
            Assert.Equal(order.Select(s => (int)s).Order(), output.Select(o => o.Sequence).Order());
            var inOrder = output.Where(o => o.InOrder).Select(o => (ushort)(o.Sequence - start)).ToArray();
            Assert.True(inOrder.Zip(inOrder.Skip(1)).All(p => p.First < p.Second));
        });
    }

    private RtpPacket Packet(ushort sequence)
    {
        var packet = _pool.Rent();
        packet.Length = packet.WriteHeader(96, false, sequence, 0, 1);
        return packet;
    }

    private static List<(int Sequence, bool InOrder)> TakeAll(RtpReorderBuffer buffer, long now)
    {
        var taken = new List<(int, bool)>();
        while (buffer.TryTake(now, out var packet, out bool inOrder))
        {
            taken.Add((packet.SequenceNumber, inOrder));
            packet.Release();
        }

        return taken;
    }
}
