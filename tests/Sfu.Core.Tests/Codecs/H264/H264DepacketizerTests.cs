using Sfu.Core.Codecs.H264;
using Sfu.Core.Rtp;
using static Sfu.Core.Tests.Codecs.H264.H264TestData;

namespace Sfu.Core.Tests.Codecs.H264;

public sealed class H264DepacketizerTests : IDisposable
{
    private readonly RtpPacketPool _pool = new();
    private readonly List<RtpPacket> _rented = [];
    private readonly H264Depacketizer _depacketizer = new();

    public void Dispose() => _rented.ForEach(p => p.Release());

    [Fact]
    public void ReassemblesFuAWithHeaderFromIndicatorAndFuHeader()
    {
        Assert.Equal(H264DepacketizerStatus.Pending, Push(1, 100, false, [0xDC, 0x85, 1, 2]));
        Assert.Equal(H264DepacketizerStatus.Pending, Push(2, 100, false, [0xDC, 0x05, 3]));
        Assert.Equal(H264DepacketizerStatus.Completed, Push(3, 100, true, [0xDC, 0x45, 4], out var accessUnit));

        Assert.Equal(100u, accessUnit!.Timestamp);
        Assert.Equal([new byte[] { 0xC5, 1, 2, 3, 4 }], accessUnit.NalUnits);
        Assert.True(accessUnit.ContainsIdr);
    }

    [Fact]
    public void LossInsideAnAccessUnitDropsIt()
    {
        var packets = Packetize(0, Nal(0x65, 3000));
        Assert.Equal(3, packets.Count);

        Assert.Equal(H264DepacketizerStatus.Pending, _depacketizer.Push(packets[0], out _));
        Assert.Equal(H264DepacketizerStatus.Dropped, _depacketizer.Push(packets[2], out var accessUnit));
        Assert.Null(accessUnit);
        Assert.Equal(1, _depacketizer.DroppedAccessUnits);

        foreach (var packet in Packetize(3, Nal(0x41, 50)))
        {
            Assert.Equal(H264DepacketizerStatus.Completed, _depacketizer.Push(packet, out accessUnit));
        }

        Assert.Equal([Nal(0x41, 50)], accessUnit!.NalUnits);
    }

    [Fact]
    public void LossBetweenAccessUnitsDropsTheNextOne()
    {
        // Sequence 1 is lost; it might have been the first packet of the access unit at timestamp 200.
        Assert.Equal(H264DepacketizerStatus.Completed, Push(0, 100, true, [0x41, 1]));
        Assert.Equal(H264DepacketizerStatus.Dropped, Push(2, 200, true, [0x41, 2]));
        Assert.Equal(H264DepacketizerStatus.Completed, Push(3, 300, true, [0x41, 3]));
        Assert.Equal(1, _depacketizer.DroppedAccessUnits);
    }

    [Fact]
    public void TimestampChangeWithoutMarkerDropsTheUnfinishedAccessUnit()
    {
        Assert.Equal(H264DepacketizerStatus.Pending, Push(0, 100, false, [0x41, 1]));
        Assert.Equal(H264DepacketizerStatus.Dropped, Push(1, 200, false, [0x41, 2]));
        Assert.Equal(H264DepacketizerStatus.Completed, Push(2, 200, true, [0x41, 3], out var accessUnit));
        Assert.Equal([new byte[] { 0x41, 2 }, [0x41, 3]], accessUnit!.NalUnits);
        Assert.Equal(1, _depacketizer.DroppedAccessUnits);
    }

    [Fact]
    public void SequenceNumbersMayWrap()
    {
        Assert.Equal(H264DepacketizerStatus.Pending, Push(65535, 100, false, [0x41, 1]));
        Assert.Equal(H264DepacketizerStatus.Completed, Push(0, 100, true, [0x41, 2]));
        Assert.Equal(0, _depacketizer.DroppedAccessUnits);
    }

    [Theory]
    [InlineData("7c0501", "7c4502")] // FU-A continuation without a start
    [InlineData("7c8501", "7c4a02")] // FU-A type changes mid-fragment
    [InlineData("7c8501", "4101")] // single NAL unit interrupts a fragment
    [InlineData("7c8501", "7c0502")] // marker arrives with the fragment still open
    [InlineData("7cc501", "4101")] // start and end in one FU-A
    [InlineData("4101", "180005410203")] // STAP-A size runs past the end
    [InlineData("4101", "18000041")] // STAP-A with a zero-size entry
    [InlineData("4101", "18")] // empty STAP-A
    [InlineData("4101", "19000241")] // STAP-B is not packetization-mode 1
    [InlineData("4101", "7c")] // FU-A without its header
    public void MalformedPayloadDropsTheAccessUnit(string first, string last)
    {
        Push(10, 100, false, Convert.FromHexString(first));
        Assert.Equal(H264DepacketizerStatus.Dropped, Push(11, 100, true, Convert.FromHexString(last), out var accessUnit));
        Assert.Null(accessUnit);
        Assert.Equal(1, _depacketizer.DroppedAccessUnits);

        Assert.Equal(H264DepacketizerStatus.Completed, Push(12, 200, true, [0x41, 9]));
    }

    [Fact]
    public void WritesAnnexB()
    {
        var accessUnit = new H264AccessUnit(0, [[0x67, 1], [0x65, 2, 3]]);
        Assert.Equal([0, 0, 0, 1, 0x67, 1, 0, 0, 0, 1, 0x65, 2, 3], accessUnit.ToAnnexB());
        Assert.False(new H264AccessUnit(0, [[0x41]]).ContainsIdr);
    }

    private H264DepacketizerStatus Push(ushort sequence, uint timestamp, bool marker, byte[] payload) =>
        Push(sequence, timestamp, marker, payload, out _);

    private H264DepacketizerStatus Push(ushort sequence, uint timestamp, bool marker, byte[] payload, out H264AccessUnit? accessUnit)
    {
        var packet = _pool.Rent();
        _rented.Add(packet);
        int offset = packet.WriteHeader(96, marker, sequence, timestamp, 1);
        payload.CopyTo(packet.Buffer, offset);
        packet.Length = offset + payload.Length;
        return _depacketizer.Push(packet, out accessUnit);
    }

    private List<RtpPacket> Packetize(ushort sequence, params byte[][] nals)
    {
        var packets = new List<RtpPacket>();
        var packetizer = new H264Packetizer(96, 1, sequence, _pool);
        Assert.True(packetizer.PacketizeAvcc(Avcc(nals), 4, sequence, 0, packets));
        _rented.AddRange(packets);
        return packets;
    }
}
