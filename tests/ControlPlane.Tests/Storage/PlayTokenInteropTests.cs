using ControlPlane.Auth;
using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;

namespace ControlPlane.Tests.Storage;

/// <summary>Tokens built by hand: what an operator's backend would mint, and what an attacker would try.</summary>
public sealed class PlayTokenInteropTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly byte[] _secret = Enumerable.Range(100, 48).Select(i => (byte)i).ToArray();
    private readonly PlayTokenService _service;

    /// <summary>Builds a service on a clock frozen at <see cref="Now"/>.</summary>
    public PlayTokenInteropTests() => _service = new PlayTokenService(_secret, new ManualTimeProvider(Now));

    /// <summary>A token minted with nothing but HMAC-SHA256 and the shared secret is accepted.</summary>
    [Fact]
    public async Task OperatorMintedHs256_IsValid()
    {
        var token = HandMadeJwt.SignHs256(HandMadeJwt.Hs256Header, HandMadeJwt.Payload("cam1", Now, TimeSpan.FromMinutes(5)), _secret);

        var check = await _service.ValidateAsync(token, "cam1");

        Assert.Equal(PlayTokenStatus.Valid, check.Status);
        Assert.Equal(Now.AddMinutes(5), check.ExpiresAt);
    }

    /// <summary>Unsigned tokens (<c>alg: none</c>) are refused however the signature part looks.</summary>
    [Theory]
    [InlineData("""{"alg":"none","typ":"JWT"}""", "")]
    [InlineData("""{"alg":"none"}""", "")]
    [InlineData("""{"alg":"None"}""", "")]
    [InlineData("""{"alg":"none"}""", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AlgNone_IsRefused(string header, string signature)
    {
        var token = HandMadeJwt.Unsigned(header, HandMadeJwt.Payload("cam1", Now, TimeSpan.FromMinutes(5))) + signature;

        Assert.Equal(PlayTokenStatus.BadSignature, (await _service.ValidateAsync(token, "cam1")).Status);
    }

    /// <summary>Other algorithms are refused even when keyed with the right secret.</summary>
    [Fact]
    public async Task OtherAlgorithms_AreRefused()
    {
        var payload = HandMadeJwt.Payload("cam1", Now, TimeSpan.FromMinutes(5));
        var hs512 = HandMadeJwt.SignHs512("""{"alg":"HS512","typ":"JWT"}""", payload, _secret);
        // Algorithm confusion: an RS256 header over an HMAC made with the shared secret.
        var confused = HandMadeJwt.SignHs256("""{"alg":"RS256","typ":"JWT"}""", payload, _secret);
        var noAlg = HandMadeJwt.SignHs256("""{"typ":"JWT"}""", payload, _secret);

        Assert.Equal(PlayTokenStatus.BadSignature, (await _service.ValidateAsync(hs512, "cam1")).Status);
        Assert.Equal(PlayTokenStatus.BadSignature, (await _service.ValidateAsync(confused, "cam1")).Status);
        Assert.Equal(PlayTokenStatus.BadSignature, (await _service.ValidateAsync(noAlg, "cam1")).Status);
    }

    /// <summary>A token whose nbf is still ahead (beyond the skew) is not yet valid; within the skew it is.</summary>
    [Fact]
    public async Task FutureNotBefore_IsNotYetValid()
    {
        var later = HandMadeJwt.SignHs256(HandMadeJwt.Hs256Header, HandMadeJwt.Payload("cam1", Now.AddSeconds(60), TimeSpan.FromMinutes(5)), _secret);
        var slightlyAhead = HandMadeJwt.SignHs256(HandMadeJwt.Hs256Header, HandMadeJwt.Payload("cam1", Now.AddSeconds(4), TimeSpan.FromMinutes(5)), _secret);

        Assert.Equal(PlayTokenStatus.NotYetValid, (await _service.ValidateAsync(later, "cam1")).Status);
        Assert.Equal(PlayTokenStatus.Valid, (await _service.ValidateAsync(slightlyAhead, "cam1")).Status);
    }

    /// <summary>Correctly signed tokens lacking what a play token needs are Malformed, never Valid.</summary>
    [Theory]
    [InlineData("""{"stream":"cam1","iss":"sfu","aud":"sfu-play"}""")]
    [InlineData("""{"stream":"cam1","iss":"sfu","aud":"other","exp":1906549200}""")]
    [InlineData("""{"stream":"cam1","iss":"other","aud":"sfu-play","exp":1906549200}""")]
    [InlineData("""{"stream":"cam1","aud":"sfu-play","exp":1906549200}""")]
    [InlineData("""{"iss":"sfu","aud":"sfu-play","exp":1906549200}""")]
    [InlineData("""{"stream":42,"iss":"sfu","aud":"sfu-play","exp":1906549200}""")]
    [InlineData("""{"stream":["cam1"],"iss":"sfu","aud":"sfu-play","exp":1906549200}""")]
    [InlineData("""{"stream":"cam2","stream":"cam1","iss":"sfu","aud":"sfu-play","exp":1906549200}""")]
    [InlineData("""{"stream":"cam1","iss":"sfu","aud":"sfu-play","exp":"soon"}""")]
    [InlineData("""{"stream":"cam1","iss":"sfu","aud":"sfu-play","exp":1e300}""")]
    [InlineData("""{"stream":"cam1","iss":"sfu","aud":"sfu-play","exp":1906549200,"nbf":"now"}""")]
    public async Task SignedButIncomplete_IsMalformed(string payload)
    {
        var token = HandMadeJwt.SignHs256(HandMadeJwt.Hs256Header, payload, _secret);

        Assert.Equal(PlayTokenStatus.Malformed, (await _service.ValidateAsync(token, "cam1")).Status);
    }

    /// <summary>Re-spelling the signature's 2 spare trailing bits is refused, so tokens are not malleable (the library compares encodings strictly; this guards that).</summary>
    [Fact]
    public async Task NonCanonicalSignatureEncoding_IsRefused()
    {
        var token = HandMadeJwt.SignHs256(HandMadeJwt.Hs256Header, HandMadeJwt.Payload("cam1", Now, TimeSpan.FromMinutes(5)), _secret);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = Alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        // Same 4 significant bits, different spare bits: decodes to the very same signature bytes.
        var respelled = token[..^1] + Alphabet[last + 1];

        Assert.Equal(PlayTokenStatus.Valid, (await _service.ValidateAsync(token, "cam1")).Status);
        Assert.Equal(PlayTokenStatus.BadSignature, (await _service.ValidateAsync(respelled, "cam1")).Status);
    }
}
