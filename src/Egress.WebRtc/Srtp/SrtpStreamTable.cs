namespace Egress.WebRtc.Srtp;

/// <summary>Small SSRC-keyed table; a linear scan beats hashing for the handful of SSRCs a WebRTC peer uses.</summary>
internal sealed class SrtpStreamTable
{
    private const int InitialCapacity = 4;

    private readonly int _maxStreams;
    private uint[] _ssrcs = new uint[InitialCapacity];
    private SrtpStreamState[] _states = new SrtpStreamState[InitialCapacity];
    private int _count;

    public SrtpStreamTable(int maxStreams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        _maxStreams = maxStreams;
    }

    public int Count => _count;

    public ref SrtpStreamState this[int slot] => ref _states[slot];

    public bool TryFind(uint ssrc, out int slot)
    {
        var ssrcs = _ssrcs.AsSpan(0, _count);
        for (var i = 0; i < ssrcs.Length; i++)
        {
            if (ssrcs[i] == ssrc)
            {
                slot = i;
                return true;
            }
        }

        slot = -1;
        return false;
    }

    public bool TryGetOrAdd(uint ssrc, out int slot) => TryFind(ssrc, out slot) || TryAdd(ssrc, out slot);

    /// <summary>Adds a fresh state; the caller has already checked that <paramref name="ssrc"/> is absent.</summary>
    public bool TryAdd(uint ssrc, out int slot)
    {
        slot = -1;
        if (_count == _maxStreams)
        {
            return false;
        }

        if (_count == _ssrcs.Length)
        {
            var capacity = Math.Min(_maxStreams, _count * 2);
            Array.Resize(ref _ssrcs, capacity);
            Array.Resize(ref _states, capacity);
        }

        slot = _count++;
        _ssrcs[slot] = ssrc;
        _states[slot] = default;
        return true;
    }

    public bool Remove(uint ssrc)
    {
        if (!TryFind(ssrc, out var slot))
        {
            return false;
        }

        // Order is irrelevant, so the last entry fills the hole.
        _count--;
        _ssrcs[slot] = _ssrcs[_count];
        _states[slot] = _states[_count];
        _states[_count] = default;
        return true;
    }
}
