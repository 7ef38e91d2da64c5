using System.Text;
using Egress.WebRtc.Stun;

namespace Egress.WebRtc.Tests.Stun;

public sealed class StunUsernameTests
{
    [Theory]
    [InlineData("ours:theirs", "ours", "theirs")]
    [InlineData("a:b:c", "a", "b:c")]
    public void TrySplit_SplitsAtFirstColon(string username, string local, string remote)
    {
        Assert.True(StunUsername.TrySplit(Encoding.UTF8.GetBytes(username), out var l, out var r));
        Assert.Equal(local, Encoding.UTF8.GetString(l));
        Assert.Equal(remote, Encoding.UTF8.GetString(r));
        Assert.Equal(local, Encoding.UTF8.GetString(StunUsername.GetLocalUfrag(Encoding.UTF8.GetBytes(username))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("nocolon")]
    [InlineData(":theirs")]
    [InlineData("ours:")]
    public void TrySplit_RejectsIncompleteUsernames(string username)
    {
        Assert.False(StunUsername.TrySplit(Encoding.UTF8.GetBytes(username), out _, out _));
        Assert.True(StunUsername.GetLocalUfrag(Encoding.UTF8.GetBytes(username)).IsEmpty);
    }
}
