using Egress.WebRtc.Dtls;

namespace Egress.WebRtc.Tests.Dtls;

public sealed class DtlsSrtpProfilesTests
{
    [Theory]
    [InlineData(new[] { 0x0001, 0x0007 }, 0x0007)]
    [InlineData(new[] { 0x0007 }, 0x0007)]
    [InlineData(new[] { 0x0002, 0x0001 }, 0x0001)]
    public void Select_UsesOurPreferenceOrder(int[] offered, int expected) =>
        Assert.Equal((ushort)expected, DtlsSrtpProfiles.Select(offered));

    [Fact]
    public void Select_ReturnsNull_WhenNothingInCommon() => Assert.Null(DtlsSrtpProfiles.Select([0x0002, 0x0008]));

    [Theory]
    [InlineData(DtlsSrtpProfiles.AeadAes128Gcm, 16, 12, 56)]
    [InlineData(DtlsSrtpProfiles.Aes128CmHmacSha1_80, 16, 14, 60)]
    public void Lengths_MatchRfc(ushort profile, int key, int salt, int material)
    {
        Assert.Equal(key, DtlsSrtpProfiles.KeyLength(profile));
        Assert.Equal(salt, DtlsSrtpProfiles.SaltLength(profile));
        Assert.Equal(material, DtlsSrtpKeys.MaterialLength(profile));
    }

    [Fact]
    public void Keys_SplitMaterial_ClientKey_ServerKey_ClientSalt_ServerSalt()
    {
        var material = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();

        var keys = DtlsSrtpKeys.FromKeyingMaterial(DtlsSrtpProfiles.Aes128CmHmacSha1_80, material);

        Assert.Equal(material[..16], keys.ClientWriteKey);
        Assert.Equal(material[16..32], keys.ServerWriteKey);
        Assert.Equal(material[32..46], keys.ClientWriteSalt);
        Assert.Equal(material[46..60], keys.ServerWriteSalt);
    }

    [Fact]
    public void Keys_RejectWrongMaterialLength() =>
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeys.FromKeyingMaterial(DtlsSrtpProfiles.AeadAes128Gcm, new byte[60]));

    [Fact]
    public void Clear_ZeroesEverything()
    {
        var keys = DtlsSrtpKeys.FromKeyingMaterial(DtlsSrtpProfiles.AeadAes128Gcm, Enumerable.Repeat((byte)0xAA, 56).ToArray());

        keys.Clear();

        Assert.All([keys.ClientWriteKey, keys.ServerWriteKey, keys.ClientWriteSalt, keys.ServerWriteSalt], a => Assert.All(a, b => Assert.Equal(0, b)));
    }

    [Fact]
    public void UnknownProfile_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => DtlsSrtpProfiles.KeyLength(0x0002));
}
