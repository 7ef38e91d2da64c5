using System.Net;
using ControlPlane.Admin;
using Grpc.Core;

namespace ControlPlane.Tests.Admin;

public sealed class AdminAccessTests
{
    private const string Key = "adm_s3cret-Key_0123456789";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.5.5.5")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void WithoutAKeyLoopbackCallersAreAllowed(string remote)
    {
        Assert.Null(AdminAccess.Check(null, null, IPAddress.Parse(remote)));
        Assert.Null(AdminAccess.Check("", null, IPAddress.Parse(remote)));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("2001:db8::1")]
    [InlineData("0.0.0.0")]
    public void WithoutAKeyOtherCallersAreDenied(string remote)
    {
        var status = AdminAccess.Check(null, null, IPAddress.Parse(remote));

        Assert.NotNull(status);
        Assert.Equal(StatusCode.PermissionDenied, status.Value.StatusCode);
        Assert.Contains("Sfu:Admin:ApiKey", status.Value.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAKeyAnUnknownRemoteIsDenied()
    {
        var status = AdminAccess.Check(null, null, null);

        Assert.NotNull(status);
        Assert.Equal(StatusCode.PermissionDenied, status.Value.StatusCode);
    }

    [Fact]
    public void WithoutAKeyAHeaderDoesNotOpenTheApiToRemoteCallers()
    {
        // Until a key is configured there is nothing to compare a token with, so presenting one must not help.
        var status = AdminAccess.Check(null, "Bearer anything", IPAddress.Parse("10.0.0.1"));

        Assert.Equal(StatusCode.PermissionDenied, status?.StatusCode);
    }

    [Theory]
    [InlineData("Bearer " + Key)]
    [InlineData("bearer " + Key)]
    [InlineData("BEARER " + Key)]
    [InlineData("bEaReR " + Key)]
    public void TheRightKeyIsAllowedFromAnyAddress(string header)
    {
        Assert.Null(AdminAccess.Check(Key, header, IPAddress.Parse("203.0.113.9")));
        Assert.Null(AdminAccess.Check(Key, header, IPAddress.Parse("2001:db8::1")));
        Assert.Null(AdminAccess.Check(Key, header, IPAddress.Loopback));
        Assert.Null(AdminAccess.Check(Key, header, null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData(Key)]
    [InlineData("Basic " + Key)]
    [InlineData("Bearer" + Key)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Bearer " + Key + "x")]
    [InlineData("Bearer x" + Key)]
    [InlineData("Bearer " + Key + " " + Key)]
    [InlineData("Bearer ADM_S3CRET-KEY_0123456789")]
    [InlineData("Bearer adm_s3cret-Key_012345678")]
    public void AnythingButTheRightKeyIsUnauthenticatedEvenFromLoopback(string? header)
    {
        // Once a key is configured, loopback gets no free pass: local processes must present it too.
        var status = AdminAccess.Check(Key, header, IPAddress.Loopback);

        Assert.NotNull(status);
        Assert.Equal(StatusCode.Unauthenticated, status.Value.StatusCode);
        Assert.DoesNotContain(Key, status.Value.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusalsNeverRevealTheConfiguredKey()
    {
        string?[] headers = [null, "Basic abc", "Bearer nope", "Bearer " + Key[..^1]];
        foreach (string? header in headers)
        {
            var status = AdminAccess.Check(Key, header, IPAddress.Parse("198.51.100.7"));

            Assert.NotNull(status);
            Assert.DoesNotContain(Key, status.Value.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", status.Value.Detail, StringComparison.OrdinalIgnoreCase);
        }
    }
}
