using ControlPlane.Cluster;

namespace ControlPlane.Tests.Cluster;

public sealed class RelayTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ATokenOpensItsStreamForAMinuteWithTheSameSecret()
    {
        string token = RelayToken.Create("secret", "show", Now);
        Assert.True(RelayToken.Verify("secret", "show", token, Now));
        Assert.True(RelayToken.Verify("secret", "show", token, Now + TimeSpan.FromSeconds(59)));
        Assert.DoesNotContain("secret", token, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other-secret", "show", 0)]
    [InlineData("secret", "other-stream", 0)]
    [InlineData("secret", "show", 61)]
    public void AnotherSecretAnotherStreamOrLateIsRefused(string secret, string stream, int secondsLater) =>
        Assert.False(RelayToken.Verify(secret, stream, RelayToken.Create("secret", "show", Now), Now + TimeSpan.FromSeconds(secondsLater)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".abc")]
    [InlineData("-5.abc")]
    [InlineData("99999999999999999999999.abc")]
    [InlineData("1795000000.0000")]
    public void GarbageIsRefused(string? token) => Assert.False(RelayToken.Verify("secret", "show", token, Now));

    [Fact]
    public void ATamperedSignatureOrAStretchedExpiryIsRefused()
    {
        string token = RelayToken.Create("secret", "show", Now);
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        string flipped = token[..^1] + (token[^1] == '0' ? '1' : '0');
        long expiry = long.Parse(token[..dot], System.Globalization.CultureInfo.InvariantCulture);
        string stretched = (expiry + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture) + token[dot..];
        Assert.False(RelayToken.Verify("secret", "show", flipped, Now));
        Assert.False(RelayToken.Verify("secret", "show", stretched, Now));
    }
}
