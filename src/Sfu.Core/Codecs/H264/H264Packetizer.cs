using System.Buffers.Binary;
using Sfu.Core.Rtp;

namespace Sfu.Core.Codecs.H264;

/// <summary>Packetizes AVCC access units into RTP per RFC 6184 packetization-mode 1 (single NAL unit, STAP-A, FU-A).</summary>
/// <remarks>
/// One instance per outgoing stream; not thread-safe. After warm-up a call allocates nothing beyond the packets
/// it rents, provided the output list has spare capacity.
/// </remarks>
public sealed class H264Packetizer
{
    /// <summary>Default RTP payload budget: leaves room for SRTP, header extensions and tunnels within a 1500-byte MTU.</summary>
    public const int DefaultMaxPayloadSize = 1200;

    /// <summary>Smallest usable budget: an FU-A indicator, FU header and one byte of NAL unit.</summary>
    public const int MinMaxPayloadSize = FuAHeaderSize + 1;

    private const int StapAHeaderSize = 1;
    private const int StapALengthSize = 2;
    private const int FuAHeaderSize = 2;
    private const byte FuStartBit = 0x80;
    private const byte FuEndBit = 0x40;

    // Slots kept free in front of the access unit's NAL units for SPS/PPS insertion without shifting.
    private const int ReservedSlots = 2;

    private readonly RtpPacketPool _pool;
    private NalRef[] _nals = new NalRef[32];
    private byte[] _sps = [];
    private byte[] _pps = [];

