namespace Egress.WebRtc.Stun;

/// <summary>Splits the ICE USERNAME "receiverUfrag:senderUfrag" (RFC 8445 §7.2.2) without allocating.</summary>
public static class StunUsername
{
    /// <summary>Splits at the first ':'; for requests to us <paramref name="local"/> is our ufrag and <paramref name="remote"/> the peer's.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> username, out ReadOnlySpan<byte> local, out ReadOnlySpan<byte> remote)
    {
        var colon = username.IndexOf((byte)':');
        if (colon <= 0 || colon == username.Length - 1)
        {
            local = default;
            remote = default;
            return false;
        }

        local = username[..colon];
        remote = username[(colon + 1)..];
        return true;
    }

    /// <summary>Returns the part before ':' (the routing key for an ICE-lite server), or empty when there is none.</summary>
    public static ReadOnlySpan<byte> GetLocalUfrag(ReadOnlySpan<byte> username)
        => TrySplit(username, out var local, out _) ? local : default;
}
