using System.Security.Cryptography;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Egress.WebRtc.Dtls;

/// <summary>BouncyCastle DTLS 1.2 server for one WebRTC peer: ECDHE-ECDSA, use_srtp, client certificate pinned by SDP fingerprint.</summary>
public sealed class DtlsSrtpServer : DefaultTlsServer
{
    private static readonly int[] SupportedCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        // CBC only for old stacks that lack GCM; never chosen when GCM is offered because local order wins.
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    private readonly BcTlsCrypto _crypto;
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint[] _remoteFingerprints;
    private readonly int _handshakeTimeoutMillis;
    private readonly int _initialRetransmitMillis;
    private volatile bool _closeNotifyReceived;

    /// <summary>Creates a server for one handshake; <paramref name="remoteFingerprints"/> come from the peer's SDP and must not be empty.</summary>
    public DtlsSrtpServer(
        DtlsCertificate certificate,
        IReadOnlyList<DtlsFingerprint> remoteFingerprints,
        int handshakeTimeoutMillis = 10_000,
        int initialRetransmitMillis = 1_000)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprints);
        if (remoteFingerprints.Count == 0)
        {
            // Without a pinned fingerprint any certificate would be accepted, i.e. no authentication at all.
            throw new ArgumentException("At least one remote fingerprint is required.", nameof(remoteFingerprints));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(handshakeTimeoutMillis, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialRetransmitMillis, 1);
        _crypto = (BcTlsCrypto)Crypto;
        _certificate = certificate;
        _remoteFingerprints = [.. remoteFingerprints];
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
        _initialRetransmitMillis = initialRetransmitMillis;
    }

    /// <summary>The profile chosen from the client's use_srtp offer; 0 until the ClientHello was processed.</summary>
    public ushort SelectedProfile { get; private set; }

    /// <summary>The exported SRTP keys once the handshake completed, else null.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>Why we refused the handshake, when the refusal was our decision (fingerprint, use_srtp, certificate).</summary>
    public string? FailureReason { get; private set; }

    /// <summary>True once the peer sent close_notify.</summary>
    public bool CloseNotifyReceived => _closeNotifyReceived;

    /// <inheritdoc/>
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    /// <inheritdoc/>
    protected override int[] GetSupportedCipherSuites() => (int[])SupportedCipherSuites.Clone();

    /// <inheritdoc/>
    protected override bool PreferLocalCipherSuites() => true;

    /// <summary>BouncyCastle refuses key export without extended_master_secret (RFC 7627 §5.4), so demand it up front.</summary>
    public override bool RequiresExtendedMasterSecret() => true;

    /// <summary>RFC 6347 §4.1.2.7: invalid records are silently discarded rather than killing the association.</summary>
    public override bool IgnoreCorruptDtlsRecords => true;

    /// <inheritdoc/>
    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    /// <inheritdoc/>
    public override int GetHandshakeResendTimeMillis() => _initialRetransmitMillis;

    /// <inheritdoc/>
    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        var useSrtp = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (useSrtp is null)
        {
            throw Refuse(AlertDescription.handshake_failure,
                "client did not offer the use_srtp extension (RFC 5764); DTLS-SRTP is required");
        }

        var offered = useSrtp.ProtectionProfiles ?? [];
        var selected = DtlsSrtpProfiles.Select(offered);
        if (selected is null)
        {
            throw Refuse(AlertDescription.handshake_failure,
                $"no common SRTP protection profile: client offered [{Names(offered)}], we support [{Names(DtlsSrtpProfiles.Preference.Select(p => (int)p))}]");
        }

        SelectedProfile = selected.Value;
    }

    /// <inheritdoc/>
    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions() ?? new Dictionary<int, byte[]>();

        // Empty MKI: RFC 5764 §4.1.1 lets the server decline MKI, and WebRTC never uses it.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([SelectedProfile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    /// <inheritdoc/>
    public override CertificateRequest GetCertificateRequest()
    {
        // RFC 8827 §6.5 requires mutual authentication; Firefox may present RSA, Chrome and Safari ECDSA.
        var signatureAlgorithms = TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context);
        return new CertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], signatureAlgorithms, null);
    }

    /// <inheritdoc/>
    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            throw Refuse(AlertDescription.handshake_failure,
                "client sent no certificate; WebRTC requires one matching the SDP fingerprint (RFC 8827 §6.5)");
        }

        // Only the end-entity certificate is pinned; SDP fingerprints never describe chains.
        var der = clientCertificate.GetCertificateAt(0).GetEncoded();
        var matched = false;
        foreach (var expected in _remoteFingerprints)
        {
            // No early exit, so the time taken does not reveal which fingerprint matched.
            matched |= expected.Matches(der);
        }

        if (!matched)
        {
            var actual = DtlsFingerprint.Compute(_remoteFingerprints[0].HashFunction, der);
            throw Refuse(AlertDescription.bad_certificate,
                $"client certificate fingerprint {actual} does not match the SDP fingerprint {string.Join(", ", _remoteFingerprints.Select(f => f.ToString()))}");
        }
    }

    /// <inheritdoc/>
    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();

        // Must happen here: DtlsServerProtocol.Accept clears the master secret before returning.
        var material = m_context.ExportKeyingMaterial(DtlsSrtpKeys.ExporterLabel, null, DtlsSrtpKeys.MaterialLength(SelectedProfile));
        try
        {
            Keys = DtlsSrtpKeys.FromKeyingMaterial(SelectedProfile, material);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <inheritdoc/>
    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        if (alertDescription == AlertDescription.close_notify)
        {
            _closeNotifyReceived = true;
        }
    }

    /// <inheritdoc/>
    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var algorithm = TlsUtilities.ChooseSignatureAndHashAlgorithm(m_context, m_context.SecurityParameters.ClientSigAlgs, SignatureAlgorithm.ecdsa);
        return _certificate.CreateSigner(m_context, _crypto, algorithm);
    }

    private static string Names(IEnumerable<int> profiles) => string.Join(", ", profiles.Select(DtlsSrtpProfiles.Name));

    private TlsFatalAlert Refuse(short alertDescription, string reason)
    {
        FailureReason ??= reason;
        return new TlsFatalAlert(alertDescription, reason);
    }
}
