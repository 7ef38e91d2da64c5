namespace Sfu.Core.Codecs.H264;

/// <summary>H.264 NAL unit types (ITU-T H.264 Table 7-1) plus the RFC 6184 payload structure types.</summary>
public enum H264NalUnitType : byte
{
    /// <summary>Unspecified; never valid in an access unit.</summary>
    Unspecified = 0,

    /// <summary>Coded slice of a non-IDR picture.</summary>
    NonIdrSlice = 1,

    /// <summary>Coded slice data partition A.</summary>
    SliceDataPartitionA = 2,

    /// <summary>Coded slice data partition B.</summary>
    SliceDataPartitionB = 3,

    /// <summary>Coded slice data partition C.</summary>
    SliceDataPartitionC = 4,

    /// <summary>Coded slice of an IDR picture.</summary>
    IdrSlice = 5,

    /// <summary>Supplemental enhancement information.</summary>
    Sei = 6,

    /// <summary>Sequence parameter set.</summary>
    Sps = 7,

    /// <summary>Picture parameter set.</summary>
    Pps = 8,

    /// <summary>Access unit delimiter.</summary>
    AccessUnitDelimiter = 9,

    /// <summary>End of sequence.</summary>
    EndOfSequence = 10,

    /// <summary>End of stream.</summary>
    EndOfStream = 11,

    /// <summary>Filler data.</summary>
    FillerData = 12,

    /// <summary>Sequence parameter set extension.</summary>
    SpsExtension = 13,

    /// <summary>Prefix NAL unit (SVC/MVC).</summary>
    Prefix = 14,

    /// <summary>Subset sequence parameter set (SVC/MVC).</summary>
    SubsetSps = 15,

    /// <summary>Coded slice of an auxiliary picture without partitioning.</summary>
    AuxiliarySlice = 19,

    /// <summary>Coded slice extension (SVC/MVC).</summary>
    SliceExtension = 20,

    /// <summary>RFC 6184 single-time aggregation packet.</summary>
    StapA = 24,

    /// <summary>RFC 6184 single-time aggregation packet with decoding order number.</summary>
    StapB = 25,

    /// <summary>RFC 6184 multi-time aggregation packet, 16-bit offsets.</summary>
    Mtap16 = 26,

    /// <summary>RFC 6184 multi-time aggregation packet, 24-bit offsets.</summary>
    Mtap24 = 27,

    /// <summary>RFC 6184 fragmentation unit without decoding order number.</summary>
    FuA = 28,

    /// <summary>RFC 6184 fragmentation unit with decoding order number.</summary>
    FuB = 29,
}
