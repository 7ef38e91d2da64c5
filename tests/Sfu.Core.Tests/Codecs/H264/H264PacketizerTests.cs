using Sfu.Core.Codecs.H264;
using Sfu.Core.Rtp;
using static Sfu.Core.Tests.Codecs.H264.H264TestData;

namespace Sfu.Core.Tests.Codecs.H264;

public sealed class H264PacketizerTests : IDisposable
{
    private readonly RtpPacketPool _pool = new();
    private readonly List<RtpPacket> _packets = [];

    public void Dispose()
    {
        foreach (var packet in _packets)
        {
            packet.Release();
        }
    }

    [Fact]
    public void SendsASmallNalUnitAsASingleNalUnitPacket()
    {
        var packetizer = new H264Packetizer(96, 0x11223344, 1000, _pool);
        var nal = Nal(0x41, 500);

        Assert.True(packetizer.PacketizeAvcc(Avcc(nal), 4, 90_000, 123, _packets));

        var packet = Assert.Single(_packets);
        Assert.Equal(96, packet.PayloadType);
        Assert.Equal(0x11223344u, packet.Ssrc);
        Assert.Equal(1000, packet.SequenceNumber);
        Assert.Equal(90_000u, packet.Timestamp);
        Assert.Equal(123, packet.ArrivalTimestamp);
        Assert.True(packet.Marker);
        Assert.False(packet.IsKeyframeStart);
        Assert.Equal(RtpPacket.FixedHeaderSize + 500, packet.Length);
        Assert.Equal(nal, packet.Payload.ToArray());
        Assert.Equal(1001, packetizer.NextSequenceNumber);
    }

