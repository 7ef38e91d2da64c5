using System.Diagnostics;
using Egress.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Tests.Dtls;

[Collection(DtlsHandshakeCollection.Name)]
public sealed class DtlsLossTests
{
    private const byte ChangeCipherSpec = 20;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DtlsSessionOptions Options = new()
    {
        HandshakeTimeout = TimeSpan.FromSeconds(8),
        InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task FirstClientFlightLost_ClientRetransmits_AndHandshakeCompletes()
    {
        var dropped = 0;
        using var loop = new DtlsLoopback(NewClient(), TestCertificates.ClientFingerprints, Options,
            dropClientToServer: _ => Interlocked.Increment(ref dropped) == 1);
        loop.Session.Start();

        await loop.ConnectClientAsync().WaitAsync(Wait);
        var keys = await loop.Session.Completion.WaitAsync(Wait);

        Assert.Equal(loop.Client.KeyingMaterial, Concat(keys));
        Assert.True(dropped > 1);
    }

    [Fact]
    public async Task FirstServerFlightLost_ServerRetransmits_AndHandshakeCompletes()
    {
        var dropped = 0;
        using var loop = new DtlsLoopback(NewClient(), TestCertificates.ClientFingerprints, Options,
            dropServerToClient: _ => Interlocked.Increment(ref dropped) <= 3);
        loop.Session.Start();

        await loop.ConnectClientAsync().WaitAsync(Wait);
        var keys = await loop.Session.Completion.WaitAsync(Wait);

        Assert.Equal(loop.Client.KeyingMaterial, Concat(keys));
    }

    [Fact]
    public async Task ServerFinalFlightLost_IsResentAfterServerConnected()
    {
        // Our ChangeCipherSpec + Finished are lost, so the client repeats its last flight after the server already
        // returned from Accept; only the post-handshake drain can answer it.
        var finalFlightDrops = 0;
        using var loop = new DtlsLoopback(NewClient(), TestCertificates.ClientFingerprints, Options,
            dropServerToClient: d => IsFinalFlightRecord(d) && Interlocked.Increment(ref finalFlightDrops) <= 2);
        loop.Session.Start();

        var clientTask = loop.ConnectClientAsync();
        var keys = await loop.Session.Completion.WaitAsync(Wait);
        await clientTask.WaitAsync(Wait);

        Assert.Equal(loop.Client.KeyingMaterial, Concat(keys));
        Assert.True(finalFlightDrops > 2, "the final flight should have been sent again");
    }

    [Fact]
    public async Task CertificateVerifyLostButChangeCipherSpecDelivered_DoesNotStall()
    {
        // Without ChangeCipherSpecGate BouncyCastle moves to epoch 1 on the CCS and never reads the resent CertificateVerify.
        var certificateVerifyDrops = 0;
        using var loop = new DtlsLoopback(NewClient(), TestCertificates.ClientFingerprints, Options,
            dropClientToServer: d => IsCertificateVerify(d) && Interlocked.Increment(ref certificateVerifyDrops) == 1);
        loop.Session.Start();

        var stopwatch = Stopwatch.StartNew();
        var clientTask = loop.ConnectClientAsync();
        var keys = await loop.Session.Completion.WaitAsync(Wait);
        await clientTask.WaitAsync(Wait);

        Assert.Equal(loop.Client.KeyingMaterial, Concat(keys));
        Assert.True(certificateVerifyDrops > 1, "the CertificateVerify should have been retransmitted");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task TwentyPercentRandomLossBothWays_StillCompletes(int seed)
    {
        var stopwatch = Stopwatch.StartNew();
        var serverToClient = new Random(seed);
        var clientToServer = new Random(seed + 1000);
        using var loop = new DtlsLoopback(NewClient(), TestCertificates.ClientFingerprints, Options,
            dropServerToClient: _ => Lossy(serverToClient),
            dropClientToServer: _ => Lossy(clientToServer));
        loop.Session.Start();

        var clientTask = loop.ConnectClientAsync();
        var keys = await loop.Session.Completion.WaitAsync(Wait);
        await clientTask.WaitAsync(Wait);

        Assert.Equal(loop.Client.KeyingMaterial, Concat(keys));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"took {stopwatch.Elapsed}");
    }

    private static bool Lossy(Random random)
    {
        lock (random)
        {
            return random.NextDouble() < 0.2;
        }
    }

    private static bool IsCertificateVerify(byte[] datagram) =>
        datagram.Length > 13 && datagram[0] == 22 && datagram[3] == 0 && datagram[4] == 0 && datagram[13] == 15;

    private static bool IsFinalFlightRecord(byte[] datagram) =>
        datagram.Length > 13 && (datagram[0] == ChangeCipherSpec || (datagram[3] << 8 | datagram[4]) == 1);

    private static TestDtlsClient NewClient() =>
        new(TestCertificates.Client, [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80]);

    private static byte[] Concat(DtlsSrtpKeys keys) =>
        [.. keys.ClientWriteKey, .. keys.ServerWriteKey, .. keys.ClientWriteSalt, .. keys.ServerWriteSalt];
}
