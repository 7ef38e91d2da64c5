using Egress.WebRtc.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Egress.WebRtc.Tests.Dtls;

/// <summary>A BouncyCastle DTLS 1.2 client playing the browser: own ECDSA certificate, use_srtp offer, key export.</summary>
internal sealed class TestDtlsClient : DefaultTlsClient
{
    private readonly int[]? _srtpProfiles;
    private readonly int _retransmitMillis;
    private readonly int _timeoutMillis;
    private readonly List<short> _alertsReceived = [];

    public TestDtlsClient(DtlsCertificate certificate, int[]? srtpProfiles, int retransmitMillis = 100, int timeoutMillis = 8_000)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        Certificate = certificate;
        _srtpProfiles = srtpProfiles;
        _retransmitMillis = retransmitMillis;
        _timeoutMillis = timeoutMillis;
    }

    public DtlsCertificate Certificate { get; }

    /// <summary>When false the client answers the CertificateRequest with an empty chain.</summary>
    public bool SendCertificate { get; init; } = true;

    /// <summary>When set, the client authenticates with this RSA identity instead of <see cref="Certificate"/>.</summary>
    public TestRsaIdentity? RsaIdentity { get; init; }

    /// <summary>Pinned server fingerprint; null skips the check.</summary>
    public DtlsFingerprint? ExpectedServerFingerprint { get; init; }

    public int SelectedProfile { get; private set; }

    public byte[]? KeyingMaterial { get; private set; }

    public IReadOnlyList<short> AlertsReceived
    {
        get
        {
            lock (_alertsReceived)
            {
                return [.. _alertsReceived];
            }
        }
    }

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        if (_srtpProfiles is not null)
        {
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_srtpProfiles, TlsUtilities.EmptyBytes));
        }

        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var useSrtp = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        SelectedProfile = useSrtp?.ProtectionProfiles is [var profile] ? profile : 0;
    }

    public override TlsAuthentication GetAuthentication() => new TestClientAuthentication(this);

    public override int GetHandshakeResendTimeMillis() => _retransmitMillis;

    public override int GetHandshakeTimeoutMillis() => _timeoutMillis;

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        KeyingMaterial = m_context.ExportKeyingMaterial(DtlsSrtpKeys.ExporterLabel, null, DtlsSrtpKeys.MaterialLength((ushort)SelectedProfile));
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        lock (_alertsReceived)
        {
            _alertsReceived.Add(alertDescription);
        }
    }

    internal TlsCredentials? CreateCredentials(CertificateRequest request)
    {
        if (!SendCertificate)
        {
            return null;
        }

        if (RsaIdentity is not null)
        {
            return RsaIdentity.CreateSigner(m_context, (BcTlsCrypto)Crypto, request);
        }

        var algorithm = TlsUtilities.ChooseSignatureAndHashAlgorithm(m_context, request.SupportedSignatureAlgorithms, SignatureAlgorithm.ecdsa);
        return Certificate.CreateSigner(m_context, (BcTlsCrypto)Crypto, algorithm);
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];
}
