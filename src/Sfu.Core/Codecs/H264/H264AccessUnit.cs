namespace Sfu.Core.Codecs.H264;

/// <summary>One reassembled access unit: its RTP timestamp and NAL units in decoding order, header byte first.</summary>
public sealed class H264AccessUnit
{
    /// <summary>Creates an access unit over <paramref name="nalUnits"/>, which it does not copy.</summary>
    public H264AccessUnit(uint timestamp, IReadOnlyList<byte[]> nalUnits)
    {
        ArgumentNullException.ThrowIfNull(nalUnits);
        Timestamp = timestamp;
        NalUnits = nalUnits;
    }

    /// <summary>RTP timestamp shared by every packet of the access unit.</summary>
    public uint Timestamp { get; }

    /// <summary>The NAL units, each starting with its header byte.</summary>
    public IReadOnlyList<byte[]> NalUnits { get; }

    /// <summary>True if any NAL unit is an IDR slice.</summary>
    public bool ContainsIdr => NalUnits.Any(n => n.Length > 0 && H264NalUnit.GetNalUnitType(n[0]) == H264NalUnitType.IdrSlice);

    /// <summary>The access unit as an Annex-B byte stream.</summary>
    public byte[] ToAnnexB() => H264AnnexB.ToArray(NalUnits);
}
