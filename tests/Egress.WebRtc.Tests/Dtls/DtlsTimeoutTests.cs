using System.Diagnostics;
using Egress.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Tests.Dtls;

[Collection(DtlsHandshakeCollection.Name)]
public sealed class DtlsTimeoutTests
{
    private static readonly DtlsSessionOptions Options = new()
    {
        HandshakeTimeout = TimeSpan.FromSeconds(1),
        InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task ClientSilentAfterClientHello_FailsWithTimeout()
    {
        var sent = 0;
        var client = new TestDtlsClient(TestCertificates.Client, [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM], timeoutMillis: 3_000);
        using var loop = new DtlsLoopback(client, TestCertificates.ClientFingerprints, Options,
            dropClientToServer: _ => Interlocked.Increment(ref sent) > 1);
        string? reason = null;
        loop.Session.Failed += r => reason = r;
        var stopwatch = Stopwatch.StartNew();
        loop.Session.Start();
        _ = loop.ConnectClientAsync();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => loop.Session.Completion.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Contains("timed out", failure.Message, StringComparison.Ordinal);
        Assert.Equal(failure.Message, reason);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(3));
        Assert.Equal(DtlsSessionState.Failed, loop.Session.State);
    }

    [Fact]
    public async Task NoClientHello_FailsWithoutEverTakingAWorker()
    {
        using var pool = new DtlsHandshakePool(1);
        var sent = new List<int>();
        using var session = new DtlsSession(DtlsCertificate.Shared, TestCertificates.ClientFingerprints, d => sent.Add(d.Length),
            new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300), Pool = pool });
        session.Start();

        // Junk before the ClientHello must not start a handshake.
        Assert.False(session.Enqueue([23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0]));

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => session.Completion.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Contains("no ClientHello", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.PeakActiveCount);
        Assert.Empty(sent);
    }
}
