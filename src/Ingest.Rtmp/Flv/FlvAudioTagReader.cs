namespace Ingest.Rtmp.Flv;

/// <summary>Decodes the legacy and Enhanced RTMP audio tag headers; only AAC is accepted.</summary>
internal static class FlvAudioTagReader
{
    private const int LegacyAacHeaderLength = 2;
    private const int ExHeaderWithFourCcLength = 5;

    public static FlvAudioTag Read(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.IsEmpty)
        {
            // RTMP's undocumented "audio silence" message (acknowledged by E-RTMP v2); a gap, not an error.
            return Fail(FlvParseStatus.Ignored, "empty audio message (silence)", default, 0);
        }

        var soundFormat = (FlvSoundFormat)(span[0] >> 4);
        return soundFormat == FlvSoundFormat.ExHeader ? ReadEnhanced(body) : ReadLegacy(body, soundFormat);
    }

    private static FlvAudioTag ReadLegacy(ReadOnlyMemory<byte> body, FlvSoundFormat soundFormat)
    {
        var span = body.Span;
        var flags = (byte)(span[0] & 0x0F);

        if (soundFormat != FlvSoundFormat.Aac)
        {
            var reason = soundFormat is (FlvSoundFormat)12 or (FlvSoundFormat)13
                ? $"unknown audio SoundFormat {(int)soundFormat} (reserved)"
                : $"audio codec {CodecNames.LegacyAudio((int)soundFormat)} (FLV SoundFormat {(int)soundFormat}) is not supported; only AAC is accepted";
            return Fail(FlvParseStatus.Unsupported, reason, soundFormat, flags);
        }

        if (span.Length < LegacyAacHeaderLength)
        {
            return Fail(
                FlvParseStatus.Malformed,
                $"AAC audio tag is truncated: {span.Length} byte, need at least {LegacyAacHeaderLength} (header and AACPacketType)",
                soundFormat,
                flags);
        }

        var aacPacketType = span[1];
        if (aacPacketType > (byte)FlvAudioPacketType.RawFrame)
        {
            return Fail(FlvParseStatus.Malformed, $"unknown AACPacketType {aacPacketType}", soundFormat, flags);
        }

        var packetType = (FlvAudioPacketType)aacPacketType;
        var data = body[LegacyAacHeaderLength..];
        if (packetType == FlvAudioPacketType.SequenceHeader && data.IsEmpty)
        {
            return Fail(FlvParseStatus.Malformed, "AAC sequence header has no AudioSpecificConfig", soundFormat, flags);
        }

        return new FlvAudioTag(FlvParseStatus.Ok, string.Empty, soundFormat, flags, default, default, packetType, data);
    }

    private static FlvAudioTag ReadEnhanced(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var exType = (ExAudioPacketType)(span[0] & 0x0F);

        // The spec lets ModEx prefix any packet type; skipping it safely needs per-type semantics we do not implement.
        if (exType == ExAudioPacketType.ModEx)
        {
            return FailEx(FlvParseStatus.Unsupported, "Enhanced RTMP audio ModEx packets (e.g. nanosecond timestamp offsets) are not supported", exType);
        }

        if (exType == ExAudioPacketType.Multitrack)
        {
            return FailEx(FlvParseStatus.Unsupported, "Enhanced RTMP multitrack audio is not supported", exType);
        }

        if (exType is not (ExAudioPacketType.SequenceStart or ExAudioPacketType.CodedFrames
            or ExAudioPacketType.SequenceEnd or ExAudioPacketType.MultichannelConfig))
        {
            return FailEx(FlvParseStatus.Unsupported, $"unknown Enhanced RTMP audio packet type {(int)exType}", exType);
        }

        if (span.Length < ExHeaderWithFourCcLength)
        {
            return FailEx(
                FlvParseStatus.Malformed,
                $"Enhanced RTMP audio tag is truncated: {span.Length} bytes, need at least {ExHeaderWithFourCcLength} (header and FourCC)",
                exType);
        }

        var fourCc = FourCc.FromAscii(span.Slice(1, 4));
        if (fourCc != FourCc.Mp4a)
        {
            var name = CodecNames.AudioFourCc(fourCc);
            var reason = name is null
                ? $"unknown Enhanced RTMP audio codec '{fourCc}'"
                : $"Enhanced RTMP audio codec '{fourCc}' ({name}) is not supported; only AAC is accepted";
            return FailEx(FlvParseStatus.Unsupported, reason, exType, fourCc);
        }

        var payload = body[ExHeaderWithFourCcLength..];
        return exType switch
        {
            ExAudioPacketType.SequenceStart when payload.IsEmpty =>
                FailEx(FlvParseStatus.Malformed, "Enhanced RTMP 'mp4a' SequenceStart has no AudioSpecificConfig", exType, fourCc),
            ExAudioPacketType.SequenceStart => OkEx(exType, fourCc, FlvAudioPacketType.SequenceHeader, payload),
            ExAudioPacketType.CodedFrames => OkEx(exType, fourCc, FlvAudioPacketType.RawFrame, payload),
            ExAudioPacketType.SequenceEnd => OkEx(exType, fourCc, FlvAudioPacketType.EndOfSequence, payload),

            // AAC's AudioSpecificConfig already defines the channel layout, so the explicit mapping adds nothing here.
            _ => FailEx(FlvParseStatus.Ignored, "Enhanced RTMP audio MultichannelConfig is not used for 'mp4a'", exType, fourCc),
        };
    }

    private static FlvAudioTag OkEx(ExAudioPacketType exType, FourCc fourCc, FlvAudioPacketType packetType, ReadOnlyMemory<byte> data)
    {
        return new FlvAudioTag(FlvParseStatus.Ok, string.Empty, FlvSoundFormat.ExHeader, 0, fourCc, exType, packetType, data);
    }

    private static FlvAudioTag Fail(FlvParseStatus status, string reason, FlvSoundFormat soundFormat, byte flags)
    {
        return new FlvAudioTag(status, reason, soundFormat, flags, default, default, default, ReadOnlyMemory<byte>.Empty);
    }

    private static FlvAudioTag FailEx(FlvParseStatus status, string reason, ExAudioPacketType exType, FourCc fourCc = default)
    {
        return new FlvAudioTag(status, reason, FlvSoundFormat.ExHeader, 0, fourCc, exType, default, ReadOnlyMemory<byte>.Empty);
    }
}
