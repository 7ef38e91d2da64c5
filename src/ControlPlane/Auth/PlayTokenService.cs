using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using ControlPlane.Storage;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ControlPlane.Auth;

/// <summary>Mints and checks HS256 JWT play tokens that grant playback of one stream until they expire.</summary>
/// <remarks>
/// Tokens are plain JWTs so an operator's backend can mint them with any JWT library and the shared secret;
/// <see cref="PlayTokenClaims"/> lists what they must contain. Instances are safe to share between threads.
/// </remarks>
public sealed class PlayTokenService
{
    /// <summary>Shortest accepted secret; HS256 keys below 256 bits are refused by the library anyway.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>Shortest lifetime <see cref="Create"/> accepts.</summary>
    public static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(1);

    /// <summary>Longest lifetime <see cref="Create"/> accepts.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    /// <summary>Tolerance for clocks that disagree between the minting backend and this server.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    // Our tokens are about 300 characters; refusing anything far larger keeps hostile input cheap to reject.
    private const int MaxTokenLength = 4096;

    // Duplicate claims are ambiguous (parsers disagree on which one wins), so such a token is Malformed.
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _signing;
    private readonly TokenValidationParameters _validation;
    private readonly TimeProvider _time;

    /// <summary>Creates a service that signs and verifies with <paramref name="secret"/> and reads time from <paramref name="timeProvider"/>.</summary>
    public PlayTokenService(byte[] secret, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (secret.Length < MinSecretBytes)
        {
            throw new ArgumentException(
                $"Play token secret must be at least {MinSecretBytes} bytes (got {secret.Length}).", nameof(secret));
        }

        _time = timeProvider;
        // Copied so a caller clearing or reusing its array cannot change the key under us.
        var key = new SymmetricSecurityKey(secret.ToArray());
        _signing = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            ValidIssuer = PlayTokenClaims.Issuer,
            ValidAudience = PlayTokenClaims.Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = [PlayTokenClaims.Algorithm],
            RequireSignedTokens = true,
            // The library's lifetime check reads the wall clock; exp and nbf are checked in Judge
            // against our TimeProvider instead, which also lets Expired and NotYetValid be told apart.
            ValidateLifetime = false,
        };
    }

    /// <summary>Mints a token for <paramref name="stream"/> valid from now for <paramref name="lifetime"/> (1 second to 30 days).</summary>
    public PlayToken Create(string stream, TimeSpan lifetime)
    {
        StreamNameRules.ValidateStreamName(stream, nameof(stream));
        if (lifetime < MinLifetime || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(
                nameof(lifetime), lifetime, $"Play token lifetime must be between {MinLifetime} and {MaxLifetime}.");
        }

        // JWT times are whole seconds; truncating here makes ExpiresAt equal to what the token says.
        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + lifetime).ToUnixTimeSeconds());
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = PlayTokenClaims.Issuer,
            Audience = PlayTokenClaims.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [PlayTokenClaims.Stream] = stream,
                [JwtRegisteredClaimNames.Jti] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            },
            SigningCredentials = _signing,
        };
        return new PlayToken(_handler.CreateToken(descriptor), expiresAt);
    }

    /// <summary>Checks whether <paramref name="token"/> grants playback of <paramref name="stream"/> now; never throws for bad tokens.</summary>
    /// <remarks>
    /// Asynchronous because the library's synchronous ValidateToken is obsolete (an error under warnings-as-errors).
    /// With a symmetric key nothing actually waits, so this normally completes synchronously without allocating a task.
    /// </remarks>
    public ValueTask<PlayTokenCheck> ValidateAsync(string? token, string stream)
    {
        StreamNameRules.ValidateStreamName(stream, nameof(stream));
        if (string.IsNullOrWhiteSpace(token))
        {
            return new(new PlayTokenCheck(PlayTokenStatus.Missing));
        }

        var parsed = Parse(token, out var refusal);
        if (parsed is null)
        {
            return new(new PlayTokenCheck(refusal));
        }

        var pending = _handler.ValidateTokenAsync(parsed, _validation);
        return pending.IsCompletedSuccessfully
            ? new(Judge(pending.Result, stream))
            : JudgeWhenDone(pending, stream);
    }

    private JsonWebToken? Parse(string token, out PlayTokenStatus refusal)
    {
        refusal = PlayTokenStatus.Malformed;
        if (token.Length > MaxTokenLength)
        {
            return null;
        }

        JsonWebToken parsed;
        try
        {
            parsed = _handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is SecurityTokenMalformedException or ArgumentException)
        {
            return null;
        }

        if (parsed.IsEncrypted)
        {
            return null;
        }

        // Refuse alg:none and every other algorithm before any signature work, rather than relying
        // only on the library's algorithm list.
        if (!string.Equals(parsed.Alg, PlayTokenClaims.Algorithm, StringComparison.Ordinal))
        {
            refusal = PlayTokenStatus.BadSignature;
            return null;
        }

        return parsed;
    }

    // The library's TryGetPayloadValue<string> turns 42 into "42" and arrays into their JSON text, so a
    // token for stream "42" could be matched by a numeric claim; only a real JSON string counts here.
    // Runs only after the signature is verified, so the extra parse is never spent on forgeries.
    private static string? ReadStreamClaim(JsonWebToken jwt)
    {
        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.EncodedPayload), StrictJson);
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty(PlayTokenClaims.Stream, out var claim)
                && claim.ValueKind == JsonValueKind.String
                    ? claim.GetString()
                    : null;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    private async ValueTask<PlayTokenCheck> JudgeWhenDone(Task<TokenValidationResult> pending, string stream) =>
        Judge(await pending.ConfigureAwait(false), stream);

    private PlayTokenCheck Judge(TokenValidationResult result, string stream)
    {
        if (!result.IsValid)
        {
            return new PlayTokenCheck(result.Exception switch
            {
                SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException
                    or SecurityTokenInvalidAlgorithmException => PlayTokenStatus.BadSignature,
                // Signed with our secret but for another issuer or audience: not a play token.
                _ => PlayTokenStatus.Malformed,
            });
        }

        if (result.SecurityToken is not JsonWebToken jwt
            || !string.Equals(jwt.Alg, PlayTokenClaims.Algorithm, StringComparison.Ordinal))
        {
            return new PlayTokenCheck(PlayTokenStatus.BadSignature);
        }

        // A play token must expire; ValidTo is DateTime.MinValue when exp is absent.
        if (jwt.ValidTo == DateTime.MinValue)
        {
            return new PlayTokenCheck(PlayTokenStatus.Malformed);
        }

        var now = _time.GetUtcNow();
        var notBefore = jwt.ValidFrom == DateTime.MinValue ? (DateTimeOffset?)null : new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero);
        var expiresAt = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (notBefore is not null && now + ClockSkew < notBefore)
        {
            return new PlayTokenCheck(PlayTokenStatus.NotYetValid);
        }

        if (now - ClockSkew >= expiresAt)
        {
            return new PlayTokenCheck(PlayTokenStatus.Expired);
        }

        var tokenStream = ReadStreamClaim(jwt);
        if (tokenStream is null)
        {
            return new PlayTokenCheck(PlayTokenStatus.Malformed);
        }

        return string.Equals(tokenStream, stream, StringComparison.Ordinal)
            ? new PlayTokenCheck(PlayTokenStatus.Valid, expiresAt)
            : new PlayTokenCheck(PlayTokenStatus.WrongStream);
    }
}
