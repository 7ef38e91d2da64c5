using System.Buffers;

namespace Sfu.Core.Codecs.H264;

/// <summary>Writes NAL units as an Annex-B byte stream, each behind a four-byte 00 00 00 01 start code.</summary>
/// <remarks>
/// The four-byte form is valid before every NAL unit and is what ffmpeg and hardware decoders expect at
/// parameter sets and the first NAL unit of an access unit, so it is used throughout.
/// </remarks>
public static class H264AnnexB
{
    /// <summary>The start code written before each NAL unit.</summary>
    public static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    /// <summary>Writes one NAL unit with its start code.</summary>
    public static void Write(ReadOnlySpan<byte> nalUnit, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var span = destination.GetSpan(StartCode.Length + nalUnit.Length);
        StartCode.CopyTo(span);
        nalUnit.CopyTo(span[StartCode.Length..]);
        destination.Advance(StartCode.Length + nalUnit.Length);
    }

    /// <summary>Writes every NAL unit in order with its start code.</summary>
    public static void Write(IEnumerable<byte[]> nalUnits, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(nalUnits);
        foreach (var nal in nalUnits)
        {
            Write(nal, destination);
        }
    }

    /// <summary>Returns the NAL units as one Annex-B buffer.</summary>
    public static byte[] ToArray(IEnumerable<byte[]> nalUnits)
    {
        var writer = new ArrayBufferWriter<byte>();
        Write(nalUnits, writer);
        return writer.WrittenSpan.ToArray();
    }
}
