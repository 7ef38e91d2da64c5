using System.Text;
using ControlPlane.Cluster;

namespace ControlPlane.Tests.Cluster;

public sealed class RelayCloseTests
{
    [Theory]
    [InlineData("stream ended", "stream ended")]
    [InlineData("", "")]
    public void AShortReasonIsKept(string reason, string expected) => Assert.Equal(expected, RelayClose.Fit(reason));

    [Theory]
    [InlineData('a')]
    [InlineData('é')]
    [InlineData('€')]
    public void ALongReasonIsCutToWhatACloseFrameCarriesInUtf8(char filler)
    {
        string reason = new string(filler, 300);
        string fitted = RelayClose.Fit(reason);
        Assert.InRange(Encoding.UTF8.GetByteCount(fitted), 121, 123);
        Assert.StartsWith(fitted, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ASurrogatePairIsNeverCutInHalf()
    {
        string reason = string.Concat(Enumerable.Repeat("😀", 100));
        string fitted = RelayClose.Fit(reason);
        Assert.True(Encoding.UTF8.GetByteCount(fitted) <= 123);
        Assert.Equal(0, fitted.Length % 2);
        Assert.False(char.IsHighSurrogate(fitted[^1]));
    }
}
