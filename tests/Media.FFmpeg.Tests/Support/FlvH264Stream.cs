using System.Buffers.Binary;

namespace Media.FFmpeg.Tests.Support;

/// <summary>The H.264 track of an FLV file as RTMP carries it: AVCC access units plus the decoder configuration.</summary>
public sealed class FlvH264Stream
{
    public byte[] Sps { get; private set; } = [];

    public byte[] Pps { get; private set; } = [];

    public int NalLengthSize { get; private set; }

    public List<FlvH264Frame> Frames { get; } = [];

    /// <summary>Minimal reader: FLV header, then tags (11-byte header, body, 4-byte previous size); only video tags are kept.</summary>
    public static FlvH264Stream Parse(byte[] flv)
    {
        var stream = new FlvH264Stream();
        var position = (int)BinaryPrimitives.ReadUInt32BigEndian(flv.AsSpan(5)) + 4;
        while (position + 11 <= flv.Length)
        {
            var type = flv[position];
            var size = (flv[position + 1] << 16) | (flv[position + 2] << 8) | flv[position + 3];
            var timestamp = (flv[position + 4] << 16) | (flv[position + 5] << 8) | flv[position + 6] | (flv[position + 7] << 24);
            var body = flv.AsSpan(position + 11, size);
            if (type == 9 && (body[0] & 0x0F) == 7)
            {
                stream.AddVideo(body, timestamp);
            }

            position += 11 + size + 4;
        }

        return stream;
    }

    private void AddVideo(ReadOnlySpan<byte> body, int timestamp)
    {
        // Composition time is a signed 24-bit value: shift it up to bit 31 and back to sign-extend.
        var cts = ((body[2] << 24) | (body[3] << 16) | (body[4] << 8)) >> 8;
        var data = body[5..];
        if (body[1] == 0)
        {
            NalLengthSize = (data[4] & 3) + 1;
            var spsLength = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
            Sps = data.Slice(8, spsLength).ToArray();
            var ppsStart = 8 + spsLength + 1;
            var ppsLength = BinaryPrimitives.ReadUInt16BigEndian(data[ppsStart..]);
            Pps = data.Slice(ppsStart + 2, ppsLength).ToArray();
        }
        else if (body[1] == 1)
        {
            Frames.Add(new FlvH264Frame(data.ToArray(), timestamp * 90L, (timestamp + cts) * 90L, (body[0] >> 4) == 1));
        }
    }
}
