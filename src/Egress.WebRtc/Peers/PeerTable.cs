using System.Collections.Concurrent;
using System.Net;

namespace Egress.WebRtc.Peers;

/// <summary>Routes the shared port's datagrams: STUN by our ICE username fragment, everything else by source address.</summary>
internal sealed class PeerTable
{
    private readonly ConcurrentDictionary<string, WebRtcPeer> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, WebRtcPeer> _byAddress = new();
    private readonly ConcurrentDictionary<string, WebRtcPeer>.AlternateLookup<ReadOnlySpan<char>> _ufragLookup;

    public PeerTable()
    {
        _ufragLookup = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _byUfrag.Count;

    public ICollection<WebRtcPeer> Peers => _byUfrag.Values;

    public bool TryAdd(string ufrag, WebRtcPeer peer) => _byUfrag.TryAdd(ufrag, peer);

    public void RemoveUfrag(string ufrag) => _byUfrag.TryRemove(ufrag, out _);

    /// <summary>Looks a peer up by the ASCII ufrag bytes of a STUN USERNAME, without allocating.</summary>
    public bool TryGetByUfrag(ReadOnlySpan<byte> ufrag, out WebRtcPeer? peer)
    {
        if (ufrag.Length is 0 or > 256)
        {
            peer = null;
            return false;
        }

        Span<char> chars = stackalloc char[ufrag.Length];
        for (int i = 0; i < ufrag.Length; i++)
        {
            chars[i] = (char)ufrag[i];
        }

        return _ufragLookup.TryGetValue(chars, out peer);
    }

    public bool TryGetByAddress(SocketAddress address, out WebRtcPeer? peer) => _byAddress.TryGetValue(address, out peer);

    /// <summary>Maps a checked remote address to a peer; an address moves to the newest peer that proved it.</summary>
    /// <returns>The stored copy of the address when it was newly mapped to this peer, otherwise null.</returns>
    public SocketAddress? MapAddress(SocketAddress address, WebRtcPeer peer)
    {
        if (_byAddress.TryGetValue(address, out var current) && ReferenceEquals(current, peer))
        {
            return null;
        }

        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span.CopyTo(copy.Buffer.Span);
        _byAddress[copy] = peer;
        return copy;
    }

    /// <summary>Unmaps the addresses a peer proved, unless another peer has taken one over since.</summary>
    public void RemoveAddresses(WebRtcPeer peer, IEnumerable<SocketAddress> addresses)
    {
        foreach (var address in addresses)
        {
            _byAddress.TryRemove(new KeyValuePair<SocketAddress, WebRtcPeer>(address, peer));
        }
    }
}