    [Fact]
    public void AggregatesSmallNalUnitsIntoStapA()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool);
        var sei = Nal(0x06, 10);
        var forbidden = Nal(0xC1, 5); // F=1, NRI=2
        var slice = Nal(0x21, 7); // NRI=1

        Assert.True(packetizer.PacketizeAvcc(Avcc(sei, forbidden, slice), 4, 0, 0, _packets));

        var packet = Assert.Single(_packets);
        byte[] expected = [0xD8, 0, 10, .. sei, 0, 5, .. forbidden, 0, 7, .. slice];
        Assert.Equal(expected, packet.Payload.ToArray());
        Assert.True(packet.Marker);
    }

    [Fact]
    public void FillsAStapAExactlyToTheBudget()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool, maxPayloadSize: 100);

        // 1 + (2 + 48) + (2 + 47) = 100 fits; a third NAL unit goes into the next packet.
        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0x41, 48), Nal(0x41, 47), Nal(0x41, 40)), 4, 0, 0, _packets));

        Assert.Equal(2, _packets.Count);
        Assert.Equal(100, _packets[0].Payload.Length);
        Assert.Equal(24, _packets[0].Payload[0] & 0x1F);
        Assert.Equal(Nal(0x41, 40), _packets[1].Payload.ToArray());
        Assert.False(_packets[0].Marker);
        Assert.True(_packets[1].Marker);
    }

    [Fact]
    public void FragmentsALargeNalUnitIntoEvenFuAs()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool);
        var idr = Nal(0x65, 3000);

        Assert.True(packetizer.PacketizeAvcc(Avcc(idr), 4, 0, 0, _packets));

        // 2999 body bytes over ceil(2999 / 1198) = 3 fragments.
        Assert.Equal([1002, 1002, 1001], _packets.Select(p => p.Payload.Length));
        Assert.All(_packets, p => Assert.Equal(0x7C, p.Payload[0]));
        Assert.Equal([0x85, 0x05, 0x45], _packets.Select(p => p.Payload[1]));
        Assert.Equal([false, false, true], _packets.Select(p => p.Marker));
        Assert.Equal(idr[1..], _packets.SelectMany(p => p.Payload[2..].ToArray()));
        Assert.True(_packets[0].IsKeyframeStart);
        Assert.False(_packets[1].IsKeyframeStart);
    }

    [Fact]
    public void FuIndicatorKeepsForbiddenBitAndNri()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool, maxPayloadSize: 200);

        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0xC1, 201)), 4, 0, 0, _packets));

        Assert.Equal(2, _packets.Count);
        Assert.All(_packets, p => Assert.Equal(0xDC, p.Payload[0]));
        Assert.Equal([0x81, 0x41], _packets.Select(p => p.Payload[1]));
    }

    [Fact]
    public void SendsANalUnitOfExactlyTheBudgetUnfragmented()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool, maxPayloadSize: 200);

        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0x41, 200)), 4, 0, 0, _packets));

        Assert.Equal(Nal(0x41, 200), Assert.Single(_packets).Payload.ToArray());
    }

    [Fact]
    public void InsertsStoredParameterSetsAheadOfAnIdr()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool);
        packetizer.SetParameterSets(Sps, Pps);
        var sei = Nal(0x06, 20);

        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0x09, 2), sei, Nal(0x65, 5000)), 4, 0, 0, _packets));

        byte[] expectedStap = [0x78, 0, (byte)Sps.Length, .. Sps, 0, (byte)Pps.Length, .. Pps, 0, 20, .. sei];
        Assert.Equal(expectedStap, _packets[0].Payload.ToArray());
        Assert.True(_packets[0].IsKeyframeStart);
        Assert.All(_packets.Skip(1), p => Assert.Equal(28, p.Payload[0] & 0x1F));
        Assert.Equal([Sps, Pps, sei, Nal(0x65, 5000)], Depacketize(_packets));
    }

    [Fact]
    public void InsertsOnlyTheMissingParameterSet()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool);
        packetizer.SetParameterSets(Sps, Pps);
        var ownSps = Nal(0x67, 12);
        var idr = Nal(0x65, 100);

        Assert.True(packetizer.PacketizeAvcc(Avcc(ownSps, idr), 4, 0, 0, _packets));

        Assert.Equal([Pps, ownSps, idr], Depacketize(_packets));
    }

    [Fact]
    public void LeavesAccessUnitsWithTheirOwnParameterSetsAlone()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool);
        packetizer.SetParameterSets(Sps, Pps);
        byte[][] nals = [Nal(0x67, 12), Nal(0x68, 4), Nal(0x65, 1500)];

        Assert.True(packetizer.PacketizeAvcc(Avcc(nals), 4, 0, 0, _packets));

        Assert.Equal(nals, Depacketize(_packets));
    }

    [Fact]
    public void DoesNotInsertParameterSetsBeforeNonIdrSlices()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool);
        packetizer.SetParameterSets(Sps, Pps);

        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0x41, 300)), 4, 0, 0, _packets));

        Assert.Equal(Nal(0x41, 300), Assert.Single(_packets).Payload.ToArray());
        Assert.False(_packets[0].IsKeyframeStart);
    }

    [Fact]
    public void ClearedParameterSetsAreNotInserted()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool);
        packetizer.SetParameterSets(Sps, Pps);
        packetizer.SetParameterSets([], []);

        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0x65, 300)), 4, 0, 0, _packets));

        Assert.Equal(Nal(0x65, 300), Assert.Single(_packets).Payload.ToArray());
        Assert.True(_packets[0].IsKeyframeStart);
    }

    [Fact]
    public void DropsAccessUnitDelimitersAndFiller()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool);

        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0x09, 2), Nal(0x41, 30), Nal(0x0C, 50)), 4, 0, 0, _packets));

        Assert.Equal(Nal(0x41, 30), Assert.Single(_packets).Payload.ToArray());
    }

    [Fact]
    public void AnAccessUnitWithNothingToSendProducesNoPackets()
    {
        var packetizer = new H264Packetizer(96, 1, 7, _pool);

        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0x09, 2), Nal(0x0C, 50)), 4, 0, 0, _packets));

        Assert.Empty(_packets);
        Assert.Equal(7, packetizer.NextSequenceNumber);
    }

    [Theory]
    [InlineData("0000000141000000ff41", 4)]
    [InlineData("0000000141000000", 4)]
    [InlineData("0141", 0)]
    public void MalformedAvccEmitsNothing(string hex, int lengthSize)
    {
        var packetizer = new H264Packetizer(96, 1, 7, _pool);
        packetizer.SetParameterSets(Sps, Pps);

        Assert.False(packetizer.PacketizeAvcc(Convert.FromHexString(hex), lengthSize, 0, 0, _packets));

        Assert.Empty(_packets);
        Assert.Equal(7, packetizer.NextSequenceNumber);
    }

    [Fact]
    public void SequenceNumbersWrap()
    {
        var packetizer = new H264Packetizer(96, 1, 65534, _pool);

        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0x65, 4000)), 4, 0, 0, _packets));

        Assert.Equal([65534, 65535, 0, 1], _packets.Select(p => (int)p.SequenceNumber));
        Assert.Equal(2, packetizer.NextSequenceNumber);
    }

    [Fact]
    public void AppendsAfterExistingOutput()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool);

        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0x41, 10)), 4, 1, 0, _packets));
        Assert.True(packetizer.PacketizeAvcc(Avcc(Nal(0x65, 10)), 4, 2, 0, _packets));

        Assert.Equal([true, true], _packets.Select(p => p.Marker));
        Assert.Equal([false, true], _packets.Select(p => p.IsKeyframeStart));
    }

    [Fact]
    public void ValidatesConstructorArguments()
    {
        var pool = new RtpPacketPool(packetCapacity: 1600);
        _ = new H264Packetizer(127, 1, 0, pool, 1588);
        Assert.Throws<ArgumentOutOfRangeException>(() => new H264Packetizer(96, 1, 0, pool, 1589));
        Assert.Throws<ArgumentOutOfRangeException>(() => new H264Packetizer(96, 1, 0, pool, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new H264Packetizer(128, 1, 0, pool));
        Assert.Throws<ArgumentNullException>(() => new H264Packetizer(96, 1, 0, null!));
    }

    [Fact]
    public void RejectsParameterSetsOfTheWrongType()
    {
        var packetizer = new H264Packetizer(96, 1, 0, _pool);
        Assert.Throws<ArgumentException>(() => packetizer.SetParameterSets(Pps, Sps));
    }

    private static List<byte[]> Depacketize(List<RtpPacket> packets)
    {
        var depacketizer = new H264Depacketizer();
        H264AccessUnit? accessUnit = null;
        foreach (var packet in packets)
        {
            depacketizer.Push(packet, out accessUnit);
        }

        Assert.NotNull(accessUnit);
        return [.. accessUnit.NalUnits];
    }
}
