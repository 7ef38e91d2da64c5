namespace Egress.WebRtc.Sdp;

/// <summary>Rejects WHIP configuration mistakes early, as programming errors rather than negotiation failures.</summary>
internal static class WhipOptionsValidator
{
    public static void Validate(WhipAnswerOptions options)
    {
        WhepOptionsValidator.ValidateTransport(options.IceUfrag, options.IcePwd, options.Fingerprint, options.Candidates);
        foreach (var codec in options.PreferredVideoCodecs)
        {
            // The ingest path depacketizes only these; answering anything else would accept media we then drop.
            if (!WhipCodecSelector.IsSupportedVideoCodec(codec))
            {
                throw new ArgumentException($"Unsupported video codec '{codec}'; WHIP ingest takes H264 and VP8.", nameof(options));
            }
        }

        if (options.PreferredVideoCodecs.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.PreferredVideoCodecs.Count)
        {
            throw new ArgumentException("PreferredVideoCodecs lists a codec twice.", nameof(options));
        }
    }
}
