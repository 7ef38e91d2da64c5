namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Loads the embedded offer fixtures with canonical CRLF line endings, whatever the checkout did to them.</summary>
internal static class SdpFixtures
{
    public const string Chrome = "chrome-recvonly-av.sdp";
    public const string ChromeDataChannel = "chrome-recvonly-av-datachannel.sdp";
    public const string ChromeHigh = "chrome-with-high-profile.sdp";
    public const string Firefox = "firefox-recvonly-av.sdp";
    public const string GStreamer = "gstreamer-webrtcbin-max-bundle.sdp";
    public const string GStreamerNoBundle = "gstreamer-webrtcbin-no-bundle.sdp";

    public static readonly TheoryData<string> All = [Chrome, ChromeDataChannel, ChromeHigh, Firefox, GStreamer, GStreamerNoBundle];

    public static string Load(string name)
    {
        using var stream = typeof(SdpFixtures).Assembly.GetManifestResourceStream($"Fixtures.{name}")
            ?? throw new InvalidOperationException($"Fixture {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
    }
}
