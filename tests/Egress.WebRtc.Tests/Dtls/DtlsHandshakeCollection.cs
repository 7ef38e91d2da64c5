namespace Egress.WebRtc.Tests.Dtls;

/// <summary>Serialises timing-sensitive handshake tests so they do not compete for the two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DtlsHandshakeCollection
{
    public const string Name = "DTLS handshakes";
}
