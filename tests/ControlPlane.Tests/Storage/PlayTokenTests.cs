using ControlPlane.Auth;
using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ControlPlane.Tests.Storage;

/// <summary>Minting and checking play tokens made by this service.</summary>
public sealed class PlayTokenTests
{
    private static readonly DateTimeOffset Start = new(2030, 6, 1, 12, 0, 0, 250, TimeSpan.Zero);
    private readonly byte[] _secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly PlayTokenService _service;

    /// <summary>Builds a service on a manual clock.</summary>
    public PlayTokenTests() => _service = new PlayTokenService(_secret, _clock);

    /// <summary>A fresh token is valid for its stream and reports its expiry.</summary>
    [Fact]
    public async Task RoundTrip_IsValid()
    {
        var token = _service.Create("cam1", TimeSpan.FromMinutes(10));

        var check = await _service.ValidateAsync(token.Token, "cam1");

        Assert.Equal(PlayTokenStatus.Valid, check.Status);
        Assert.True(check.IsValid);
        Assert.Equal(new DateTimeOffset(2030, 6, 1, 12, 10, 0, TimeSpan.Zero), token.ExpiresAt);
        Assert.Equal(token.ExpiresAt, check.ExpiresAt);
        Assert.DoesNotContain(token.Token, token.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The token is a standard JWT carrying exactly the documented header and claims.</summary>
    [Fact]
    public void Token_HasStandardClaims()
    {
        var jwt = new JsonWebToken(_service.Create("cam1", TimeSpan.FromMinutes(10)).Token);
        var issuedAt = Start.ToUnixTimeSeconds();

        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal("cam1", jwt.GetPayloadValue<string>("stream"));
        Assert.Equal("sfu", jwt.Issuer);
        Assert.Equal(["sfu-play"], jwt.Audiences);
        Assert.Equal(issuedAt, jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(issuedAt, jwt.GetPayloadValue<long>("nbf"));
        Assert.Equal(issuedAt + 600, jwt.GetPayloadValue<long>("exp"));
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.NotEqual(jwt.Id, new JsonWebToken(_service.Create("cam1", TimeSpan.FromMinutes(10)).Token).Id);
    }

    /// <summary>Expiry follows the injected clock, with 5 seconds of grace.</summary>
    [Fact]
    public async Task Expiry_UsesInjectedClockWithSkew()
    {
        var token = _service.Create("cam1", TimeSpan.FromMinutes(1)).Token;

        _clock.Advance(TimeSpan.FromSeconds(60 + 4));
        Assert.Equal(PlayTokenStatus.Valid, (await _service.ValidateAsync(token, "cam1")).Status);

        _clock.Advance(TimeSpan.FromSeconds(2));
        var check = await _service.ValidateAsync(token, "cam1");
        Assert.Equal(PlayTokenStatus.Expired, check.Status);
        Assert.Null(check.ExpiresAt);
    }

    /// <summary>A token for another stream does not open this one.</summary>
    [Fact]
    public async Task WrongStream_IsRefused()
    {
        var token = _service.Create("cam1", TimeSpan.FromMinutes(1)).Token;

        Assert.Equal(PlayTokenStatus.WrongStream, (await _service.ValidateAsync(token, "cam2")).Status);
        Assert.Equal(PlayTokenStatus.WrongStream, (await _service.ValidateAsync(token, "CAM1")).Status);
    }

    /// <summary>A token from a service with another secret fails its signature check.</summary>
    [Fact]
    public async Task OtherSecret_IsBadSignature()
    {
        var other = new PlayTokenService(Enumerable.Repeat((byte)7, 32).ToArray(), _clock);
        var token = other.Create("cam1", TimeSpan.FromMinutes(1)).Token;

        Assert.Equal(PlayTokenStatus.BadSignature, (await _service.ValidateAsync(token, "cam1")).Status);
    }

    /// <summary>Absent tokens are Missing and junk is Malformed.</summary>
    [Theory]
    [InlineData(null, PlayTokenStatus.Missing)]
    [InlineData("", PlayTokenStatus.Missing)]
    [InlineData("   ", PlayTokenStatus.Missing)]
    [InlineData("hello", PlayTokenStatus.Malformed)]
    [InlineData("a.b.c", PlayTokenStatus.Malformed)]
    [InlineData("a.b.c.d.e", PlayTokenStatus.Malformed)]
    public async Task MissingOrJunk_IsClassified(string? token, PlayTokenStatus expected)
    {
        Assert.Equal(expected, (await _service.ValidateAsync(token, "cam1")).Status);
    }

    /// <summary>Secrets shorter than 256 bits and out-of-range lifetimes are refused.</summary>
    [Fact]
    public void BadArguments_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new PlayTokenService(new byte[31], _clock));
        Assert.ThrowsAny<ArgumentException>(() => new PlayTokenService(null!, _clock));
        Assert.ThrowsAny<ArgumentException>(() => _service.Create("cam1", TimeSpan.FromMilliseconds(999)));
        Assert.ThrowsAny<ArgumentException>(() => _service.Create("cam1", TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1)));
        Assert.ThrowsAny<ArgumentException>(() => _service.Create("a/b", TimeSpan.FromMinutes(1)));
        Assert.ThrowsAny<ArgumentException>(() => _service.ValidateAsync("x", ""));
        _service.Create("cam1", TimeSpan.FromSeconds(1));
        _service.Create("cam1", TimeSpan.FromDays(30));
    }

    /// <summary>Changing the caller's secret array afterwards does not change the key.</summary>
    [Fact]
    public async Task SecretArray_IsCopied()
    {
        var secret = _secret.ToArray();
        var service = new PlayTokenService(secret, _clock);
        var token = service.Create("cam1", TimeSpan.FromMinutes(1)).Token;

        Array.Clear(secret);

        Assert.True((await service.ValidateAsync(token, "cam1")).IsValid);
    }
}
