namespace Egress.WebRtc.Srtp;

/// <summary>An SRTP master key and master salt pair, as produced by DTLS-SRTP or SDES.</summary>
public sealed class SrtpMasterKey
{
    private readonly byte[] _key;
    private readonly byte[] _salt;

    /// <summary>Copies <paramref name="key"/> and <paramref name="salt"/>.</summary>
    public SrtpMasterKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        _key = key.ToArray();
        _salt = salt.ToArray();
    }

    /// <summary>The master key.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>The master salt.</summary>
    public ReadOnlySpan<byte> Salt => _salt;
}
