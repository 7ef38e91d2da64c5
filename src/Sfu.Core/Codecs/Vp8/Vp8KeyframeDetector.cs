namespace Sfu.Core.Codecs.Vp8;

/// <summary>
/// Finds where VP8 keyframes start in RTP (RFC 7741): the packet that begins partition 0 of a frame (S bit set,
/// PID 0) whose VP8 payload header has the inverse key frame flag clear.
/// </summary>
public static class Vp8KeyframeDetector
{
    /// <summary>True when <paramref name="payload"/> (an RTP payload: descriptor then VP8 data) starts a keyframe.</summary>
    public static bool StartsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        bool start = (first & 0x10) != 0;
        int partition = first & 0x0F;
        if (!start || partition != 0)
        {
            return false;
        }

        int offset = 1;
        if ((first & 0x80) != 0)
        {
            // X: an extension byte says which optional fields follow (I: picture id, L: TL0PICIDX, T/K: TID/KEYIDX).
            if (payload.Length < 2)
            {
                return false;
            }

            byte extension = payload[1];
            offset = 2;
            if ((extension & 0x80) != 0)
            {
                if (payload.Length <= offset)
                {
                    return false;
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
        return payload.Length > offset && (payload[offset] & 0x01) == 0;
    }
}
