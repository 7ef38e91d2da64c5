namespace Ingest.Rtmp.Flv;

/// <summary>An ISO/IEC 14496-15 AVCDecoderConfigurationRecord (avcC), as carried by an AVC sequence header.</summary>
public sealed class AvcDecoderConfigurationRecord
{
    internal AvcDecoderConfigurationRecord(
        ReadOnlyMemory<byte> bytes,
        byte profileIndication,
        byte profileCompatibility,
        byte levelIndication,
        int nalLengthSize,
        IReadOnlyList<ReadOnlyMemory<byte>> sps,
        IReadOnlyList<ReadOnlyMemory<byte>> pps)
    {
        Bytes = bytes;
        ProfileIndication = profileIndication;
        ProfileCompatibility = profileCompatibility;
        LevelIndication = levelIndication;
        NalLengthSize = nalLengthSize;
        Sps = sps;
        Pps = pps;
    }

    /// <summary>Gets the whole record, including any trailing high-profile extension, in a buffer this object owns.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Gets AVCProfileIndication (e.g. 66 baseline, 77 main, 100 high).</summary>
    public byte ProfileIndication { get; }

    /// <summary>Gets the profile_compatibility (constraint flags) byte.</summary>
    public byte ProfileCompatibility { get; }

    /// <summary>Gets AVCLevelIndication (level × 10, e.g. 31 for 3.1).</summary>
    public byte LevelIndication { get; }

    /// <summary>Gets the size in bytes (1, 2 or 4) of the length prefix before each NAL unit in coded frames.</summary>
    public int NalLengthSize { get; }

    /// <summary>Gets the sequence parameter set NAL units, without length prefixes or start codes.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Sps { get; }

    /// <summary>Gets the picture parameter set NAL units, without length prefixes or start codes.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Pps { get; }

    /// <summary>Gets the RFC 6381 codec string, e.g. "avc1.64001F".</summary>
    public string CodecString => $"avc1.{ProfileIndication:X2}{ProfileCompatibility:X2}{LevelIndication:X2}";

    /// <summary>
    /// Parses a record; never throws. The bytes are copied once so the result outlives pooled network buffers
    /// (sequence headers are kept for the life of the stream and replayed to late joiners).
    /// </summary>
    public static FlvParseResult<AvcDecoderConfigurationRecord> Parse(ReadOnlySpan<byte> record) =>
        AvcDecoderConfigurationRecordReader.Read(record);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{CodecString} nalLength={NalLengthSize} sps={Sps.Count} pps={Pps.Count}";
}
