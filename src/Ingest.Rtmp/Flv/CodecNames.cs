namespace Ingest.Rtmp.Flv;

/// <summary>Human-readable codec names for rejection reasons, which end up in operator logs.</summary>
internal static class CodecNames
{
    public static string LegacyVideo(int codecId) => codecId switch
    {
        1 => "JPEG",
        2 => "Sorenson H.263",
        3 => "Screen Video",
        4 => "On2 VP6",
        5 => "On2 VP6 with alpha",
        6 => "Screen Video v2",
        7 => "H.264/AVC",
        12 => "HEVC (non-standard extension; publish HEVC as Enhanced RTMP 'hvc1' instead)",
        _ => "unknown",
    };

    public static string LegacyAudio(int soundFormat) => soundFormat switch
    {
        0 => "Linear PCM (platform endian)",
        1 => "ADPCM",
        2 => "MP3",
        3 => "Linear PCM (little endian)",
        4 => "Nellymoser 16 kHz mono",
        5 => "Nellymoser 8 kHz mono",
        6 => "Nellymoser",
        7 => "G.711 A-law",
        8 => "G.711 mu-law",
        9 => "Enhanced RTMP ExHeader",
        10 => "AAC",
        11 => "Speex",
        14 => "MP3 8 kHz",
        15 => "device-specific sound",
        _ => "reserved",
    };

    public static string? VideoFourCc(FourCc fourCc)
    {
        return fourCc == FourCc.Avc1 ? "H.264/AVC"
            : fourCc == FourCc.Hvc1 ? "HEVC"
            : fourCc == FourCc.Av01 ? "AV1"
            : fourCc == FourCc.Vp09 ? "VP9"
            : fourCc == FourCc.Vp08 ? "VP8"
            : fourCc == FourCc.Vvc1 ? "VVC"
            : null;
    }

    public static string? AudioFourCc(FourCc fourCc)
    {
        return fourCc == FourCc.Mp4a ? "AAC"
            : fourCc == FourCc.Opus ? "Opus"
            : fourCc == FourCc.Flac ? "FLAC"
            : fourCc == FourCc.Ac3 ? "AC-3"
            : fourCc == FourCc.Eac3 ? "E-AC-3"
            : fourCc == FourCc.Mp3 ? "MP3"
            : null;
    }
}
