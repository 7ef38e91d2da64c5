using System.Buffers.Binary;

namespace Egress.WebRtc.Srtp;

/// <content>SRTCP (RTCP) protection.</content>
public sealed partial class SrtpContext
{
    /// <summary>
    /// Encrypts the (compound) RTCP packet in <paramref name="packet"/>[..<paramref name="length"/>] in place and
    /// appends the E|index word and tag; the span must have <see cref="RtcpOverhead"/> spare bytes after the packet.
    /// </summary>
    public bool TryProtectRtcp(Span<byte> packet, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (_disposed || !IsValidLength(packet, length) || packet.Length - length < _transform.RtcpTrailerLength)
        {
            return false;
        }

        if (!RtpHeader.IsRtcpVersion(packet[..length]))
        {
            return false;
        }

        var ssrc = RtpHeader.RtcpSenderSsrc(packet);
        if (!_streams.TryGetOrAdd(ssrc, out var slot))
        {
            return false;
        }

        // RFC 3711 §3.3.2: the 31-bit index must not wrap under one key; refuse rather than reuse a keystream.
        ref var state = ref _streams[slot];
        var index = state.RtcpSendIndex;
        if (index > SrtpTransform.MaxSrtcpIndex)
        {
            return false;
        }

        _transform.ProtectRtcp(packet, length, ssrc, index);
        state.RtcpSendIndex = index + 1;
        protectedLength = length + _transform.RtcpTrailerLength;
        return true;
    }

    /// <summary>
    /// Authenticates, replay-checks and decrypts the SRTCP packet in place; on success the RTCP packet occupies the
    /// first <paramref name="plainLength"/> bytes. Packets sent with the E flag clear are authenticated only.
    /// </summary>
    public bool TryUnprotectRtcp(Span<byte> packet, int length, out int plainLength)
    {
        plainLength = 0;
        var trailerLength = _transform.RtcpTrailerLength;
        if (_disposed || !IsValidLength(packet, length) || length < RtpHeader.RtcpFixedLength + trailerLength)
        {
            return false;
        }

        if (!RtpHeader.IsRtcpVersion(packet))
        {
            return false;
        }

        var ssrc = RtpHeader.RtcpSenderSsrc(packet);
        var word = BinaryPrimitives.ReadUInt32BigEndian(packet[_transform.RtcpIndexOffset(length)..]);
        var index = word & SrtpTransform.MaxSrtcpIndex;
        var known = _streams.TryFind(ssrc, out var slot);
        var window = known ? _streams[slot].RtcpReceive : default;
        if (!window.IsFresh(index))
        {
            return false;
        }

        if (!_transform.UnprotectRtcp(packet, length, ssrc, word))
        {
            return false;
        }

        if (!known && !_streams.TryAdd(ssrc, out slot))
        {
            return false;
        }

        _streams[slot].RtcpReceive.Accept(index);
        plainLength = length - trailerLength;
        return true;
    }
}
