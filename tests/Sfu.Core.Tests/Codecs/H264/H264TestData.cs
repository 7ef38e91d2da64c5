using System.Buffers.Binary;

namespace Sfu.Core.Tests.Codecs.H264;

/// <summary>Builders for NAL units and AVCC access units used across the H.264 tests.</summary>
internal static class H264TestData
{
    // 1280x720 High@3.1 SPS and matching PPS from libx264.
    public static readonly byte[] Sps = Convert.FromHexString("6764001facd9405005bb0110000003001000000303c0f1831960");
    public static readonly byte[] Pps = Convert.FromHexString("68ebe3cb22c0");

    /// <summary>A NAL unit with the given header byte and a deterministic body of <paramref name="size"/> - 1 bytes.</summary>
    public static byte[] Nal(byte header, int size, int seed = 0)
    {
        var nal = new byte[size];
        nal[0] = header;
        for (int i = 1; i < size; i++)
        {
            nal[i] = (byte)((i * 31) + seed);
        }

        return nal;
    }

    /// <summary>Length-prefixes each NAL unit with a big-endian length of <paramref name="lengthSize"/> bytes.</summary>
    public static byte[] Avcc(IEnumerable<byte[]> nalUnits, int lengthSize = 4)
    {
        var output = new List<byte>();
        Span<byte> length = stackalloc byte[4];
        foreach (var nal in nalUnits)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)nal.Length);
            output.AddRange(length[(4 - lengthSize)..].ToArray());
            output.AddRange(nal);
        }

        return [.. output];
    }

    public static byte[] Avcc(params byte[][] nalUnits) => Avcc(nalUnits, 4);
}
