using Egress.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Tests.Dtls;

[Collection(DtlsHandshakeCollection.Name)]
public sealed class DtlsHandshakeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DtlsSessionOptions Options = new() { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task Handshake_PrefersGcm_EvenWhenClientListsCmFirst_AndBothSidesExportSameKeys()
    {
        var client = NewClient([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]);
        using var loop = new DtlsLoopback(client, TestCertificates.ClientFingerprints, Options);
        DtlsSrtpKeys? fromEvent = null;
        loop.Session.Connected += keys => fromEvent = keys;
        loop.Session.Start();

        var clientDtls = await loop.ConnectClientAsync().WaitAsync(Wait);
        var keys = await loop.Session.Completion.WaitAsync(Wait);

        Assert.Equal(DtlsSrtpProfiles.AeadAes128Gcm, keys.ProfileId);
        Assert.Equal(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, client.SelectedProfile);
        Assert.Equal(DtlsSessionState.Connected, loop.Session.State);
        Assert.Same(keys, fromEvent);
        AssertLengths(keys, 16, 12);
        Assert.Equal(client.KeyingMaterial, Concat(keys));
        clientDtls.Close();
    }

    [Fact]
    public async Task Handshake_OnlyCmOffered_SelectsCm()
    {
        var client = NewClient([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80]);
        using var loop = new DtlsLoopback(client, TestCertificates.ClientFingerprints, Options);
        loop.Session.Start();

        await loop.ConnectClientAsync().WaitAsync(Wait);
        var keys = await loop.Session.Completion.WaitAsync(Wait);

        Assert.Equal(DtlsSrtpProfiles.Aes128CmHmacSha1_80, keys.ProfileId);
        AssertLengths(keys, 16, 14);
        Assert.Equal(client.KeyingMaterial, Concat(keys));
    }

    [Fact]
    public async Task Handshake_AcceptsAnyOfSeveralSdpFingerprints_IncludingOtherHashFunctions()
    {
        var client = NewClient([SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]);
        DtlsFingerprint[] expected =
        [
            TestCertificates.Other.Fingerprint,
            DtlsFingerprint.Compute("sha-512", TestCertificates.Client.Der),
        ];
        using var loop = new DtlsLoopback(client, expected, Options);
        loop.Session.Start();

        await loop.ConnectClientAsync().WaitAsync(Wait);
        var keys = await loop.Session.Completion.WaitAsync(Wait);

        Assert.Equal(DtlsSrtpProfiles.AeadAes128Gcm, keys.ProfileId);
    }

    [Fact]
    public async Task Handshake_AcceptsRsaClientCertificate()
    {
        var client = new TestDtlsClient(TestCertificates.Client, [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]) { RsaIdentity = TestRsaIdentity.Instance };
        using var loop = new DtlsLoopback(client, [DtlsFingerprint.Compute("sha-256", TestRsaIdentity.Instance.Der)], Options);
        loop.Session.Start();

        await loop.ConnectClientAsync().WaitAsync(Wait);
        var keys = await loop.Session.Completion.WaitAsync(Wait);

        Assert.Equal(client.KeyingMaterial, Concat(keys));
    }

    [Fact]
    public async Task FingerprintMismatch_FailsWithReason_AndClientReceivesBadCertificate()
    {
        var client = NewClient([SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]);
        using var loop = new DtlsLoopback(client, [TestCertificates.Other.Fingerprint], Options);
        string? reason = null;
        loop.Session.Failed += r => reason = r;
        loop.Session.Start();

        var alert = await Assert.ThrowsAsync<TlsFatalAlertReceived>(() => loop.ConnectClientAsync().WaitAsync(Wait));
        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => loop.Session.Completion.WaitAsync(Wait));

        Assert.Equal(AlertDescription.bad_certificate, alert.AlertDescription);
        Assert.Contains("fingerprint", failure.Message, StringComparison.Ordinal);
        Assert.Contains(TestCertificates.Client.SdpFingerprint, failure.Message, StringComparison.Ordinal);
        Assert.Contains(TestCertificates.Other.SdpFingerprint, failure.Message, StringComparison.Ordinal);
        Assert.Equal(failure.Message, reason);
        Assert.Equal(DtlsSessionState.Failed, loop.Session.State);
    }

    [Fact]
    public async Task ClientWithoutUseSrtp_IsRefusedWithReason()
    {
        var client = NewClient(null);
        using var loop = new DtlsLoopback(client, TestCertificates.ClientFingerprints, Options);
        loop.Session.Start();

        var alert = await Assert.ThrowsAsync<TlsFatalAlertReceived>(() => loop.ConnectClientAsync().WaitAsync(Wait));
        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => loop.Session.Completion.WaitAsync(Wait));

        Assert.Equal(AlertDescription.handshake_failure, alert.AlertDescription);
        Assert.Contains("use_srtp", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientWithNoCommonSrtpProfile_IsRefusedWithReason()
    {
        var client = NewClient([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32]);
        using var loop = new DtlsLoopback(client, TestCertificates.ClientFingerprints, Options);
        loop.Session.Start();

        await Assert.ThrowsAsync<TlsFatalAlertReceived>(() => loop.ConnectClientAsync().WaitAsync(Wait));
        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => loop.Session.Completion.WaitAsync(Wait));

        Assert.Contains("no common SRTP protection profile", failure.Message, StringComparison.Ordinal);
        Assert.Contains("0x0002", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientWithoutCertificate_IsRefusedWithReason()
    {
        var client = new TestDtlsClient(TestCertificates.Client, [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]) { SendCertificate = false };
        using var loop = new DtlsLoopback(client, TestCertificates.ClientFingerprints, Options);
        loop.Session.Start();

        await Assert.ThrowsAsync<TlsFatalAlertReceived>(() => loop.ConnectClientAsync().WaitAsync(Wait));
        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => loop.Session.Completion.WaitAsync(Wait));

        Assert.Contains("no certificate", failure.Message, StringComparison.Ordinal);
    }

    private static TestDtlsClient NewClient(int[]? profiles) =>
        new(TestCertificates.Client, profiles) { ExpectedServerFingerprint = DtlsCertificate.Shared.Fingerprint };

    private static void AssertLengths(DtlsSrtpKeys keys, int keyLength, int saltLength)
    {
        Assert.Equal(keyLength, keys.ClientWriteKey.Length);
        Assert.Equal(keyLength, keys.ServerWriteKey.Length);
        Assert.Equal(saltLength, keys.ClientWriteSalt.Length);
        Assert.Equal(saltLength, keys.ServerWriteSalt.Length);
        Assert.NotEqual(keys.ClientWriteKey, keys.ServerWriteKey);
    }

    private static byte[] Concat(DtlsSrtpKeys keys) =>
        [.. keys.ClientWriteKey, .. keys.ServerWriteKey, .. keys.ClientWriteSalt, .. keys.ServerWriteSalt];
}
