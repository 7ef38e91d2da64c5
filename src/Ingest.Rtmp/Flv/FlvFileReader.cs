using System.Buffers.Binary;

namespace Ingest.Rtmp.Flv;

/// <summary>Splits an FLV file into its tags: the same bodies RTMP carries as audio, video and data messages.</summary>
/// <remarks>Used by tools and the ingest benchmark to replay a recorded encoder session.</remarks>
public static class FlvFileReader
{
    /// <summary>Returns every complete tag in file order; a truncated last tag is left out.</summary>
    public static IReadOnlyList<FlvFileTag> ReadTags(ReadOnlySpan<byte> file)
    {
        if (file.Length < 9 || !file[..3].SequenceEqual("FLV"u8))
        {
            throw new FormatException("not an FLV file (no 'FLV' signature)");
        }

        long offset = BinaryPrimitives.ReadUInt32BigEndian(file[5..]) + 4L; // header, then PreviousTagSize0
        var tags = new List<FlvFileTag>();
        while (offset + 11 <= file.Length)
        {
            int start = (int)offset;
            byte type = (byte)(file[start] & 0x1F);
            int size = (file[start + 1] << 16) | (file[start + 2] << 8) | file[start + 3];
            uint timestamp = (uint)((file[start + 7] << 24) | (file[start + 4] << 16) | (file[start + 5] << 8) | file[start + 6]);
            if (start + 11L + size > file.Length)
            {
                break;
            }

            tags.Add(new FlvFileTag(type, timestamp, file.Slice(start + 11, size).ToArray()));
            offset += 11L + size + 4;
        }

        return tags;
    }
}
