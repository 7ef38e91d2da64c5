using Sfu.Core.Codecs.H264;
using Sfu.Core.Rtp;
using static Sfu.Core.Tests.Codecs.H264.H264TestData;

namespace Sfu.Core.Tests.Codecs.H264;

public sealed class H264PacketizerAllocationTests
{
    [Fact]
    public void PacketizingAllocatesNothingAfterWarmUp()
    {
        var pool = new RtpPacketPool();
        var packetizer = new H264Packetizer(96, 1, 0, pool);
        packetizer.SetParameterSets(Sps, Pps);
        var keyframe = Avcc(Nal(0x09, 2), Nal(0x06, 40), Nal(0x65, 60_000), Nal(0x65, 20_000));
        var delta = Avcc(Nal(0x09, 2), Nal(0x41, 9_000), Nal(0x01, 300), Nal(0x01, 200));
        var output = new List<RtpPacket>(256);
        for (int i = 0; i < 100; i++)
        {
            PacketizeAndRelease(packetizer, keyframe, output);
            PacketizeAndRelease(packetizer, delta, output);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool ok = PacketizeAndRelease(packetizer, keyframe, output);
        ok &= PacketizeAndRelease(packetizer, delta, output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(ok);
        Assert.Equal(0, allocated);
    }

    private static bool PacketizeAndRelease(H264Packetizer packetizer, byte[] accessUnit, List<RtpPacket> output)
    {
        bool ok = packetizer.PacketizeAvcc(accessUnit, 4, 0, 0, output);
        for (int i = 0; i < output.Count; i++)
        {
            output[i].Release();
        }

        output.Clear();
        return ok;
    }
}
