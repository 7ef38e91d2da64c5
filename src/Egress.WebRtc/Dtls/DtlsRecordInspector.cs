namespace Egress.WebRtc.Dtls;

/// <summary>Cheap header checks on raw DTLS datagrams, done before committing a handshake worker.</summary>
internal static class DtlsRecordInspector
{
    private const byte HandshakeContentType = 22;
    private const byte ClientHelloType = 1;
    private const int RecordHeaderLength = 13;

    /// <summary>True when the first record is an epoch-0 DTLS handshake record carrying (a fragment of) a ClientHello.</summary>
    public static bool LooksLikeClientHello(ReadOnlySpan<byte> datagram) =>
        datagram.Length > RecordHeaderLength
        && datagram[0] == HandshakeContentType
        && datagram[1] == 0xFE // DTLS major version byte (1.0 = FEFF, 1.2 = FEFD)
        && datagram[3] == 0 && datagram[4] == 0
        && datagram[RecordHeaderLength] == ClientHelloType;
}
