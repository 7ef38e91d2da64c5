using System.Globalization;
using Ingest.Rtmp.Amf;
using Sfu.Core.Media;

namespace Ingest.Rtmp.Publishing;

/// <summary>Reads the <c>onMetaData</c> object encoders send into <see cref="StreamMetadata"/>.</summary>
internal static class StreamMetadataReader
{
    public static StreamMetadata Read(AmfObject values) => new()
    {
        Width = ToInt(Number(values, "width")),
        Height = ToInt(Number(values, "height")),
        FrameRate = Number(values, "framerate") ?? Number(values, "fps"),
        VideoBitrateKbps = Number(values, "videodatarate"),
        AudioBitrateKbps = Number(values, "audiodatarate"),
        VideoCodec = CodecId(values, "videocodecid"),
        AudioCodec = CodecId(values, "audiocodecid"),
        AudioSampleRate = Number(values, "audiosamplerate"),
        AudioChannels = ToInt(Number(values, "audiochannels")) ?? (values.GetBoolean("stereo") is { } stereo ? (stereo ? 2 : 1) : null),
        Encoder = values.GetString("encoder"),
    };

    private static double? Number(AmfObject values, string key) =>
        values.TryGetValue(key, out var value) && value is double number && double.IsFinite(number) ? number : null;

    private static int? ToInt(double? value) =>
        value is { } v && v >= int.MinValue && v <= int.MaxValue ? (int)v : null;

    // Legacy encoders send the FLV codec id as a number; Enhanced RTMP encoders send a FourCC string or its integer.
    private static string? CodecId(AmfObject values, string key) => values.TryGetValue(key, out var value) switch
    {
        false => null,
        true when value is string text => text,
        true when value is double number && number > 255 => FourCcText((uint)number),
        true when value is double number => number.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string FourCcText(uint value) =>
        new([(char)(value >> 24), (char)((value >> 16) & 0xFF), (char)((value >> 8) & 0xFF), (char)(value & 0xFF)]);
}
