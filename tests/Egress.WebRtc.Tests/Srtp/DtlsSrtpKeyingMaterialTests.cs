using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

public class DtlsSrtpKeyingMaterialTests
{
    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void ServerProtectsWithServerWriteAndUnprotectsWithClientWrite(SrtpProtectionProfile profile)
    {
        var k = profile.MasterKeyLength();
        var s = profile.MasterSaltLength();
        var material = new byte[profile.KeyingMaterialLength()];
        material.AsSpan(0, k).Fill(0xC1);
        material.AsSpan(k, k).Fill(0x51);
        material.AsSpan(2 * k, s).Fill(0xC2);
        material.AsSpan((2 * k) + s, s).Fill(0x52);

        var server = DtlsSrtpKeyingMaterial.SplitForServer(profile, material);

        Assert.Equal(Enumerable.Repeat((byte)0x51, k), server.Local.Key.ToArray());
        Assert.Equal(Enumerable.Repeat((byte)0x52, s), server.Local.Salt.ToArray());
        Assert.Equal(Enumerable.Repeat((byte)0xC1, k), server.Remote.Key.ToArray());
        Assert.Equal(Enumerable.Repeat((byte)0xC2, s), server.Remote.Salt.ToArray());

        var client = DtlsSrtpKeyingMaterial.Split(profile, material, localIsDtlsServer: false);
        Assert.Equal(server.Local.Key.ToArray(), client.Remote.Key.ToArray());
        Assert.Equal(server.Remote.Salt.ToArray(), client.Local.Salt.ToArray());
    }

    [Fact]
    public void ServerAndClientContextsInteroperate()
    {
        const SrtpProtectionProfile profile = SrtpProtectionProfile.AeadAes128Gcm;
        var material = TestPackets.Payload(profile.KeyingMaterialLength(), seed: 9);
        var server = DtlsSrtpKeyingMaterial.SplitForServer(profile, material);
        var client = DtlsSrtpKeyingMaterial.Split(profile, material, localIsDtlsServer: false);
        using var serverSend = new SrtpContext(profile, server.Local);
        using var clientReceive = new SrtpContext(profile, client.Remote);

        var rtp = TestPackets.Rtp(7, 0x1234, TestPackets.Payload(40));
        var wire = TestPackets.Protect(serverSend, rtp);

        Assert.True(clientReceive.TryUnprotectRtp(wire, wire.Length, out var length));
        Assert.Equal(rtp[..TestPackets.RtpLength(rtp)], wire[..length]);
    }

    [Fact]
    public void WrongMaterialLengthThrows()
    {
        Assert.Throws<ArgumentException>(
            () => DtlsSrtpKeyingMaterial.SplitForServer(SrtpProtectionProfile.AeadAes128Gcm, new byte[60]));
    }
}
