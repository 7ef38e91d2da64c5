using Egress.WebRtc.Dtls;

namespace Egress.WebRtc.Tests.Dtls;

/// <summary>Certificates shared across tests; key generation is cheap but there is no reason to repeat it.</summary>
internal static class TestCertificates
{
    public static DtlsCertificate Client { get; } = DtlsCertificate.Generate("test-client");

    public static DtlsCertificate Other { get; } = DtlsCertificate.Generate("someone-else");

    public static DtlsFingerprint[] ClientFingerprints => [Client.Fingerprint];
}
