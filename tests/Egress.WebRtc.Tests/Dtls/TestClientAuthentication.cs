using Egress.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Tests.Dtls;

/// <summary>Client-side authentication for <see cref="TestDtlsClient"/>: pins the server fingerprint, supplies the client certificate.</summary>
internal sealed class TestClientAuthentication(TestDtlsClient client) : TlsAuthentication
{
    public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
    {
        var der = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();
        if (client.ExpectedServerFingerprint is { } expected && !expected.Matches(der))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "server fingerprint mismatch");
        }
    }

    public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) => client.CreateCredentials(certificateRequest);
}
