using Egress.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Tests.Dtls;

/// <summary>Wires a <see cref="DtlsSession"/> and a <see cref="TestDtlsClient"/> back to back through in-memory links, with optional loss.</summary>
internal sealed class DtlsLoopback : IDisposable
{
    private readonly Func<byte[], bool>? _dropServerToClient;
    private readonly Func<byte[], bool>? _dropClientToServer;

    public DtlsLoopback(
        TestDtlsClient client,
        IReadOnlyList<DtlsFingerprint> expectedClientFingerprints,
        DtlsSessionOptions options,
        Func<byte[], bool>? dropServerToClient = null,
        Func<byte[], bool>? dropClientToServer = null)
    {
        Client = client;
        _dropServerToClient = dropServerToClient;
        _dropClientToServer = dropClientToServer;
        ClientTransport = new QueueDatagramTransport(ClientSend);
        Session = new DtlsSession(DtlsCertificate.Shared, expectedClientFingerprints, ServerSend, options);
    }

    public TestDtlsClient Client { get; }

    public QueueDatagramTransport ClientTransport { get; }

    public DtlsSession Session { get; }

    /// <summary>Runs the blocking client handshake on its own thread, like a browser would run concurrently.</summary>
    public Task<DtlsTransport> ConnectClientAsync() =>
        Task.Factory.StartNew(
            () => new DtlsClientProtocol().Connect(Client, ClientTransport),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    public void Dispose()
    {
        Session.Dispose();
        ClientTransport.Close();
    }

    private void ClientSend(ReadOnlySpan<byte> datagram)
    {
        var copy = datagram.ToArray();
        if (_dropClientToServer?.Invoke(copy) != true)
        {
            Session.Enqueue(copy);
        }
    }

    private void ServerSend(ReadOnlySpan<byte> datagram)
    {
        var copy = datagram.ToArray();
        if (_dropServerToClient?.Invoke(copy) != true)
        {
            ClientTransport.Enqueue(copy);
        }
    }
}
