using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

public sealed class H264ProfileLevelIdTests
{
    [Theory]
    [InlineData("42e01f", H264Profile.ConstrainedBaseline)]
    [InlineData("42c01f", H264Profile.ConstrainedBaseline)]
    [InlineData("4de01f", H264Profile.ConstrainedBaseline)]
    [InlineData("42001f", H264Profile.Baseline)]
    [InlineData("4d001f", H264Profile.Main)]
    [InlineData("58001f", H264Profile.Extended)]
    [InlineData("64001f", H264Profile.High)]
    [InlineData("640028", H264Profile.High)]
    [InlineData("640c1f", H264Profile.ConstrainedHigh)]
    [InlineData("64081f", H264Profile.ProgressiveHigh)]
    [InlineData("6e001f", H264Profile.High10)]
    [InlineData("f4001f", H264Profile.High444)]
    [InlineData("53001f", H264Profile.Other)]
    public void Profile_IsClassifiedFromIdcAndConstraintFlags(string text, H264Profile profile)
    {
        Assert.Equal(profile, H264ProfileLevelId.Parse(text).Profile);
    }

    [Fact]
    public void Level1b_SortsBetween10And11()
    {
        var level10 = H264ProfileLevelId.Parse("42e00a");
        var level1b = H264ProfileLevelId.Parse("42f00b");
        var level11 = H264ProfileLevelId.Parse("42e00b");
        var high1b = H264ProfileLevelId.Parse("640009");

        Assert.True(level1b.IsLevel1b);
        Assert.False(level11.IsLevel1b);
        Assert.True(high1b.IsLevel1b);
        Assert.True(level10.LevelRank < level1b.LevelRank && level1b.LevelRank < level11.LevelRank);
    }

    [Fact]
    public void SameProfile_IgnoresLevelAndEquivalentFlagSpellings()
    {
        Assert.True(H264ProfileLevelId.Parse("42e01f").IsSameProfile(H264ProfileLevelId.Parse("42c034")));
        Assert.False(H264ProfileLevelId.Parse("42e01f").IsSameProfile(H264ProfileLevelId.Parse("42001f")));
        Assert.False(H264ProfileLevelId.Parse("640028").IsSameProfile(H264ProfileLevelId.Parse("640c1f")));
        Assert.False(H264ProfileLevelId.Parse("53001f").IsSameProfile(H264ProfileLevelId.Parse("54001f")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42e01")]
    [InlineData("42e01fff")]
    [InlineData("+2e01f")]
    [InlineData("42g01f")]
    public void TryParse_RejectsMalformed(string? text)
    {
        Assert.False(H264ProfileLevelId.TryParse(text, out _));
    }

    [Fact]
    public void ToString_IsLowerCaseHex()
    {
        Assert.Equal("64001f", H264ProfileLevelId.Parse("64001F").ToString());
    }
}
