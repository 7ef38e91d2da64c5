using System.Buffers.Binary;

namespace Sfu.Core.Codecs.H264;

/// <summary>
/// Finds where keyframes start in an H.264 RTP stream received from a WebRTC publisher (RFC 6184): the first packet of
/// an access unit that carries an SPS or an IDR slice, as a single NAL unit, inside a STAP-A, or as the start of a
/// FU-A. One instance per stream, fed every packet in arrival order.
/// </summary>
/// <remarks>
/// Only the first such packet of an access unit is marked: the keyframe cache restarts at every mark, so marking the
/// IDR's FU-A after a STAP-A of SPS/PPS with the same timestamp would drop the parameter sets a decoder needs.
/// </remarks>
public sealed class H264KeyframeMarker
{
    private uint _markedTimestamp;
    private bool _marked;

    /// <summary>True when this packet starts a keyframe (and no earlier packet of its access unit did).</summary>
    public bool IsKeyframeStart(uint rtpTimestamp, ReadOnlySpan<byte> payload)
    {
        if (_marked && rtpTimestamp == _markedTimestamp)
        {
            return false;
        }

        if (!StartsKeyframe(payload))
        {
            return false;
        }

        _marked = true;
        _markedTimestamp = rtpTimestamp;
        return true;
    }

    /// <summary>The picture size of an SPS the payload carries (single NAL unit or inside a STAP-A), false without one.</summary>
    public static bool TryReadSpsSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = height = 0;
        if (payload.IsEmpty)
        {
            return false;
        }

        var type = H264NalUnit.GetNalUnitType(payload[0]);
        if (type == H264NalUnitType.Sps)
        {
            return TrySize(payload, out width, out height);
        }

        if (type != H264NalUnitType.StapA)
        {
            return false;
        }

        for (int offset = 1; offset + 2 < payload.Length;)
        {
            int size = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
            offset += 2;
            if (size == 0 || offset + size > payload.Length)
            {
                return false;
            }

            if (H264NalUnit.GetNalUnitType(payload[offset]) == H264NalUnitType.Sps)
            {
                return TrySize(payload.Slice(offset, size), out width, out height);
            }

            offset += size;
        }

        return false;
    }

    private static bool TrySize(ReadOnlySpan<byte> sps, out int width, out int height)
    {
        width = height = 0;
        if (!H264SpsParser.TryParse(sps, out var parsed))
        {
            return false;
        }

        (width, height) = (parsed.Width, parsed.Height);
        return width > 0 && height > 0;
    }

    /// <summary>True when the payload carries an SPS or an IDR slice (or the first fragment of one).</summary>
    public static bool StartsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        var type = H264NalUnit.GetNalUnitType(payload[0]);
        switch (type)
        {
            case H264NalUnitType.StapA:
                for (int offset = 1; offset + 2 < payload.Length;)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
                    offset += 2;
                    if (size == 0 || offset + size > payload.Length)
                    {
                        return false;
                    }

                    if (IsKeyframeNal(H264NalUnit.GetNalUnitType(payload[offset])))
                    {
                        return true;
                    }

                    offset += size;
                }

                return false;
            case (H264NalUnitType)28:
                // FU-A: the FU header's start bit and the fragmented NAL unit's type.
                return payload.Length >= 2 && (payload[1] & 0x80) != 0 && IsKeyframeNal(H264NalUnit.GetNalUnitType(payload[1]));
            default:
                return IsKeyframeNal(type);
        }
    }

    private static bool IsKeyframeNal(H264NalUnitType type) => type is H264NalUnitType.Sps or H264NalUnitType.IdrSlice;
}
