using System.Net;
using System.Text;
using Egress.WebRtc.Peers;
using Egress.WebRtc.Stun;
using Egress.WebRtc.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Egress.WebRtc.Tests.Peers;

public sealed class PeerRoutingTests
{
    [Fact]
    public async Task CheckedAddressesRouteToThePeerUntilItCloses()
    {
        await using var host = new WebRtcHost(new WebRtcOptions { Port = 0, ListenAddress = "127.0.0.1" }, NullLoggerFactory.Instance);
        var peer = host.CreatePeer("p", "ourufrag", "our-password-our-password", [host.Certificate.Fingerprint]);
        var first = new IPEndPoint(IPAddress.Loopback, 40001).Serialize();
        var second = new IPEndPoint(IPAddress.Loopback, 40002).Serialize();

        host.OnDatagram(Check("ourufrag:them", "our-password-our-password", useCandidate: false), first);
        host.OnDatagram(Check("ourufrag:them", "our-password-our-password", useCandidate: true), second);
        host.OnDatagram(Check("ourufrag:them", "wrong-password-wrong-pass", useCandidate: true), new IPEndPoint(IPAddress.Loopback, 40003).Serialize());

        Assert.True(host.Table.TryGetByAddress(first, out var routed) && ReferenceEquals(routed, peer));
        Assert.True(host.Table.TryGetByAddress(second, out _));
        Assert.False(host.Table.TryGetByAddress(new IPEndPoint(IPAddress.Loopback, 40003).Serialize(), out _));
        Assert.Equal(2, peer.MappedAddresses.Count);

        peer.Close("test");
        Assert.False(host.Table.TryGetByAddress(first, out _));
        Assert.False(host.Table.TryGetByAddress(second, out _));
        Assert.False(host.Table.TryGetByUfrag("ourufrag"u8, out _));
    }

    private static byte[] Check(string username, string password, bool useCandidate)
    {
        var buffer = new byte[StunBinding.MaxRequestLength];
        var transaction = new byte[12];
        Random.Shared.NextBytes(transaction);
        int length = StunBinding.WriteRequest(buffer, transaction, Encoding.UTF8.GetBytes(username), Encoding.UTF8.GetBytes(password), 1234, controlling: true, 42, useCandidate);
        return buffer[..length];
    }
}
