using System.Security.Cryptography;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using X509Request = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace Egress.WebRtc.Tests.Dtls;

/// <summary>An RSA-2048 self-signed client identity, as some non-Chromium WebRTC stacks present.</summary>
internal sealed class TestRsaIdentity
{
    private readonly Org.BouncyCastle.Crypto.AsymmetricKeyParameter _privateKey;

    private TestRsaIdentity(byte[] der, Org.BouncyCastle.Crypto.AsymmetricKeyParameter privateKey)
    {
        Der = der;
        _privateKey = privateKey;
    }

    public static TestRsaIdentity Instance { get; } = Create();

    public byte[] Der { get; }

    public TlsCredentials CreateSigner(TlsContext context, BcTlsCrypto crypto, CertificateRequest request)
    {
        var algorithm = TlsUtilities.ChooseSignatureAndHashAlgorithm(context, request.SupportedSignatureAlgorithms, SignatureAlgorithm.rsa);
        var chain = new Certificate([new BcTlsCertificate(crypto, Der)]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, _privateKey, chain, algorithm);
    }

    private static TestRsaIdentity Create()
    {
        // The platform generates RSA keys far faster than managed BouncyCastle; only the key is converted.
        using var rsa = RSA.Create(2048);
        var request = new X509Request("CN=rsa-client", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return new TestRsaIdentity(certificate.RawData, DotNetUtilities.GetRsaKeyPair(rsa).Private);
    }
}
