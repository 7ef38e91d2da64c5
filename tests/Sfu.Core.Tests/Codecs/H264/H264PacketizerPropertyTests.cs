using CsCheck;
using Sfu.Core.Codecs.H264;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Codecs.H264;

public sealed class H264PacketizerPropertyTests
{
    private static readonly Gen<byte[]> NalGen =
        from type in Gen.Frequency(
            (4, Gen.Const(1)),
            (3, Gen.Const(5)),
            (1, Gen.Const(6)),
            (1, Gen.Const(7)),
            (1, Gen.Const(8)),
            (1, Gen.Const(9)),
            (1, Gen.Const(12)),
            (3, Gen.Int[1, 23]))
        from nri in Gen.Int[0, 3]
        from forbidden in Gen.Frequency((9, Gen.Const(0)), (1, Gen.Const(0x80)))
        from size in Gen.Frequency((3, Gen.Int[1, 60]), (2, Gen.Int[1, 1500]), (2, Gen.Int[1, 5000]))
        from body in Gen.Byte.Array[size - 1, size - 1]
        select (byte[])[(byte)(forbidden | (nri << 5) | type), .. body];

    private static readonly Gen<Scenario> ScenarioGen =
        from accessUnits in NalGen.Array[1, 12].Array[1, 4]
        from maxPayload in Gen.Int[100, 1400]
        from initialSequence in Gen.Frequency((1, Gen.UShort), (1, Gen.UShort[65500, 65535]))
        from lengthSize in Gen.OneOf(2, 4)
        from withParameterSets in Gen.Bool
        from timestamp in Gen.UInt
        select new Scenario(accessUnits, maxPayload, initialSequence, lengthSize, withParameterSets, timestamp);

    [Fact]
    public void PacketizeThenDepacketizeRoundTrips()
    {
        ScenarioGen.Sample(Check, iter: 400);
    }

    private static void Check(Scenario scenario)
    {
        var pool = new RtpPacketPool();
        var packetizer = new H264Packetizer(96, 0xCAFE, scenario.InitialSequence, pool, scenario.MaxPayload);
        if (scenario.WithParameterSets)
        {
            packetizer.SetParameterSets(H264TestData.Sps, H264TestData.Pps);
        }

        var packets = new List<RtpPacket>();
        var expectedAccessUnits = new List<byte[][]>();
        try
        {
            for (int k = 0; k < scenario.AccessUnits.Length; k++)
            {
                uint timestamp = unchecked(scenario.Timestamp + (uint)(k * 3000));
                var avcc = H264TestData.Avcc(scenario.AccessUnits[k], scenario.LengthSize);
                int first = packets.Count;
                Assert.True(packetizer.PacketizeAvcc(avcc, scenario.LengthSize, timestamp, k + 1, packets));

                var expected = Expected(scenario.AccessUnits[k], scenario.WithParameterSets);
                var produced = packets.Skip(first).ToList();
                if (expected.Length == 0)
                {
                    Assert.Empty(produced);
                    continue;
                }

                expectedAccessUnits.Add(expected);
                Assert.NotEmpty(produced);
                Assert.All(produced, p => Assert.Equal(timestamp, p.Timestamp));
                Assert.All(produced, p => Assert.Equal(k + 1, p.ArrivalTimestamp));
                Assert.All(produced, p => Assert.InRange(p.Payload.Length, 1, scenario.MaxPayload));
                Assert.Equal(produced.Select((_, i) => i == produced.Count - 1), produced.Select(p => p.Marker));
                bool keyframe = expected.Any(n => (n[0] & 0x1F) == 5);
                Assert.Equal(produced.Select((_, i) => keyframe && i == 0), produced.Select(p => p.IsKeyframeStart));
            }

            for (int i = 0; i < packets.Count; i++)
            {
                Assert.Equal(unchecked((ushort)(scenario.InitialSequence + i)), packets[i].SequenceNumber);
            }

            var depacketizer = new H264Depacketizer();
            var reassembled = new List<byte[][]>();
            foreach (var packet in packets)
            {
                if (depacketizer.Push(packet, out var accessUnit) == H264DepacketizerStatus.Completed)
                {
                    reassembled.Add([.. accessUnit!.NalUnits]);
                }
            }

            Assert.Equal(0, depacketizer.DroppedAccessUnits);
            Assert.Equal(expectedAccessUnits, reassembled);
        }
        finally
        {
            packets.ForEach(p => p.Release());
        }
    }

    // The contract: AUD and filler vanish; an IDR access unit gains whichever stored parameter set it lacks, in front.
    private static byte[][] Expected(byte[][] accessUnit, bool withParameterSets)
    {
        var kept = accessUnit.Where(n => (n[0] & 0x1F) is not 9 and not 12).ToList();
        if (withParameterSets && kept.Any(n => (n[0] & 0x1F) == 5))
        {
            var prefix = new List<byte[]>();
            if (!kept.Any(n => (n[0] & 0x1F) == 7))
            {
                prefix.Add(H264TestData.Sps);
            }

            if (!kept.Any(n => (n[0] & 0x1F) == 8))
            {
                prefix.Add(H264TestData.Pps);
            }

            kept.InsertRange(0, prefix);
        }

        return [.. kept];
    }

    private sealed record Scenario(
        byte[][][] AccessUnits,
        int MaxPayload,
        ushort InitialSequence,
        int LengthSize,
        bool WithParameterSets,
        uint Timestamp);
}
