namespace Egress.WebRtc.Peers;

/// <summary>What a publishing peer (WHIP) hands its decrypted media and reports to.</summary>
internal interface IPeerMediaReceiver
{
    /// <summary>One decrypted RTP packet, on the UDP receive thread; the span is only valid during the call.</summary>
    void OnRtp(ReadOnlySpan<byte> packet, long arrivalTimestamp);

    /// <summary>A sender report from the publisher: its NTP time for the RTP stream <paramref name="ssrc"/>.</summary>
    void OnSenderReport(uint ssrc, ulong ntpTimestamp, long arrivalTimestamp);

    /// <summary>The peer closed (DELETE, consent expiry, DTLS failure).</summary>
    void OnClosed(string reason);
}
