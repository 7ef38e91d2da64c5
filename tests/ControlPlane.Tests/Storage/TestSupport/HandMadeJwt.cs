using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ControlPlane.Auth;

using ControlPlane.Storage;

namespace ControlPlane.Tests.Storage.TestSupport;

/// <summary>Builds JWTs byte by byte, the way an operator's backend with any JWT library would, or an attacker.</summary>
internal static class HandMadeJwt
{
    public const string Hs256Header = """{"alg":"HS256","typ":"JWT"}""";

    public static string Payload(
        string stream,
        DateTimeOffset issuedAt,
        TimeSpan lifetime,
        string issuer = PlayTokenClaims.Issuer,
        string audience = PlayTokenClaims.Audience)
    {
        var iat = issuedAt.ToUnixTimeSeconds();
        var exp = (issuedAt + lifetime).ToUnixTimeSeconds();
        return $$"""{"stream":"{{stream}}","iss":"{{issuer}}","aud":"{{audience}}","iat":{{iat}},"nbf":{{iat}},"exp":{{exp}},"jti":"t1"}""";
    }

    public static string SignHs256(string headerJson, string payloadJson, byte[] key) =>
        Sign(headerJson, payloadJson, input => HMACSHA256.HashData(key, input));

    public static string SignHs512(string headerJson, string payloadJson, byte[] key) =>
        Sign(headerJson, payloadJson, input => HMACSHA512.HashData(key, input));

    public static string Unsigned(string headerJson, string payloadJson) =>
        $"{Encode(headerJson)}.{Encode(payloadJson)}.";

    public static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static string Sign(string headerJson, string payloadJson, Func<byte[], byte[]> mac)
    {
        var signingInput = $"{Encode(headerJson)}.{Encode(payloadJson)}";
        return $"{signingInput}.{Base64Url.EncodeToString(mac(Encoding.ASCII.GetBytes(signingInput)))}";
    }
}
