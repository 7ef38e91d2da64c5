using System.Security.Cryptography;

namespace Egress.WebRtc.Whep;

/// <summary>Random ICE username fragments and passwords (RFC 8839 §5.4: ice-chars, ≥ 4 and ≥ 22 characters).</summary>
internal static class IceCredentials
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string NewUfrag() => RandomNumberGenerator.GetString(IceChars, 8);

    public static string NewPassword() => RandomNumberGenerator.GetString(IceChars, 24);

    public static string NewSessionId() => RandomNumberGenerator.GetHexString(16, lowercase: true);
}
