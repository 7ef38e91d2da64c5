using Ingest.Rtmp.Flv;

namespace Ingest.Rtmp.Tests.Flv;

/// <summary>Reads ffmpeg-generated FLV fixtures into tag bodies, standing in for the RTMP chunk layer.</summary>
public static class FlvFixture
{
    /// <summary>High profile H.264 with B-frames, AAC-LC 48 kHz stereo.</summary>
    public const string HighAac48kStereo = "avc_high_aac48k_stereo";

    /// <summary>Constrained baseline H.264, AAC-LC 44.1 kHz mono.</summary>
    public const string BaselineAac44kMono = "avc_baseline_aac44k_mono";

    /// <summary>Returns the raw bytes of a fixture file.</summary>
    public static byte[] ReadBytes(string fileName) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName));

    /// <summary>Returns every tag of <c>name</c>.flv in file order.</summary>
    public static IReadOnlyList<FlvFileTag> ReadTags(string name) => FlvFileReader.ReadTags(ReadBytes(name + ".flv"));

    /// <summary>Returns the bodies of tags of one type.</summary>
    public static IReadOnlyList<byte[]> Bodies(string name, byte tagType) =>
        [.. ReadTags(name).Where(t => t.TagType == tagType).Select(t => t.Body)];
}
