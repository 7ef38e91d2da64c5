namespace Egress.WebRtc.Srtp;

/// <summary>Highest index seen plus a 64-entry sliding bitmask (RFC 3711 §3.3.2); also the sender's ROC tracker.</summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;
    private const int HalfSequenceSpace = 32768;

    public bool Started;
    public ulong Highest;
    public ulong Bitmap;

    /// <summary>RFC 3711 Appendix A: guess the 48-bit index of <paramref name="sequence"/> from ROC and s_l.</summary>
    public readonly bool TryEstimateRtpIndex(ushort sequence, out ulong index)
    {
        if (!Started)
        {
            // RFC 3711 §3.3.1: the first packet of a stream is taken with ROC = 0.
            index = sequence;
            return true;
        }

        long roc = (uint)(Highest >> 16);
        int highestSequence = (ushort)Highest;
        var guess = roc;
        if (highestSequence < HalfSequenceSpace)
        {
            if (sequence - highestSequence > HalfSequenceSpace)
            {
                guess = roc - 1;
            }
        }
        else if (highestSequence - HalfSequenceSpace > sequence)
        {
            guess = roc + 1;
        }

        // Below zero would precede the stream's first packet; above 2^32 the ROC is exhausted and a rekey is due.
        if (guess is < 0 or > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)guess << 16) | sequence;
        return true;
    }

    /// <summary>False if <paramref name="index"/> was already accepted or is older than the window.</summary>
    public readonly bool IsFresh(ulong index)
    {
        if (!Started || index > Highest)
        {
            return true;
        }

        var age = Highest - index;
        return age < Size && (Bitmap & (1UL << (int)age)) == 0;
    }

    /// <summary>Records an authenticated index; only call after <see cref="IsFresh"/> and authentication succeed.</summary>
    public void Accept(ulong index)
    {
        if (!Started)
        {
            Started = true;
            Highest = index;
            Bitmap = 1;
            return;
        }

        if (index > Highest)
        {
            var shift = index - Highest;
            Bitmap = shift >= Size ? 1 : (Bitmap << (int)shift) | 1;
            Highest = index;
            return;
        }

        Bitmap |= 1UL << (int)(Highest - index);
    }

    /// <summary>Sender side: remembers the highest index sent so the ROC advances across sequence wraps.</summary>
    public void AdvanceSender(ulong index)
    {
        if (!Started || index > Highest)
        {
            Started = true;
            Highest = index;
        }
    }
}
