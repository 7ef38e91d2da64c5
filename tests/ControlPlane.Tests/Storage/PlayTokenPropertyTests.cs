using System.Buffers.Text;
using ControlPlane.Auth;
using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;
using CsCheck;

namespace ControlPlane.Tests.Storage;

/// <summary>Properties over many generated inputs: tampering never validates and garbage never throws.</summary>
public sealed class PlayTokenPropertyTests
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PlayTokenService _service = new(Enumerable.Repeat((byte)42, 32).ToArray(), new ManualTimeProvider(Now));

    /// <summary>Replacing any one character of a valid token with any other character never yields Valid.</summary>
    [Fact]
    public async Task SingleCharacterChange_NeverValid_Random()
    {
        var token = _service.Create("cam1", TimeSpan.FromHours(1)).Token;
        Assert.True((await _service.ValidateAsync(token, "cam1")).IsValid);
        var replacements = Gen.OneOf(Gen.Char[Base64UrlAlphabet + ".=+/ %"], Gen.Char);

        await Gen.Select(Gen.Int[0, token.Length - 1], replacements).SampleAsync(
            async (position, replacement) =>
            {
                if (token[position] == replacement)
                {
                    return;
                }

                var tampered = string.Concat(token.AsSpan(0, position), [replacement], token.AsSpan(position + 1));
                var check = await _service.ValidateAsync(tampered, "cam1");
                Assert.NotEqual(PlayTokenStatus.Valid, check.Status);
            },
            iter: 20_000,
            threads: 1);
    }

    /// <summary>Exhaustively: no position of a valid token, changed to any other base64url character, stays Valid.</summary>
    [Fact]
    public async Task SingleCharacterChange_NeverValid_Exhaustive()
    {
        var token = _service.Create("cam1", TimeSpan.FromHours(1)).Token;
        var chars = token.ToCharArray();

        for (var position = 0; position < chars.Length; position++)
        {
            var original = chars[position];
            foreach (var replacement in Base64UrlAlphabet)
            {
                if (replacement == original)
                {
                    continue;
                }

                chars[position] = replacement;
                var check = await _service.ValidateAsync(new string(chars), "cam1");
                Assert.True(check.Status != PlayTokenStatus.Valid, $"position {position}: '{original}' -> '{replacement}'");
            }

            chars[position] = original;
        }
    }

    /// <summary>Arbitrary strings never throw and never validate.</summary>
    [Fact]
    public async Task ArbitraryStrings_NeverThrowOrValidate()
    {
        await Gen.String.SampleAsync(
            async garbage => Assert.False((await _service.ValidateAsync(garbage, "cam1")).IsValid),
            iter: 20_000,
            threads: 1);
    }

    /// <summary>Three-part strings shaped like JWTs, with random or JSON-ish parts, never throw and never validate.</summary>
    [Fact]
    public async Task JwtShapedGarbage_NeverThrowsOrValidates()
    {
        var randomSegment = Gen.Byte.Array[0, 120].Select(bytes => Base64Url.EncodeToString(bytes));
        var jsonish = Gen.OneOf(
            Gen.Const("""{"alg":"HS256","typ":"JWT"}"""),
            Gen.Const("""{"alg":"none"}"""),
            Gen.Const("""{"stream":"cam1","iss":"sfu","aud":"sfu-play","exp":1906549200}"""),
            Gen.Const("""{"exp":"soon","nbf":[],"stream":{}}"""),
            Gen.Const("null"),
            Gen.Const("[]"),
            Gen.String[Base64UrlAlphabet + "{}[]\":,"],
            Gen.String).Select(HandMadeJwt.Encode);
        var segment = Gen.OneOf(randomSegment, jsonish, Gen.String[Base64UrlAlphabet]);

        await Gen.Select(segment, segment, segment).SampleAsync(
            async (header, payload, signature) =>
            {
                var check = await _service.ValidateAsync($"{header}.{payload}.{signature}", "cam1");
                Assert.False(check.IsValid);
            },
            iter: 20_000,
            threads: 1);
    }
}
