using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

public class SrtpProtectionProfileTests
{
    [Fact]
    public void GcmProfileHasRfc7714Sizes()
    {
        const SrtpProtectionProfile profile = SrtpProtectionProfile.AeadAes128Gcm;
        Assert.Equal(0x0007, (ushort)profile);
        Assert.Equal(16, profile.MasterKeyLength());
        Assert.Equal(12, profile.MasterSaltLength());
        Assert.Equal(16, profile.AuthTagLength());
        Assert.Equal(0, profile.AuthKeyLength());
        Assert.Equal(56, profile.KeyingMaterialLength());
        Assert.Equal(20, profile.SrtcpOverhead());
        Assert.True(profile.IsAead());
    }

    [Fact]
    public void CmProfileHasRfc5764Sizes()
    {
        const SrtpProtectionProfile profile = SrtpProtectionProfile.AesCm128HmacSha1_80;
        Assert.Equal(0x0001, (ushort)profile);
        Assert.Equal(16, profile.MasterKeyLength());
        Assert.Equal(14, profile.MasterSaltLength());
        Assert.Equal(10, profile.AuthTagLength());
        Assert.Equal(20, profile.AuthKeyLength());
        Assert.Equal(60, profile.KeyingMaterialLength());
        Assert.Equal(14, profile.SrtcpOverhead());
        Assert.False(profile.IsAead());
    }

    [Theory]
    [InlineData(0x0001, true)]
    [InlineData(0x0007, true)]
    [InlineData(0x0002, false)]
    [InlineData(0x0008, false)]
    public void DtlsIdMapsOnlySupportedProfiles(ushort id, bool supported)
    {
        Assert.Equal(supported, SrtpProtectionProfileExtensions.TryFromDtlsId(id, out _));
    }
}
