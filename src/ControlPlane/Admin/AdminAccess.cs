using System.Net;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;

namespace ControlPlane.Admin;

/// <summary>The admin API's access rule: the configured Bearer key, or loopback callers when no key is configured.</summary>
public static class AdminAccess
{
    /// <summary>Null when the caller may proceed, else the status to refuse it with.</summary>
    public static Status? Check(string? configuredKey, string? authorizationHeader, IPAddress? remote)
    {
        if (string.IsNullOrEmpty(configuredKey))
        {
            return remote is not null && IsLoopback(remote)
                ? null
                : new Status(StatusCode.PermissionDenied, "The admin API answers only on loopback until an API key is configured (Sfu:Admin:ApiKey).");
        }

        const string Scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return new Status(StatusCode.Unauthenticated, "Send the admin API key as 'authorization: Bearer <key>'.");
        }

        byte[] presented = Encoding.UTF8.GetBytes(authorizationHeader[Scheme.Length..].Trim());
        byte[] expected = Encoding.UTF8.GetBytes(configuredKey);
        return CryptographicOperations.FixedTimeEquals(presented, expected)
            ? null
            : new Status(StatusCode.Unauthenticated, "The admin API key is not valid.");
    }

    private static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
