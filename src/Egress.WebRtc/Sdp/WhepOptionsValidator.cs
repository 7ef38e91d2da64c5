namespace Egress.WebRtc.Sdp;

/// <summary>Rejects local configuration mistakes early, as programming errors rather than negotiation failures.</summary>
internal static class WhepOptionsValidator
{
    public static void Validate(WhepAnswerOptions options)
    {
        ValidateTransport(options.IceUfrag, options.IcePwd, options.Fingerprint, options.Candidates);
        if (options.Tracks.Count == 0)
        {
            throw new ArgumentException("At least one source track is required.", nameof(options));
        }

        foreach (var track in options.Tracks)
        {
            ValidateTrack(track);
        }

        if (options.Tracks.Select(t => t.Ssrc).Distinct().Count() != options.Tracks.Count)
        {
            throw new ArgumentException("Source tracks must have distinct SSRCs.", nameof(options));
        }
    }

    /// <summary>Checks our side of the transport, shared by the WHEP and WHIP answers.</summary>
    public static void ValidateTransport(string iceUfrag, string icePwd, SdpFingerprint fingerprint, IReadOnlyList<SdpCandidate> candidates)
    {
        // RFC 8839 §5.4: ufrag 4..256 and pwd 22..256 ice-chars.
        RequireIceChars(iceUfrag, 4, "IceUfrag");
        RequireIceChars(icePwd, 22, "IcePwd");
        if (!string.Equals(fingerprint.HashFunction, SdpFingerprint.Sha256, StringComparison.OrdinalIgnoreCase)
            || fingerprint.GetDigest().Length != 32)
        {
            throw new ArgumentException("The DTLS fingerprint must be a 32-byte sha-256 digest.", nameof(fingerprint));
        }

        if (candidates.Count == 0)
        {
            throw new ArgumentException("An ICE-lite answer needs at least one candidate.", nameof(candidates));
        }
    }

    private static void ValidateTrack(WhepSourceTrack track)
    {
        if (!SdpTokens.IsToken(track.CodecName) || track.ClockRate <= 0)
        {
            throw new ArgumentException($"Track {track.TrackId}: invalid codec '{track.CodecName}/{track.ClockRate}'.", nameof(track));
        }

        if (!SdpTokens.IsToken(track.CName) || !SdpTokens.IsToken(track.StreamId) || !SdpTokens.IsToken(track.TrackId))
        {
            throw new ArgumentException($"Track {track.TrackId}: cname, stream id and track id must be SDP tokens (no spaces).", nameof(track));
        }

        if (WhepCodecSelector.IsH264(track)
            && (!track.Fmtp.TryGetValue("profile-level-id", out var plid) || !H264ProfileLevelId.TryParse(plid, out _)))
        {
            throw new ArgumentException($"Track {track.TrackId}: H.264 needs a six-hex-digit profile-level-id.", nameof(track));
        }
    }

    private static void RequireIceChars(string value, int minLength, string name)
    {
        if (value.Length < minLength || value.Length > 256
            || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
        {
            throw new ArgumentException($"{name} must be {minLength}..256 characters of [A-Za-z0-9+/].", name);
        }
    }
}