    /// <summary>Creates a packetizer for one RTP stream.</summary>
    public H264Packetizer(
        byte payloadType,
        uint ssrc,
        ushort initialSequenceNumber,
        RtpPacketPool pool,
        int maxPayloadSize = DefaultMaxPayloadSize)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, MinMaxPayloadSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadSize, pool.PacketCapacity - RtpPacket.FixedHeaderSize);
        PayloadType = payloadType;
        Ssrc = ssrc;
        NextSequenceNumber = initialSequenceNumber;
        MaxPayloadSize = maxPayloadSize;
        _pool = pool;
    }

    private enum NalSource : byte
    {
        AccessUnit,
        Sps,
        Pps,
    }

    /// <summary>RTP payload type written into every packet.</summary>
    public byte PayloadType { get; }

    /// <summary>SSRC written into every packet.</summary>
    public uint Ssrc { get; }

    /// <summary>Largest RTP payload produced, in bytes.</summary>
    public int MaxPayloadSize { get; }

    /// <summary>Sequence number the next packet will carry.</summary>
    public ushort NextSequenceNumber { get; private set; }

    /// <summary>
    /// Stores copies of the SPS and PPS NAL units (header byte first, as in the avcC record) to send ahead of
    /// IDR access units that lack their own. An empty span clears the stored set.
    /// </summary>
    /// <exception cref="ArgumentException">A non-empty argument is not a NAL unit of the expected type.</exception>
    public void SetParameterSets(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        RequireType(sps, H264NalUnitType.Sps, nameof(sps));
        RequireType(pps, H264NalUnitType.Pps, nameof(pps));
        CopyInto(ref _sps, sps);
        CopyInto(ref _pps, pps);
    }

    /// <summary>
    /// Appends the RTP packets for one AVCC access unit to <paramref name="output"/>; the caller owns one reference
    /// to each. Returns false, appending nothing, if the length prefixes are inconsistent.
    /// </summary>
    public bool PacketizeAvcc(
        ReadOnlySpan<byte> avccAccessUnit,
        int nalLengthSize,
        uint rtpTimestamp,
        long arrivalTimestamp,
        List<RtpPacket> output)
    {
        ArgumentNullException.ThrowIfNull(output);

        // Index the whole access unit first so malformed input is rejected before any packet is rented.
        int count = ReservedSlots;
        bool hasIdr = false;
        bool hasSps = false;
        bool hasPps = false;
        var reader = new AvccNalUnitReader(avccAccessUnit, nalLengthSize);
        while (reader.MoveNext())
        {
            var type = H264NalUnit.GetNalUnitType(reader.Current[0]);
            if (!ShouldSend(type))
            {
                continue;
            }

            hasIdr |= type == H264NalUnitType.IdrSlice;
            hasSps |= type == H264NalUnitType.Sps;
            hasPps |= type == H264NalUnitType.Pps;
            if (count == _nals.Length)
            {
                Array.Resize(ref _nals, _nals.Length * 2);
            }

            _nals[count++] = new NalRef(NalSource.AccessUnit, reader.CurrentOffset, reader.Current.Length);
        }

        if (reader.IsMalformed)
        {
            return false;
        }

        int first = ReservedSlots;
        if (hasIdr)
        {
            // A receiver joining at this keyframe cannot decode it without parameter sets.
            if (!hasPps && _pps.Length > 0)
            {
                _nals[--first] = new NalRef(NalSource.Pps, 0, _pps.Length);
            }

            if (!hasSps && _sps.Length > 0)
            {
                _nals[--first] = new NalRef(NalSource.Sps, 0, _sps.Length);
            }
        }

        if (first == count)
        {
            return true;
        }

        int firstPacket = output.Count;
        for (int i = first; i < count;)
        {
            if (_nals[i].Length > MaxPayloadSize)
            {
                WriteFragments(GetNal(i, avccAccessUnit), rtpTimestamp, arrivalTimestamp, output);
                i++;
                continue;
            }

            int end = i + 1;
            int size = StapAHeaderSize + StapALengthSize + _nals[i].Length;
            while (end < count && size + StapALengthSize + _nals[end].Length <= MaxPayloadSize)
            {
                size += StapALengthSize + _nals[end].Length;
                end++;
            }

            if (end == i + 1)
            {
                WriteSingle(GetNal(i, avccAccessUnit), rtpTimestamp, arrivalTimestamp, output);
            }
            else
            {
                WriteStapA(i, end, avccAccessUnit, rtpTimestamp, arrivalTimestamp, output);
            }

            i = end;
        }

        output[^1].Marker = true;
        output[firstPacket].IsKeyframeStart = hasIdr;
        return true;
    }

    // AUD and filler carry nothing a WebRTC receiver needs; types 0 and 24..31 would be misread as RTP
    // payload structures (STAP/MTAP/FU) if sent as single NAL unit packets.
    private static bool ShouldSend(H264NalUnitType type) =>
        H264NalUnit.IsSingleNalType(type)
        && type is not H264NalUnitType.AccessUnitDelimiter and not H264NalUnitType.FillerData;

    private static void RequireType(ReadOnlySpan<byte> nalUnit, H264NalUnitType expected, string parameterName)
    {
        if (!nalUnit.IsEmpty && H264NalUnit.GetNalUnitType(nalUnit[0]) != expected)
        {
            throw new ArgumentException($"Expected an empty span or a {expected} NAL unit.", parameterName);
        }
    }

    private static void CopyInto(ref byte[] destination, ReadOnlySpan<byte> source)
    {
        if (destination.Length != source.Length)
        {
            destination = source.ToArray();
        }
        else
        {
            source.CopyTo(destination);
        }
    }

    private ReadOnlySpan<byte> GetNal(int index, ReadOnlySpan<byte> accessUnit)
    {
        var nal = _nals[index];
        return nal.Source switch
        {
            NalSource.Sps => _sps,
            NalSource.Pps => _pps,
            _ => accessUnit.Slice(nal.Offset, nal.Length),
        };
    }

    private void WriteSingle(ReadOnlySpan<byte> nal, uint timestamp, long arrival, List<RtpPacket> output)
    {
        var packet = StartPacket(timestamp, arrival);
        nal.CopyTo(packet.Buffer.AsSpan(RtpPacket.FixedHeaderSize));
        packet.Length = RtpPacket.FixedHeaderSize + nal.Length;
        output.Add(packet);
    }

    private void WriteStapA(int start, int end, ReadOnlySpan<byte> accessUnit, uint timestamp, long arrival, List<RtpPacket> output)
    {
        var packet = StartPacket(timestamp, arrival);
        var payload = packet.Buffer.AsSpan(RtpPacket.FixedHeaderSize);
        int offset = StapAHeaderSize;
        int forbidden = 0;
        int nri = 0;
        for (int i = start; i < end; i++)
        {
            var nal = GetNal(i, accessUnit);
            forbidden |= nal[0] & H264NalUnit.ForbiddenBitMask;
            nri = Math.Max(nri, nal[0] & H264NalUnit.NriMask);
            BinaryPrimitives.WriteUInt16BigEndian(payload[offset..], (ushort)nal.Length);
            nal.CopyTo(payload[(offset + StapALengthSize)..]);
            offset += StapALengthSize + nal.Length;
        }

        // RFC 6184 §5.7.1: F is the OR and NRI the maximum over the aggregated NAL units.
        payload[0] = (byte)(forbidden | nri | (int)H264NalUnitType.StapA);
        packet.Length = RtpPacket.FixedHeaderSize + offset;
        output.Add(packet);
    }

    private void WriteFragments(ReadOnlySpan<byte> nal, uint timestamp, long arrival, List<RtpPacket> output)
    {
        byte indicator = (byte)((nal[0] & (H264NalUnit.ForbiddenBitMask | H264NalUnit.NriMask)) | (int)H264NalUnitType.FuA);
        byte type = (byte)(nal[0] & H264NalUnit.TypeMask);
        var body = nal[1..];

        // Equal-sized fragments rather than full ones plus a runt: same packet count, smoother pacing.
        int maxChunk = MaxPayloadSize - FuAHeaderSize;
        int fragments = (body.Length + maxChunk - 1) / maxChunk;
        int baseSize = body.Length / fragments;
        int larger = body.Length % fragments;
        int offset = 0;
        for (int k = 0; k < fragments; k++)
        {
            int size = baseSize + (k < larger ? 1 : 0);
            var packet = StartPacket(timestamp, arrival);
            var payload = packet.Buffer.AsSpan(RtpPacket.FixedHeaderSize);
            payload[0] = indicator;
            payload[1] = (byte)((k == 0 ? FuStartBit : 0) | (k == fragments - 1 ? FuEndBit : 0) | type);
            body.Slice(offset, size).CopyTo(payload[FuAHeaderSize..]);
            offset += size;
            packet.Length = RtpPacket.FixedHeaderSize + FuAHeaderSize + size;
            output.Add(packet);
        }
    }

    private RtpPacket StartPacket(uint timestamp, long arrival)
    {
        var packet = _pool.Rent();
        packet.WriteHeader(PayloadType, marker: false, NextSequenceNumber, timestamp, Ssrc);
        packet.ArrivalTimestamp = arrival;
        NextSequenceNumber = unchecked((ushort)(NextSequenceNumber + 1));
        return packet;
    }

    private readonly record struct NalRef(NalSource Source, int Offset, int Length);
}
