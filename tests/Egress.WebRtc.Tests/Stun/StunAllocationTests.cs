using System.Net;
using Egress.WebRtc.Stun;

namespace Egress.WebRtc.Tests.Stun;

public sealed class StunAllocationTests
{
    [Fact]
    public void HotPath_ParseVerifyRespond_DoesNotAllocate()
    {
        var password = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();
        var remote = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853).Serialize();
        var response = new byte[StunBinding.MaxSuccessResponseLength];
        var request = Rfc5769Vectors.SampleRequest;

        var ok = HandleOnce(request, password, remote, response); // warm-up: JIT and crypto provider init
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ok &= HandleOnce(request, password, remote, response);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(ok);
        Assert.Equal(0, allocated);
    }

    private static bool HandleOnce(byte[] datagram, byte[] password, SocketAddress remote, byte[] response)
    {
        if (!StunMessage.IsStun(datagram) || !StunMessage.TryParse(datagram, out var request))
        {
            return false;
        }

        var routed = request.TryGetLocalUfrag(out var ufrag) && ufrag.SequenceEqual("evtj"u8);
        var verified = request.VerifyFingerprint() && request.VerifyMessageIntegrity(password);
        var length = StunBinding.WriteSuccessResponse(response, request.TransactionId, remote, password);
        return routed && verified && length > 0;
    }
}
