namespace Ingest.Rtmp.Flv;

/// <summary>Decodes the legacy and Enhanced RTMP video tag headers; only H.264 is accepted.</summary>
internal static class FlvVideoTagReader
{
    private const byte ExHeaderFlag = 0x80;
    private const int LegacyAvcHeaderLength = 5;
    private const int ExHeaderWithFourCcLength = 5;

    public static FlvVideoTag Read(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.IsEmpty)
        {
            // Some publishers send zero-length video messages as keep-alives; nothing to forward, nothing wrong.
            return Fail(FlvParseStatus.Ignored, "empty video message");
        }

        return (span[0] & ExHeaderFlag) != 0 ? ReadEnhanced(body) : ReadLegacy(body);
    }

    private static FlvVideoTag ReadLegacy(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var frameType = (FlvVideoFrameType)(span[0] >> 4);
        var codecId = (FlvVideoCodecId)(span[0] & 0x0F);

        if (frameType is FlvVideoFrameType.None or > FlvVideoFrameType.Command)
        {
            return Fail(FlvParseStatus.Malformed, $"reserved video frame type {(int)frameType}", frameType, codecId);
        }

        if (frameType == FlvVideoFrameType.Command)
        {
            return Fail(FlvParseStatus.Ignored, "video info/command frame (frame type 5)", frameType, codecId);
        }

        if (codecId != FlvVideoCodecId.Avc)
        {
            return Fail(
                FlvParseStatus.Unsupported,
                $"video codec {CodecNames.LegacyVideo((int)codecId)} (FLV CodecID {(int)codecId}) is not supported; only H.264/AVC is accepted",
                frameType,
                codecId);
        }

        if (span.Length < LegacyAvcHeaderLength)
        {
            return Fail(
                FlvParseStatus.Malformed,
                $"AVC video tag is truncated: {span.Length} bytes, need at least {LegacyAvcHeaderLength} (header, AVCPacketType, composition time)",
                frameType,
                codecId);
        }

        var avcPacketType = span[1];
        if (avcPacketType > (byte)FlvVideoPacketType.EndOfSequence)
        {
            return Fail(FlvParseStatus.Malformed, $"unknown AVCPacketType {avcPacketType}", frameType, codecId);
        }

        var packetType = (FlvVideoPacketType)avcPacketType;
        var data = body[LegacyAvcHeaderLength..];
        if (packetType == FlvVideoPacketType.SequenceHeader && data.IsEmpty)
        {
            return Fail(FlvParseStatus.Malformed, "AVC sequence header has no AVCDecoderConfigurationRecord", frameType, codecId);
        }

        return new FlvVideoTag(
            FlvParseStatus.Ok,
            string.Empty,
            frameType,
            isEnhanced: false,
            codecId,
            default,
            default,
            packetType,
            ReadSi24(span[2..]),
            data);
    }

    private static FlvVideoTag ReadEnhanced(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var frameType = (FlvVideoFrameType)((span[0] >> 4) & 0x07);
        var exType = (ExVideoPacketType)(span[0] & 0x0F);

        // The spec lets ModEx prefix any packet type; skipping it safely needs per-type semantics we do not implement.
        if (exType == ExVideoPacketType.ModEx)
        {
            return FailEx(FlvParseStatus.Unsupported, "Enhanced RTMP video ModEx packets (e.g. nanosecond timestamp offsets) are not supported", frameType, exType);
        }

        // Per E-RTMP, a command frame carries a single command byte and no FourCC, unless it is Metadata.
        if (frameType == FlvVideoFrameType.Command && exType != ExVideoPacketType.Metadata)
        {
            return FailEx(FlvParseStatus.Ignored, "Enhanced RTMP video command frame (frame type 5)", frameType, exType);
        }

        if (exType == ExVideoPacketType.Multitrack)
        {
            return FailEx(FlvParseStatus.Unsupported, "Enhanced RTMP multitrack video is not supported", frameType, exType);
        }

        if (exType > ExVideoPacketType.ModEx)
        {
            return FailEx(FlvParseStatus.Unsupported, $"unknown Enhanced RTMP video packet type {(int)exType}", frameType, exType);
        }

        // Metadata packets say the frame type is to be ignored, so only validate it for the rest.
        if (exType != ExVideoPacketType.Metadata && frameType is FlvVideoFrameType.None or > FlvVideoFrameType.Command)
        {
            return FailEx(FlvParseStatus.Malformed, $"reserved video frame type {(int)frameType}", frameType, exType);
        }

        if (span.Length < ExHeaderWithFourCcLength)
        {
            return FailEx(
                FlvParseStatus.Malformed,
                $"Enhanced RTMP video tag is truncated: {span.Length} bytes, need at least {ExHeaderWithFourCcLength} (header and FourCC)",
                frameType,
                exType);
        }

        var fourCc = FourCc.FromAscii(span.Slice(1, 4));
        if (fourCc != FourCc.Avc1)
        {
            var name = CodecNames.VideoFourCc(fourCc);
            var reason = name is null
                ? $"unknown Enhanced RTMP video codec '{fourCc}'"
                : $"Enhanced RTMP video codec '{fourCc}' ({name}) is not supported yet";
            return FailEx(FlvParseStatus.Unsupported, reason, frameType, exType, fourCc);
        }

        return ReadEnhancedAvc(body, frameType, exType, fourCc);
    }

    private static FlvVideoTag ReadEnhancedAvc(ReadOnlyMemory<byte> body, FlvVideoFrameType frameType, ExVideoPacketType exType, FourCc fourCc)
    {
        var payload = body[ExHeaderWithFourCcLength..];
        switch (exType)
        {
            case ExVideoPacketType.SequenceStart when payload.IsEmpty:
                return FailEx(FlvParseStatus.Malformed, "Enhanced RTMP 'avc1' SequenceStart has no AVCDecoderConfigurationRecord", frameType, exType, fourCc);
            case ExVideoPacketType.SequenceStart:
                return OkEx(frameType, exType, fourCc, FlvVideoPacketType.SequenceHeader, 0, payload);
            case ExVideoPacketType.CodedFrames when payload.Length < 3:
                return FailEx(
                    FlvParseStatus.Malformed,
                    $"Enhanced RTMP 'avc1' CodedFrames is truncated: {body.Length} bytes, need at least 8 (header, FourCC, composition time)",
                    frameType,
                    exType,
                    fourCc);
            case ExVideoPacketType.CodedFrames:
                return OkEx(frameType, exType, fourCc, FlvVideoPacketType.CodedFrames, ReadSi24(payload.Span), payload[3..]);
            case ExVideoPacketType.CodedFramesX:
                return OkEx(frameType, exType, fourCc, FlvVideoPacketType.CodedFrames, 0, payload);
            case ExVideoPacketType.SequenceEnd:
                return OkEx(frameType, exType, fourCc, FlvVideoPacketType.EndOfSequence, 0, payload);
            case ExVideoPacketType.Metadata:
                return FailEx(FlvParseStatus.Ignored, "Enhanced RTMP video metadata (AMF colorInfo) is not used", frameType, exType, fourCc);
            default:
                // Only MPEG2TSSequenceStart reaches here; the spec defines it for AV1 alone.
                return FailEx(FlvParseStatus.Malformed, "Enhanced RTMP MPEG2TSSequenceStart is only defined for 'av01', not 'avc1'", frameType, exType, fourCc);
        }
    }

    // Sign-extends by letting the arithmetic right shift copy bit 23 into the top byte.
    private static int ReadSi24(ReadOnlySpan<byte> s) => ((s[0] << 24) | (s[1] << 16) | (s[2] << 8)) >> 8;

    private static FlvVideoTag OkEx(
        FlvVideoFrameType frameType,
        ExVideoPacketType exType,
        FourCc fourCc,
        FlvVideoPacketType packetType,
        int compositionTimeOffset,
        ReadOnlyMemory<byte> data)
    {
        return new FlvVideoTag(FlvParseStatus.Ok, string.Empty, frameType, true, FlvVideoCodecId.None, fourCc, exType, packetType, compositionTimeOffset, data);
    }

    private static FlvVideoTag Fail(
        FlvParseStatus status,
        string reason,
        FlvVideoFrameType frameType = FlvVideoFrameType.None,
        FlvVideoCodecId codecId = FlvVideoCodecId.None)
    {
        return new FlvVideoTag(status, reason, frameType, false, codecId, default, default, default, 0, ReadOnlyMemory<byte>.Empty);
    }

    private static FlvVideoTag FailEx(
        FlvParseStatus status,
        string reason,
        FlvVideoFrameType frameType,
        ExVideoPacketType exType,
        FourCc fourCc = default)
    {
        return new FlvVideoTag(status, reason, frameType, true, FlvVideoCodecId.None, fourCc, exType, default, 0, ReadOnlyMemory<byte>.Empty);
    }
}
