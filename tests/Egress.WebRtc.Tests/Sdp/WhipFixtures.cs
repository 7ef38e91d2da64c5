namespace Egress.WebRtc.Tests.Sdp;

/// <summary>The WHIP publisher offers recorded on this machine (see Fixtures/README.md for how each was produced).</summary>
internal static class WhipFixtures
{
    /// <summary>Chromium 156, fake camera + microphone, audio then video transceiver, both sendonly, max-bundle.</summary>
    public const string Chromium = "whip-chromium.sdp";

    /// <summary>Chromium 156 as <see cref="Chromium"/>, video with three simulcast encodings h, m, l.</summary>
    public const string ChromiumSimulcast = "whip-chromium-simulcast.sdp";

    /// <summary>aiortc 1.4 (python3-aiortc), lavfi test pattern + sine through MediaPlayer, addTrack (sendrecv).</summary>
    public const string Aiortc = "whip-aiortc.sdp";

    /// <summary>GStreamer 1.22 webrtcbin, x264enc constrained baseline + opusenc, sendonly, max-bundle, NACK/RTX on video.</summary>
    public const string GStreamer = "whip-gstreamer.sdp";

    public static readonly string[] Names = [Chromium, ChromiumSimulcast, Aiortc, GStreamer];

    public static readonly TheoryData<string> All = [.. Names];

    public static string Load(string name) => SdpFixtures.Load(name);
}
