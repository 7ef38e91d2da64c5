namespace Egress.WebRtc.Srtp;

/// <content>SRTP (RTP) protection.</content>
public sealed partial class SrtpContext
{
    /// <summary>
    /// Encrypts the payload of the RTP packet in <paramref name="packet"/>[..<paramref name="length"/>] in place and
    /// appends the tag; the span must have <see cref="RtpOverhead"/> spare bytes after the packet.
    /// </summary>
    public bool TryProtectRtp(Span<byte> packet, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (_disposed || !IsValidLength(packet, length) || packet.Length - length < _transform.TagLength)
        {
            return false;
        }

        if (!RtpHeader.TryGetLength(packet[..length], out var headerLength))
        {
            return false;
        }

        var ssrc = RtpHeader.Ssrc(packet);
        if (!_streams.TryGetOrAdd(ssrc, out var slot))
        {
            return false;
        }

        // The sender estimates its own index like a receiver would, so a retransmission of a pre-wrap sequence
        // number sent after the wrap still gets the old ROC and reproduces the original ciphertext.
        ref var send = ref _streams[slot].RtpSend;
        if (!send.TryEstimateRtpIndex(RtpHeader.SequenceNumber(packet), out var index))
        {
            return false;
        }

        _transform.ProtectRtp(packet, headerLength, length, ssrc, index);
        send.AdvanceSender(index);
        protectedLength = length + _transform.TagLength;
        return true;
    }

    /// <summary>
    /// Authenticates, replay-checks and decrypts the SRTP packet in <paramref name="packet"/>[..<paramref name="length"/>]
    /// in place; on success the RTP packet occupies the first <paramref name="plainLength"/> bytes.
    /// </summary>
    public bool TryUnprotectRtp(Span<byte> packet, int length, out int plainLength)
    {
        plainLength = 0;
        var tagLength = _transform.TagLength;
        if (_disposed || !IsValidLength(packet, length) || length < RtpHeader.FixedLength + tagLength)
        {
            return false;
        }

        var payloadEnd = length - tagLength;
        if (!RtpHeader.TryGetLength(packet[..payloadEnd], out var headerLength))
        {
            return false;
        }

        // Unknown SSRCs are evaluated against a blank window and only stored once authenticated, so forged
        // packets cannot fill the table.
        var ssrc = RtpHeader.Ssrc(packet);
        var known = _streams.TryFind(ssrc, out var slot);
        var window = known ? _streams[slot].RtpReceive : default;
        if (!window.TryEstimateRtpIndex(RtpHeader.SequenceNumber(packet), out var index) || !window.IsFresh(index))
        {
            return false;
        }

        if (!_transform.UnprotectRtp(packet, headerLength, payloadEnd, ssrc, index))
        {
            return false;
        }

        if (!known && !_streams.TryAdd(ssrc, out slot))
        {
            return false;
        }

        _streams[slot].RtpReceive.Accept(index);
        plainLength = payloadEnd;
        return true;
    }
}
