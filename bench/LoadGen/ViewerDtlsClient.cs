using Egress.WebRtc.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace LoadGen;

/// <summary>
/// The DTLS 1.2 client side of a load viewer, as a browser plays it: ECDSA certificate, use_srtp offering AES-GCM then
/// AES-CM, the server's certificate checked against the answer's fingerprint, SRTP keys exported at the end.
/// </summary>
internal sealed class ViewerDtlsClient(DtlsCertificate certificate, DtlsFingerprint serverFingerprint)
    : DefaultTlsClient(new BcTlsCrypto(new SecureRandom()))
{
    private readonly DtlsCertificate _certificate = certificate;
    private readonly DtlsFingerprint _serverFingerprint = serverFingerprint;

    /// <summary>The SRTP protection profile the server chose.</summary>
    public ushort SelectedProfile { get; private set; }

    /// <summary>The exported DTLS-SRTP keying material, once the handshake completed.</summary>
    public byte[]? KeyingMaterial { get; private set; }

    /// <inheritdoc/>
    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([.. DtlsSrtpProfiles.Preference.Select(p => (int)p)], TlsUtilities.EmptyBytes));
        return extensions;
    }

    /// <inheritdoc/>
    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var useSrtp = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        SelectedProfile = useSrtp?.ProtectionProfiles is [var profile] ? (ushort)profile : (ushort)0;
    }

    /// <inheritdoc/>
    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    /// <inheritdoc/>
    public override int GetHandshakeResendTimeMillis() => 200;

    /// <inheritdoc/>
    public override int GetHandshakeTimeoutMillis() => 10_000;

    /// <inheritdoc/>
    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        if (SelectedProfile == 0)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the server chose no SRTP profile");
        }

        KeyingMaterial = m_context.ExportKeyingMaterial(DtlsSrtpKeys.ExporterLabel, null, DtlsSrtpKeys.MaterialLength(SelectedProfile));
    }

    /// <inheritdoc/>
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    /// <inheritdoc/>
    protected override int[] GetSupportedCipherSuites() =>
        [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA];

    private sealed class Authentication(ViewerDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            var der = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();
            if (!client._serverFingerprint.Matches(der))
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "the server's certificate does not match the answer's fingerprint");
            }
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        {
            var algorithm = TlsUtilities.ChooseSignatureAndHashAlgorithm(client.m_context, certificateRequest.SupportedSignatureAlgorithms, SignatureAlgorithm.ecdsa);
            return client._certificate.CreateSigner(client.m_context, (BcTlsCrypto)client.Crypto, algorithm);
        }
    }

}
