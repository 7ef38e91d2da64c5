namespace Sfu.Core.Codecs.Vp8;

/// <summary>
/// Finds where VP8 keyframes start in RTP (RFC 7741): the packet that begins partition 0 of a frame (S bit set,
/// PID 0) whose VP8 payload header has the inverse key frame flag clear.
/// </summary>
public static class Vp8KeyframeDetector
{
    /// <summary>True when <paramref name="payload"/> (an RTP payload: descriptor then VP8 data) starts a keyframe.</summary>
    public static bool StartsKeyframe(ReadOnlySpan<byte> payload) => KeyframeHeaderOffset(payload) >= 0;

    /// <summary>The picture size a keyframe's first packet declares (RFC 6386 §9.1), false for any other packet.</summary>
    public static bool TryReadKeyframeSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = height = 0;
        int offset = KeyframeHeaderOffset(payload);
        if (offset < 0 || payload.Length < offset + 10 || payload[offset + 3] != 0x9D || payload[offset + 4] != 0x01 || payload[offset + 5] != 0x2A)
        {
            return false;
        }

        width = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(payload[(offset + 6)..]) & 0x3FFF;
        height = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(payload[(offset + 8)..]) & 0x3FFF;
        return width > 0 && height > 0;
    }

    /// <summary>Where the VP8 payload header of a keyframe's first packet starts, or -1.</summary>
    private static int KeyframeHeaderOffset(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return -1;
        }

        byte first = payload[0];
        bool start = (first & 0x10) != 0;
        int partition = first & 0x0F;
        if (!start || partition != 0)
        {
            return -1;
        }

        int offset = 1;
        if ((first & 0x80) != 0)
        {
            // X: an extension byte says which optional fields follow (I: picture id, L: TL0PICIDX, T/K: TID/KEYIDX).
            if (payload.Length < 2)
            {
                return -1;
            }

            byte extension = payload[1];
            offset = 2;
            if ((extension & 0x80) != 0)
            {
                if (payload.Length <= offset)
                {
                    return -1;
                }

                offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
            }

            if ((extension & 0x40) != 0)
            {
                offset++;
            }

            if ((extension & 0x30) != 0)
            {
                offset++;
            }
        }

        // The VP8 payload header's first bit P is 0 for a key frame (RFC 6386 §9.1).
        return payload.Length > offset && (payload[offset] & 0x01) == 0 ? offset : -1;
    }
}
