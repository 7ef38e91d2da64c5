using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Egress.WebRtc.Dtls;

namespace Egress.WebRtc.Tests.Dtls;

public sealed partial class DtlsCertificateTests
{
    [Fact]
    public void SdpFingerprint_HasBrowserFormat_AndIsSha256OfDer()
    {
        var certificate = DtlsCertificate.Shared;

        Assert.Matches(BrowserSha256(), certificate.SdpFingerprint);
        Assert.Equal(SHA256.HashData(certificate.Der), certificate.Fingerprint.Digest.ToArray());
    }

    [Fact]
    public void Generated_IsSelfSignedEcdsaP256_WithExpectedValidity()
    {
        var before = DateTime.UtcNow;
        var certificate = DtlsCertificate.Generate("unit-test");
        using var x509 = X509CertificateLoader.LoadCertificate(certificate.Der);
        using var key = x509.GetECDsaPublicKey();

        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.Equal("CN=unit-test", x509.Subject);
        Assert.Equal(x509.Subject, x509.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", x509.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        Assert.InRange(certificate.NotBefore, before.AddDays(-1).AddSeconds(-2), before.AddDays(-1).AddSeconds(2));
        Assert.InRange(certificate.NotAfter, before.AddDays(30).AddSeconds(-2), before.AddDays(30).AddSeconds(2));
        Assert.True(VerifiesOwnSignature(x509));
    }

    [Fact]
    public void Generate_UsesFreshKeysAndSerials()
    {
        using var a = X509CertificateLoader.LoadCertificate(DtlsCertificate.Generate().Der);
        using var b = X509CertificateLoader.LoadCertificate(DtlsCertificate.Generate().Der);

        Assert.NotEqual(a.SerialNumber, b.SerialNumber);
        Assert.NotEqual(a.GetPublicKey(), b.GetPublicKey());
        Assert.Equal("CN=" + DtlsCertificate.DefaultCommonName, a.Subject);
    }

    [Fact]
    public void CommonName_CannotInjectExtraNameComponents()
    {
        using var x509 = X509CertificateLoader.LoadCertificate(DtlsCertificate.Generate("a,O=evil").Der);

        Assert.DoesNotContain(x509.SubjectName.EnumerateRelativeDistinguishedNames(), rdn => rdn.GetSingleElementType().Value == "2.5.4.10");
    }

    [Fact]
    public void Shared_IsOnePerProcess() => Assert.Same(DtlsCertificate.Shared, DtlsCertificate.Shared);

    private static bool VerifiesOwnSignature(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    [GeneratedRegex("^sha-256 (?:[0-9A-F]{2}:){31}[0-9A-F]{2}$")]
    private static partial Regex BrowserSha256();
}
