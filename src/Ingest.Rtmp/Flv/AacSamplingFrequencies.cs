namespace Ingest.Rtmp.Flv;

/// <summary>ISO/IEC 14496-3 samplingFrequencyIndex table, shared by AudioSpecificConfig and ADTS.</summary>
internal static class AacSamplingFrequencies
{
    /// <summary>Index value meaning an explicit 24-bit frequency follows.</summary>
    public const int ExplicitIndex = 15;

    private static readonly int[] Table =
    [
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
    ];

    /// <summary>Returns the rate for indices 0..12, or 0 for reserved (13, 14) and explicit (15).</summary>
    public static int RateOf(int index) => (uint)index < (uint)Table.Length ? Table[index] : 0;

    /// <summary>Returns the index of an exact table rate, or -1 when the rate is not in the table.</summary>
    public static int IndexOf(int rate) => Array.IndexOf(Table, rate);
}
