using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

public class AllocationTests
{
    private const int Iterations = 1000;

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void RtpProtectAndUnprotectAllocateNothingAfterWarmUp(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        var template = TestPackets.Rtp(0, 0x5555, TestPackets.Payload(1200));
        var length = TestPackets.RtpLength(template);
        var buffer = new byte[template.Length];
        ushort sequence = 65000; // crosses a wrap inside the measured loop

        RunRtp(sender, receiver, template, buffer, length, ref sequence, 10);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunRtp(sender, receiver, template, buffer, length, ref sequence, Iterations);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void RtcpProtectAndUnprotectAllocateNothingAfterWarmUp(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        var template = TestPackets.Rtcp(0x7777, 80);
        var length = template.Length - TestPackets.Spare;
        var buffer = new byte[template.Length];

        RunRtcp(sender, receiver, template, buffer, length, 10);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunRtcp(sender, receiver, template, buffer, length, Iterations);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void RunRtp(
        SrtpContext sender, SrtpContext receiver, byte[] template, byte[] buffer, int length, ref ushort sequence, int count)
    {
        for (var i = 0; i < count; i++, sequence++)
        {
            template.CopyTo(buffer, 0);
            buffer[2] = (byte)(sequence >> 8);
            buffer[3] = (byte)sequence;
            if (!sender.TryProtectRtp(buffer, length, out var protectedLength) ||
                !receiver.TryUnprotectRtp(buffer, protectedLength, out _))
            {
                Assert.Fail($"round trip failed at sequence {sequence}");
            }
        }
    }

    private static void RunRtcp(SrtpContext sender, SrtpContext receiver, byte[] template, byte[] buffer, int length, int count)
    {
        for (var i = 0; i < count; i++)
        {
            template.CopyTo(buffer, 0);
            if (!sender.TryProtectRtcp(buffer, length, out var protectedLength) ||
                !receiver.TryUnprotectRtcp(buffer, protectedLength, out _))
            {
                Assert.Fail("round trip failed");
            }
        }
    }
}
