using Egress.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Tests.Dtls;

[Collection(DtlsHandshakeCollection.Name)]
public sealed class DtlsSessionLifecycleTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DtlsSessionOptions Options = new() { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task PeerCloseNotify_RaisesClosed()
    {
        using var loop = new DtlsLoopback(NewClient(), TestCertificates.ClientFingerprints, Options);
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Session.Closed += r => closed.TrySetResult(r);
        loop.Session.Start();
        var clientDtls = await loop.ConnectClientAsync().WaitAsync(Wait);
        await loop.Session.Completion.WaitAsync(Wait);

        clientDtls.Close();
        var reason = await closed.Task.WaitAsync(Wait);

        Assert.Contains("close_notify", reason, StringComparison.Ordinal);
        Assert.Equal(DtlsSessionState.Closed, loop.Session.State);
        Assert.False(loop.Session.Enqueue([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]));
    }

    [Fact]
    public async Task Dispose_WhenConnected_SendsCloseNotifyToPeer()
    {
        using var loop = new DtlsLoopback(NewClient(), TestCertificates.ClientFingerprints, Options);
        loop.Session.Start();
        var clientDtls = await loop.ConnectClientAsync().WaitAsync(Wait);
        await loop.Session.Completion.WaitAsync(Wait);

        loop.Session.Dispose();
        var buffer = new byte[2048];
        try
        {
            clientDtls.Receive(buffer, 0, buffer.Length, 1000);
        }
        catch (IOException)
        {
            // BouncyCastle closes the client transport after close_notify, so the read may end this way.
        }

        Assert.Contains(AlertDescription.close_notify, loop.Client.AlertsReceived);
        Assert.Equal(DtlsSessionState.Disposed, loop.Session.State);
    }

    [Fact]
    public async Task Dispose_DuringHandshake_CancelsCompletion_FreesWorker_AndRaisesNothing()
    {
        using var pool = new DtlsHandshakePool(1);
        var options = new DtlsSessionOptions { Pool = pool, InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) };
        var serverSpoke = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = NewClient();
        using var loop = new DtlsLoopback(client, TestCertificates.ClientFingerprints, options,
            dropServerToClient: _ => serverSpoke.TrySetResult() || true);
        var events = 0;
        loop.Session.Failed += _ => Interlocked.Increment(ref events);
        loop.Session.Connected += _ => Interlocked.Increment(ref events);
        loop.Session.Start();
        _ = loop.ConnectClientAsync();
        await serverSpoke.Task.WaitAsync(Wait);

        loop.Session.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.Session.Completion.WaitAsync(Wait));
        var deadline = DateTime.UtcNow + Wait;
        while (pool.ActiveCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, pool.ActiveCount);
        Assert.Equal(0, Volatile.Read(ref events));
        Assert.Equal(DtlsSessionState.Disposed, loop.Session.State);
    }

    [Fact]
    public async Task ClientHelloBeforeStart_IsKept_AndHandshakeRunsOnStart()
    {
        // Signal on the client's retransmission, by which time its first ClientHello sits in the session's queue.
        var sent = 0;
        var retransmitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loop = new DtlsLoopback(NewClient(), TestCertificates.ClientFingerprints, Options,
            dropClientToServer: _ =>
            {
                if (Interlocked.Increment(ref sent) == 2)
                {
                    retransmitted.TrySetResult();
                }

                return false;
            });
        var clientTask = loop.ConnectClientAsync();
        await retransmitted.Task.WaitAsync(Wait);

        Assert.Equal(DtlsSessionState.New, loop.Session.State);
        loop.Session.Start();

        await loop.Session.Completion.WaitAsync(Wait);
        await clientTask.WaitAsync(Wait);
    }

    [Theory]
    [InlineData(0, 100, 1)]
    [InlineData(1000, 0, 1)]
    [InlineData(1000, 100, 0)]
    public void Constructor_RejectsNonsenseOptions(int timeoutMs, int retransmitMs, int queue) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsSession(DtlsCertificate.Shared, TestCertificates.ClientFingerprints, _ => { },
            new DtlsSessionOptions
            {
                HandshakeTimeout = TimeSpan.FromMilliseconds(timeoutMs),
                InitialRetransmitTimeout = TimeSpan.FromMilliseconds(retransmitMs),
                MaxQueuedDatagrams = queue,
            }));

    [Fact]
    public void Start_Twice_Throws()
    {
        using var session = new DtlsSession(DtlsCertificate.Shared, TestCertificates.ClientFingerprints, _ => { });
        session.Start();

        Assert.Throws<InvalidOperationException>(session.Start);
    }

    [Fact]
    public void Constructor_RequiresAFingerprint() =>
        Assert.Throws<ArgumentException>(() => new DtlsSession(DtlsCertificate.Shared, [], _ => { }));

    private static TestDtlsClient NewClient() =>
        new(TestCertificates.Client, [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]);
}
