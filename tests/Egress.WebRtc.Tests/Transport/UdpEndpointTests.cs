using System.Net;
using Egress.WebRtc.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Egress.WebRtc.Tests.Transport;

public sealed class UdpEndpointTests
{
    [Fact]
    public async Task APortAlreadyTakenIsRefusedNamingThePortAndTheSettingToChange()
    {
        await using var first = new UdpEndpoint(new IPEndPoint(IPAddress.Loopback, 0), NullLogger.Instance);
        var error = Assert.Throws<InvalidOperationException>(() => new UdpEndpoint(first.LocalEndPoint, NullLogger.Instance));
        Assert.Contains($"UDP port {first.LocalEndPoint.Port} on 127.0.0.1 is already in use", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sfu:WebRtc:Port", error.Message, StringComparison.Ordinal);
    }
}
