namespace Egress.WebRtc.Sdp;

/// <summary>Which H.264 profiles a decoder of a given profile must decode (ITU-T H.264 Annex A.2 conformance).</summary>
/// <remarks>
/// Browsers offer only some profile-level-ids (Debian's Chromium offers 42001f, 42e01f, 4d001f and f4001f, no High),
/// yet a High 4:4:4 Predictive decoder is required to decode High, Main and Constrained Baseline streams. When the
/// source's own profile is not offered, the stream is sent under an offered profile whose decoders can play it.
/// </remarks>
internal static class H264DecoderCapability
{
    /// <summary>True when a decoder conforming to <paramref name="decoder"/> decodes <paramref name="stream"/>.</summary>
    public static bool Decodes(H264Profile decoder, H264Profile stream) => stream switch
    {
        H264Profile.ConstrainedBaseline => decoder is not H264Profile.Other,
        H264Profile.Baseline => decoder is H264Profile.Baseline or H264Profile.Extended,
        H264Profile.Main => decoder is H264Profile.Main or H264Profile.High or H264Profile.High10 or H264Profile.High422 or H264Profile.High444,
        H264Profile.ConstrainedHigh => decoder is H264Profile.ConstrainedHigh or H264Profile.ProgressiveHigh or H264Profile.High or H264Profile.High10 or H264Profile.High422 or H264Profile.High444,
        H264Profile.ProgressiveHigh => decoder is H264Profile.ProgressiveHigh or H264Profile.High or H264Profile.High10 or H264Profile.High422 or H264Profile.High444,
        H264Profile.High => decoder is H264Profile.High or H264Profile.High10 or H264Profile.High422 or H264Profile.High444,
        H264Profile.High10 => decoder is H264Profile.High10 or H264Profile.High422 or H264Profile.High444,
        H264Profile.High422 => decoder is H264Profile.High422 or H264Profile.High444,
        H264Profile.High444 => decoder is H264Profile.High444,
        _ => false,
    };
}
