namespace Sfu.Core.Forwarding;

/// <summary>What became of one viewer's NACKs: resent, or not and why. Written on the publisher's thread, read by stats.</summary>
public sealed class RetransmissionCounters
{
    private long _sent;
    private long _bytes;
    private long _tooLate;
    private long _repeated;
    private long _overBudget;

    /// <summary>Packets resent.</summary>
    public long Sent => Volatile.Read(ref _sent);

    /// <summary>Bytes of the packets resent (as published, before our headers).</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>NACKed packets no longer held, older than worth resending, or never sent to this viewer.</summary>
    public long TooLate => Volatile.Read(ref _tooLate);

    /// <summary>NACKs for a packet resent moments ago.</summary>
    public long Repeated => Volatile.Read(ref _repeated);

    /// <summary>NACKed packets not resent because the viewer's retransmission budget was spent.</summary>
    public long OverBudget => Volatile.Read(ref _overBudget);

    internal void AddSent(int bytes)
    {
        Volatile.Write(ref _sent, _sent + 1);
        Volatile.Write(ref _bytes, _bytes + bytes);
    }

    internal void AddTooLate() => Volatile.Write(ref _tooLate, _tooLate + 1);

    internal void AddRepeated() => Volatile.Write(ref _repeated, _repeated + 1);

    internal void AddOverBudget() => Volatile.Write(ref _overBudget, _overBudget + 1);
}
