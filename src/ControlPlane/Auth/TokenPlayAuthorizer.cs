using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ControlPlane.Auth;

/// <summary>The default play check: streams with a configured token need it; every other stream is open.</summary>
public sealed class TokenPlayAuthorizer : IPlayAuthorizer
{
    private readonly IOptionsMonitor<PlayAuthOptions> _options;

    /// <summary>Reads tokens from configuration, following reloads.</summary>
    public TokenPlayAuthorizer(IOptionsMonitor<PlayAuthOptions> options)
    {
        _options = options;
    }

    /// <inheritdoc/>
    public bool MayPlay(string stream, string? bearerToken)
    {
        if (!_options.CurrentValue.Tokens.TryGetValue(stream, out string? expected))
        {
            return true;
        }

        return bearerToken is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(bearerToken), Encoding.UTF8.GetBytes(expected));
    }
}
