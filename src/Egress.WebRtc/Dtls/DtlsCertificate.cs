using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.X509;

namespace Egress.WebRtc.Dtls;

/// <summary>A self-signed ECDSA P-256 certificate and key used as our DTLS identity; peers pin it by SDP fingerprint.</summary>
public sealed class DtlsCertificate
{
    /// <summary>Default common name of generated certificates.</summary>
    public const string DefaultCommonName = "egress-webrtc";

    private static readonly Lazy<DtlsCertificate> SharedInstance = new(() => Generate(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly X509CertificateStructure _structure;
    private readonly byte[] _der;

    private DtlsCertificate(X509CertificateStructure structure, AsymmetricKeyParameter privateKey)
    {
        _structure = structure;
        _der = structure.GetDerEncoded();
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.Compute("sha-256", _der);
    }

    /// <summary>The process-wide certificate, generated on first use and valid for 30 days from then.</summary>
    public static DtlsCertificate Shared => SharedInstance.Value;

    /// <summary>SHA-256 fingerprint over the DER encoding.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The value for the SDP a=fingerprint attribute, e.g. "sha-256 AB:CD:…".</summary>
    public string SdpFingerprint => Fingerprint.ToString();

    /// <summary>DER encoding of the certificate.</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>Start of the validity period (UTC).</summary>
    public DateTime NotBefore => _structure.StartDate.ToDateTime();

    /// <summary>End of the validity period (UTC).</summary>
    public DateTime NotAfter => _structure.EndDate.ToDateTime();

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>Generates a fresh key pair and certificate valid from a day ago (clock skew) until now + <paramref name="lifetime"/> (default 30 days).</summary>
    public static DtlsCertificate Generate(string commonName = DefaultCommonName, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        var random = new SecureRandom();

        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keyPair = keyGenerator.GenerateKeyPair();

        // Built from OID/value lists so a common name containing ',' or '=' cannot inject extra RDNs.
        var name = new X509Name([X509Name.CN], [commonName]);
        var now = DateTime.UtcNow;
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(RandomSerial(random));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-1));
        generator.SetNotAfter(now + (lifetime ?? TimeSpan.FromDays(30)));
        generator.SetPublicKey(keyPair.Public);

        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate.CertificateStructure, keyPair.Private);
    }

    /// <summary>Builds the BouncyCastle TLS certificate chain (just this certificate) bound to <paramref name="crypto"/>.</summary>
    internal Certificate ToTlsCertificate(BcTlsCrypto crypto) =>
        new([new BcTlsCertificate(crypto, _structure)]);

    /// <summary>Builds signing credentials for one handshake; BouncyCastle binds them to the connection context.</summary>
    internal TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto, SignatureAndHashAlgorithm? algorithm) =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, PrivateKey, ToTlsCertificate(crypto), algorithm);

    private static BigInteger RandomSerial(SecureRandom random)
    {
        // RFC 5280 wants a positive, non-zero serial of at most 20 octets: 62 random bits, bit 62 forced on.
        var bytes = new byte[8];
        random.NextBytes(bytes);
        bytes[0] = (byte)((bytes[0] & 0x7F) | 0x40);
        return new BigInteger(1, bytes);
    }
}
