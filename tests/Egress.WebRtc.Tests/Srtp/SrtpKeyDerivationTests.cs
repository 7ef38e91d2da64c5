using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

public class SrtpKeyDerivationTests
{
    // RFC 3711 Appendix B.3.
    private static readonly byte[] MasterKey = Hex.Parse("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Hex.Parse("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void Rfc3711B3CipherKey()
    {
        var key = new byte[16];
        SrtpKeyDerivation.DeriveKey(MasterKey, MasterSalt, SrtpKeyDerivation.SrtpEncryptionLabel, key);
        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", Hex.Of(key));
    }

    [Fact]
    public void Rfc3711B3CipherSalt()
    {
        var salt = new byte[14];
        SrtpKeyDerivation.DeriveKey(MasterKey, MasterSalt, SrtpKeyDerivation.SrtpSaltLabel, salt);
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", Hex.Of(salt));
    }

    [Fact]
    public void Rfc3711B3FullAuthKeyExercisesMultipleCounterBlocks()
    {
        var auth = new byte[94];
        SrtpKeyDerivation.DeriveKey(MasterKey, MasterSalt, SrtpKeyDerivation.SrtpAuthenticationLabel, auth);
        Assert.Equal(
            Hex.Parse(
                "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE" +
                "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25" +
                "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2"),
            auth);
    }

    [Fact]
    public void DeriveSrtpReturnsRfc3711B3SessionKeys()
    {
        var keys = SrtpKeyDerivation.DeriveSrtp(
            SrtpProtectionProfile.AesCm128HmacSha1_80, new SrtpMasterKey(MasterKey, MasterSalt));

        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", Hex.Of(keys.EncryptionKey));
        Assert.Equal("cebe321f6ff7716b6fd4ab49af256a156d38baa4", Hex.Of(keys.AuthenticationKey));
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", Hex.Of(keys.Salt));
    }

    /// <summary>
    /// RFC 3711 publishes no SRTCP (labels 3-5) vector. These values are NOT from an RFC: they are the
    /// widely reproduced interop values for the B.3 master key, and are also checked against the
    /// test-only reference KDF below.
    /// </summary>
    [Fact]
    public void DeriveSrtcpMatchesInteropValuesAndReference()
    {
        var master = new SrtpMasterKey(MasterKey, MasterSalt);
        var keys = SrtpKeyDerivation.DeriveSrtcp(SrtpProtectionProfile.AesCm128HmacSha1_80, master);

        Assert.Equal("4c1aa45a81f73d61c800bbb00fbb1eaa", Hex.Of(keys.EncryptionKey));
        Assert.Equal("8d54534feb49ae8e7993a6bd0b844fc323a93dfd", Hex.Of(keys.AuthenticationKey));
        Assert.Equal("9581c7ad87b3e530bf3e4454a8b3", Hex.Of(keys.Salt));
        Assert.Equal(ReferenceSrtp.Kdf(MasterKey, MasterSalt, 3, 16), keys.EncryptionKey.ToArray());
        Assert.Equal(ReferenceSrtp.Kdf(MasterKey, MasterSalt, 4, 20), keys.AuthenticationKey.ToArray());
        Assert.Equal(ReferenceSrtp.Kdf(MasterKey, MasterSalt, 5, 14), keys.Salt.ToArray());
    }

    [Fact]
    public void GcmTwelveByteSaltIsZeroPaddedOnTheRightLikeLibsrtp()
    {
        var salt12 = Hex.Parse("517569642070726f2071756f");
        var salt14 = Hex.Parse("517569642070726f2071756f0000");
        var master = new SrtpMasterKey(Hex.Parse("000102030405060708090a0b0c0d0e0f"), salt12);

        var keys = SrtpKeyDerivation.DeriveSrtp(SrtpProtectionProfile.AeadAes128Gcm, master);

        Assert.Equal(ReferenceSrtp.Kdf(master.Key.ToArray(), salt14, 0, 16), keys.EncryptionKey.ToArray());
        Assert.Equal(ReferenceSrtp.Kdf(master.Key.ToArray(), salt14, 2, 14)[..12], keys.Salt.ToArray());
        Assert.True(keys.AuthenticationKey.IsEmpty);
    }

    [Fact]
    public void WrongMasterLengthsAreRejectedAtSetup()
    {
        var shortSalt = new SrtpMasterKey(new byte[16], new byte[12]);
        Assert.Throws<ArgumentException>(
            () => SrtpKeyDerivation.DeriveSrtp(SrtpProtectionProfile.AesCm128HmacSha1_80, shortSalt));
    }
}
