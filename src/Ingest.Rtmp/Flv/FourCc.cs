using System.Buffers.Binary;

namespace Ingest.Rtmp.Flv;

/// <summary>A four-character codec code from an Enhanced RTMP header, held as the big-endian value read off the wire.</summary>
public readonly record struct FourCc(uint Value)
{
    /// <summary>H.264 / AVC video.</summary>
    public static readonly FourCc Avc1 = FromAscii("avc1"u8);

    /// <summary>H.265 / HEVC video.</summary>
    public static readonly FourCc Hvc1 = FromAscii("hvc1"u8);

    /// <summary>AV1 video.</summary>
    public static readonly FourCc Av01 = FromAscii("av01"u8);

    /// <summary>VP9 video.</summary>
    public static readonly FourCc Vp09 = FromAscii("vp09"u8);

    /// <summary>VP8 video.</summary>
    public static readonly FourCc Vp08 = FromAscii("vp08"u8);

    /// <summary>H.266 / VVC video.</summary>
    public static readonly FourCc Vvc1 = FromAscii("vvc1"u8);

    /// <summary>AAC audio.</summary>
    public static readonly FourCc Mp4a = FromAscii("mp4a"u8);

    /// <summary>Opus audio.</summary>
    public static readonly FourCc Opus = FromAscii("Opus"u8);

    /// <summary>FLAC audio.</summary>
    public static readonly FourCc Flac = FromAscii("fLaC"u8);

    /// <summary>AC-3 audio.</summary>
    public static readonly FourCc Ac3 = FromAscii("ac-3"u8);

    /// <summary>E-AC-3 audio.</summary>
    public static readonly FourCc Eac3 = FromAscii("ec-3"u8);

    /// <summary>MP3 audio.</summary>
    public static readonly FourCc Mp3 = FromAscii(".mp3"u8);

    /// <summary>Gets a value indicating whether this is the default (absent) code, as on legacy, non-enhanced tags.</summary>
    public bool IsNone => Value == 0;

    /// <summary>Builds a code from exactly four bytes, as they appear on the wire.</summary>
    public static FourCc FromAscii(ReadOnlySpan<byte> fourBytes)
    {
        return fourBytes.Length == 4
            ? new FourCc(BinaryPrimitives.ReadUInt32BigEndian(fourBytes))
            : throw new ArgumentException("A FourCC is exactly four bytes.", nameof(fourBytes));
    }

    /// <summary>Returns the four characters, or a hex form when any byte is not printable ASCII (so log lines stay clean).</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            var b = (byte)(Value >> (24 - (8 * i)));
            if (b is < 0x20 or > 0x7E)
            {
                return $"0x{Value:X8}";
            }

            text[i] = (char)b;
        }

        return new string(text);
    }
}
