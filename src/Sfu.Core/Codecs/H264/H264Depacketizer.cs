using System.Buffers;
using System.Buffers.Binary;
using Sfu.Core.Rtp;

namespace Sfu.Core.Codecs.H264;

/// <summary>
/// Reassembles RFC 6184 packetization-mode 1 payloads (single NAL unit, STAP-A, FU-A) into access units.
/// Meant for tests and tooling: it allocates per NAL unit and expects packets in sequence order.
/// </summary>
/// <remarks>
/// Any sequence gap, reordering or malformed payload poisons the access unit being assembled; it is dropped when
/// its marker arrives or the timestamp changes. Because lost packets may have started the next access unit, a gap
/// also poisons the access unit that the packet after the gap belongs to.
/// </remarks>
public sealed class H264Depacketizer
{
    private const byte FuStartBit = 0x80;
    private const byte FuEndBit = 0x40;

    private readonly List<byte[]> _nalUnits = [];
    private readonly ArrayBufferWriter<byte> _fragment = new();
    private bool _hasPrevious;
    private ushort _expectedSequenceNumber;
    private bool _inProgress;
    private uint _timestamp;
    private bool _broken;
    private bool _inFragment;
    private byte _fragmentType;

    /// <summary>Access units discarded so far because of loss or malformed payloads.</summary>
    public int DroppedAccessUnits { get; private set; }

    /// <summary>
    /// Consumes one packet (the caller keeps its reference). Returns <see cref="H264DepacketizerStatus.Completed"/>
    /// with the access unit when the marker bit closes an intact one. When one push both discards an unterminated
    /// access unit and completes the next, it reports Completed; <see cref="DroppedAccessUnits"/> still counts the loss.
    /// </summary>
    public H264DepacketizerStatus Push(RtpPacket packet, out H264AccessUnit? accessUnit)
    {
        ArgumentNullException.ThrowIfNull(packet);
        accessUnit = null;
        var status = H264DepacketizerStatus.Pending;

        bool gap = _hasPrevious && packet.SequenceNumber != _expectedSequenceNumber;
        _hasPrevious = true;
        _expectedSequenceNumber = unchecked((ushort)(packet.SequenceNumber + 1));

        if (_inProgress && packet.Timestamp != _timestamp)
        {
            // The previous access unit never saw its marker, so its tail is missing.
            if (Discard())
            {
                status = H264DepacketizerStatus.Dropped;
            }
        }

        if (!_inProgress)
        {
            _inProgress = true;
            _timestamp = packet.Timestamp;
        }

        _broken |= gap;
        if (!_broken)
        {
            _broken = !Consume(packet.Payload);
        }

        if (!packet.Marker)
        {
            return status;
        }

        if (_broken || _inFragment)
        {
            Discard();
            return H264DepacketizerStatus.Dropped;
        }

        if (_nalUnits.Count == 0)
        {
            Reset();
            return status;
        }

        accessUnit = new H264AccessUnit(_timestamp, _nalUnits.ToArray());
        Reset();
        return H264DepacketizerStatus.Completed;
    }

    private bool Consume(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            // Padding-only packets (e.g. bandwidth probes) carry no media.
            return true;
        }

        var type = H264NalUnit.GetNalUnitType(payload[0]);
        if (H264NalUnit.IsSingleNalType(type))
        {
            if (_inFragment)
            {
                return false;
            }

            _nalUnits.Add(payload.ToArray());
            return true;
        }

        return type switch
        {
            H264NalUnitType.StapA => !_inFragment && ConsumeStapA(payload),
            H264NalUnitType.FuA => ConsumeFuA(payload),
            _ => false,
        };
    }

    private bool ConsumeStapA(ReadOnlySpan<byte> payload)
    {
        int offset = 1;
        if (offset == payload.Length)
        {
            return false;
        }

        while (offset < payload.Length)
        {
            if (payload.Length - offset < 2)
            {
                return false;
            }

            int size = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
            offset += 2;
            if (size == 0 || size > payload.Length - offset)
            {
                return false;
            }

            _nalUnits.Add(payload.Slice(offset, size).ToArray());
            offset += size;
        }

        return true;
    }

    private bool ConsumeFuA(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            return false;
        }

        byte indicator = payload[0];
        byte header = payload[1];
        byte type = (byte)(header & H264NalUnit.TypeMask);
        bool start = (header & FuStartBit) != 0;
        bool end = (header & FuEndBit) != 0;
        if (start)
        {
            // RFC 6184 §5.8: a NAL unit small enough for one FU must not be fragmented, so S+E is invalid.
            if (end || _inFragment)
            {
                return false;
            }

            _fragment.ResetWrittenCount();
            _fragment.Write([(byte)((indicator & (H264NalUnit.ForbiddenBitMask | H264NalUnit.NriMask)) | type)]);
            _inFragment = true;
            _fragmentType = type;
        }
        else if (!_inFragment || type != _fragmentType)
        {
            return false;
        }

        _fragment.Write(payload[2..]);
        if (end)
        {
            _nalUnits.Add(_fragment.WrittenSpan.ToArray());
            _inFragment = false;
        }

        return true;
    }

    private bool Discard()
    {
        bool hadContent = _broken || _inFragment || _nalUnits.Count > 0;
        if (hadContent)
        {
            DroppedAccessUnits++;
        }

        Reset();
        return hadContent;
    }

    private void Reset()
    {
        _nalUnits.Clear();
        _inProgress = false;
        _broken = false;
        _inFragment = false;
    }
}
