namespace Egress.WebRtc.Srtp;

/// <summary>SRTP/SRTCP protection for one direction of a DTLS-SRTP association, with per-SSRC rollover and replay state.</summary>
/// <remarks>
/// Create one context per direction: the local master key for sending (Protect) and the remote one for receiving
/// (Unprotect). Not thread-safe: a context must be used by one thread at a time, which is how a per-peer send or
/// receive loop uses it. After warm-up (first packet of each SSRC) no call allocates managed memory. The Try*
/// methods never throw for malformed or hostile input; they return false and leave the packet contents unspecified.
/// MKI is not supported (WebRTC never negotiates it).
/// </remarks>
public sealed partial class SrtpContext : IDisposable
{
    /// <summary>Default bound on distinct SSRCs per context; protects memory against SSRC-spraying peers.</summary>
    public const int DefaultMaxStreams = 32;

    private readonly SrtpTransform _transform;
    private readonly SrtpStreamTable _streams;
    private bool _disposed;

    /// <summary>Derives the session keys from <paramref name="masterKey"/> and prepares the ciphers.</summary>
    public SrtpContext(SrtpProtectionProfile profile, SrtpMasterKey masterKey, int maxStreams = DefaultMaxStreams)
    {
        var rtp = SrtpKeyDerivation.DeriveSrtp(profile, masterKey);
        var rtcp = SrtpKeyDerivation.DeriveSrtcp(profile, masterKey);
        try
        {
            Profile = profile;
            _streams = new SrtpStreamTable(maxStreams);
            _transform = SrtpTransform.Create(profile, rtp, rtcp);
        }
        finally
        {
            rtp.Clear();
            rtcp.Clear();
        }
    }

    /// <summary>Builds a context straight from session keys; RFC 7714's vectors are given at this level.</summary>
    internal SrtpContext(SrtpProtectionProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp, int maxStreams = DefaultMaxStreams)
    {
        Profile = profile;
        _streams = new SrtpStreamTable(maxStreams);
        _transform = SrtpTransform.Create(profile, rtp, rtcp);
    }

    /// <summary>The negotiated protection profile.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>Spare bytes the buffer passed to <see cref="TryProtectRtp"/> needs after the packet.</summary>
    public int RtpOverhead => _transform.TagLength;

    /// <summary>Spare bytes the buffer passed to <see cref="TryProtectRtcp"/> needs after the packet.</summary>
    public int RtcpOverhead => _transform.RtcpTrailerLength;

    /// <summary>Number of SSRCs with state in this context.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>Forgets all state for <paramref name="ssrc"/>, e.g. when a track is removed; false if it was unknown.</summary>
    public bool RemoveStream(uint ssrc) => _streams.Remove(ssrc);

    /// <summary>Releases the native cipher handles and wipes key material.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _transform.Dispose();
    }

    /// <summary>Test and diagnostics hook: the rollover counter implied by the highest index sent or received.</summary>
    internal bool TryGetRolloverCounter(uint ssrc, bool sending, out uint rolloverCounter)
    {
        rolloverCounter = 0;
        if (!_streams.TryFind(ssrc, out var slot))
        {
            return false;
        }

        ref var state = ref _streams[slot];
        var window = sending ? state.RtpSend : state.RtpReceive;
        rolloverCounter = (uint)(window.Highest >> 16);
        return window.Started;
    }

    /// <summary>Test hook: sets the next SRTCP index sent for <paramref name="ssrc"/> (vectors use fixed indices).</summary>
    internal void SetNextSrtcpIndex(uint ssrc, uint index)
    {
        if (_streams.TryGetOrAdd(ssrc, out var slot))
        {
            _streams[slot].RtcpSendIndex = index;
        }
    }

    private static bool IsValidLength(Span<byte> packet, int length) => (uint)length <= (uint)packet.Length;
}
