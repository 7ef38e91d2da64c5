using System.Diagnostics;
using Ingest.Rtmp.Amf;
using Ingest.Rtmp.Flv;
using Ingest.Rtmp.Protocol;
using Ingest.Rtmp.Server;
using Media.FFmpeg;
using Media.FFmpeg.Audio;
using Media.FFmpeg.Video;
using Microsoft.Extensions.Logging;
using Sfu.Core.Codecs.H264;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Ingest.Rtmp.Publishing;

/// <summary>Turns one encoder's FLV video/audio messages into the stream's tracks: H.264 as RTP, packetized once; AAC as frames.</summary>
internal sealed class RtmpPublisher : IDisposable
{
    /// <summary>Payload type of the source RTP; each viewer's is rewritten to what its SDP negotiated.</summary>
    public const byte VideoPayloadType = 96;

    private const int VideoClockRate = 90000;

    private readonly RtmpServerOptions _options;
    private readonly RtpPacketPool _pool;
    private readonly ILogger _logger;
    private readonly List<RtpPacket> _packets = new(64);
    private readonly uint _videoRtpBase = (uint)Random.Shared.NextInt64(0, uint.MaxValue);
    private RtmpTimestampUnwrapper _videoClock;
    private RtmpTimestampUnwrapper _audioClock;
    private MediaTrack? _video;
    private MediaTrack? _audio;
    private H264Packetizer? _packetizer;
    private int _nalLengthSize;
    private AudioSpecificConfig? _aac;
    private bool _warnedVideoBeforeHeader;
    private bool _warnedAudioBeforeHeader;
    private long _nextAudioTimestamp = -1;
    private const int MaxBufferedGopFrames = 600;

    private readonly List<(byte[] Data, long Decode90k, long Presentation90k)> _undecidedGop = [];
    private BFrameDetector? _bFrames;
    private VideoReencodePath? _reencode;
    private byte[] _sourceSps = [];
    private byte[] _sourcePps = [];
    private byte[] _reencodedSps = [];
    private long _lastForwardedPresentation90k = long.MinValue;
    private AacToOpusTranscoder? _opus;
    private OpusRtpPublisher? _opusPublisher;
    private MediaTrack? _opusTrack;

    public RtmpPublisher(LiveStream stream, RtmpServerOptions options, RtpPacketPool pool, ILogger logger)
    {
        Stream = stream;
        _options = options;
        _pool = pool;
        _logger = logger;
    }

    /// <summary>The stream this encoder publishes.</summary>
    public LiveStream Stream { get; }

    public void OnMetadata(AmfObject metadata) => Stream.SetMetadata(StreamMetadataReader.Read(metadata));

    public void OnVideo(uint timestamp, ReadOnlyMemory<byte> body)
    {
        var tag = FlvVideoTag.Parse(body);
        switch (tag.Status)
        {
            case FlvParseStatus.Ignored:
                return;
            case FlvParseStatus.Unsupported:
                throw new UnsupportedMediaException(tag.Reason);
            case FlvParseStatus.Malformed:
                throw new RtmpProtocolException($"malformed video tag: {tag.Reason}");
        }

        switch (tag.PacketType)
        {
            case FlvVideoPacketType.SequenceHeader:
                OnAvcSequenceHeader(tag.Data.Span);
                break;
            case FlvVideoPacketType.CodedFrames:
                OnAvcFrame(timestamp, tag.CompositionTimeOffset, tag.IsKeyFrame, tag.Data.Span);
                break;
        }
    }

    public void OnAudio(uint timestamp, ReadOnlyMemory<byte> body)
    {
        var tag = FlvAudioTag.Parse(body);
        switch (tag.Status)
        {
            case FlvParseStatus.Ignored:
                return;
            case FlvParseStatus.Unsupported:
                throw new UnsupportedMediaException(tag.Reason);
            case FlvParseStatus.Malformed:
                throw new RtmpProtocolException($"malformed audio tag: {tag.Reason}");
        }

        switch (tag.PacketType)
        {
            case FlvAudioPacketType.SequenceHeader:
                OnAacSequenceHeader(tag.Data.Span);
                break;
            case FlvAudioPacketType.RawFrame:
                OnAacFrame(timestamp, tag.Data);
                break;
        }
    }

    public void Dispose()
    {
        ReleasePackets();
        _opus?.Dispose();
        _opus = null;
        _reencode?.Dispose();
        _reencode = null;
    }

    private void OnAvcSequenceHeader(ReadOnlySpan<byte> data)
    {
        var parsed = AvcDecoderConfigurationRecord.Parse(data);
        if (!parsed.IsOk || parsed.Value is null)
        {
            throw new RtmpProtocolException($"malformed AVC sequence header: {parsed.Reason}");
        }

        var record = parsed.Value;
        int? width = null;
        int? height = null;
        string profileLevelId;
        if (H264SpsParser.TryParse(record.Sps[0].Span, out var sps))
        {
            (width, height, profileLevelId) = (sps.Width, sps.Height, sps.ProfileLevelId);
        }
        else
        {
            // The record repeats the SPS's profile, constraint and level bytes; enough to negotiate with viewers.
            profileLevelId = $"{record.ProfileIndication:x2}{record.ProfileCompatibility:x2}{record.LevelIndication:x2}";
            _logger.LogWarning("Stream '{Stream}': the encoder's SPS could not be parsed; resolution unknown", Stream.Name);
        }

        _nalLengthSize = record.NalLengthSize;
        _bFrames = new BFrameDetector(reorderingImpossible: sps?.PicOrderCntType == 2);
        var codec = MediaCodec.H264(profileLevelId);
        if (_video is null)
        {
            _video = new MediaTrack("video", MediaKind.Video, codec, (uint)Random.Shared.NextInt64(1, uint.MaxValue));
            _packetizer = new H264Packetizer(VideoPayloadType, _video.Ssrc, (ushort)Random.Shared.Next(0, 65536), _pool, _options.MaxRtpPayloadSize);
            _video.UseMediaClock(Stream.Clock, _videoRtpBase);
            _video.UpdateCodec(codec, record.Bytes, width, height);
            Stream.AddTrack(_video);
        }
        else
        {
            _video.UpdateCodec(codec, record.Bytes, width, height);
        }

        _packetizer!.SetParameterSets(record.Sps[0].Span, record.Pps[0].Span);
        _sourceSps = record.Sps[0].ToArray();
        _sourcePps = record.Pps[0].ToArray();
        _logger.LogInformation(
            "Stream '{Stream}' video: H.264 {Width}x{Height}, profile-level-id {ProfileLevelId}",
            Stream.Name,
            width,
            height,
            profileLevelId);
    }

    private void OnAvcFrame(uint timestamp, int compositionTime, bool keyframe, ReadOnlySpan<byte> data)
    {
        if (_packetizer is null || _video is null)
        {
            if (!_warnedVideoBeforeHeader)
            {
                _warnedVideoBeforeHeader = true;
                _logger.LogWarning("Stream '{Stream}': dropping H.264 frames that arrive before the AVC sequence header", Stream.Name);
            }

            return;
        }

        long decodeMs = _videoClock.Unwrap(timestamp);
        long presentationMs = decodeMs + compositionTime;
        Stream.Clock.Anchor(decodeMs, Stopwatch.GetTimestamp());
        long decode90k = decodeMs * (VideoClockRate / 1000);
        long presentation90k = presentationMs * (VideoClockRate / 1000);
        CheckBFrames(presentationMs, keyframe);
        if (_reencode is not null)
        {
            _reencode.Push(data, _nalLengthSize, _sourceSps, _sourcePps, decode90k, presentation90k);
            return;
        }

        BufferWhileUndecided(data, keyframe, decode90k, presentation90k);
        _lastForwardedPresentation90k = Math.Max(_lastForwardedPresentation90k, presentation90k);
        PacketizeAndPublish(data, _nalLengthSize, presentation90k);
    }

    /// <summary>Packetizes one access unit once and hands the packets to every viewer of the video track.</summary>
    private void PacketizeAndPublish(ReadOnlySpan<byte> data, int nalLengthSize, long presentation90k)
    {
        uint rtpTimestamp = unchecked(_videoRtpBase + (uint)presentation90k);
        if (!_packetizer!.PacketizeAvcc(data, nalLengthSize, rtpTimestamp, Stopwatch.GetTimestamp(), _packets))
        {
            ReleasePackets();
            throw new RtmpProtocolException($"malformed H.264 access unit: a NAL unit length runs past the {data.Length}-byte frame");
        }

        if (_packets.Count == 0)
        {
            return;
        }

        foreach (var packet in _packets)
        {
            _video!.PublishPacket(packet);
        }

        _video!.CountFrame(_packets[0].IsKeyframeStart);
        ReleasePackets();
    }

    /// <summary>Applies <see cref="RtmpServerOptions.BFrames"/> once the stream is known to reorder frames.</summary>
    private void CheckBFrames(long presentationMs, bool keyframe)
    {
        if (_bFrames is null || _bFrames.HasBFrames is not null)
        {
            return;
        }

        _bFrames.OnFrame(presentationMs, keyframe);
        if (_bFrames.HasBFrames == false)
        {
            _undecidedGop.Clear();
        }

        if (_bFrames.HasBFrames != true || _options.BFrames == BFramePolicy.Passthrough)
        {
            return;
        }

        if (_options.BFrames == BFramePolicy.Transcode && StartReencoding())
        {
            _logger.LogInformation("Stream '{Stream}': B-frames detected, re-encoding without them for WebRTC viewers", Stream.Name);
            return;
        }

        string reason = _options.BFrames == BFramePolicy.Transcode
            ? "H.264 with B-frames cannot be re-encoded on this server, and WebRTC players mishandle it"
            : "H.264 with B-frames is refused because WebRTC players mishandle it";
        throw new UnsupportedMediaException(
            reason + ": set B-frames to 0 (OBS: Settings → Output → Advanced → Streaming: x264 options 'bframes=0', "
            + "or 'Max B-frames' 0 for NVENC/QuickSync; ffmpeg: -bf 0).");
    }

    /// <summary>Keeps the current GOP while it is unknown whether the stream has B-frames, so a re-encoder can start at its keyframe.</summary>
    private void BufferWhileUndecided(ReadOnlySpan<byte> data, bool keyframe, long decode90k, long presentation90k)
    {
        if (_bFrames?.HasBFrames is not null || _options.BFrames != BFramePolicy.Transcode)
        {
            return;
        }

        if (keyframe)
        {
            _undecidedGop.Clear();
        }

        if (_undecidedGop.Count < MaxBufferedGopFrames)
        {
            _undecidedGop.Add((data.ToArray(), decode90k, presentation90k));
        }
    }

    private bool StartReencoding()
    {
        if (!FFmpegAvailability.IsAvailable || _video?.Width is not { } width || _video.Height is not { } height || _undecidedGop.Count == 0)
        {
            return false;
        }

        var metadata = Stream.Metadata;
        double frameRate = metadata.FrameRate is > 0 and < 240 ? metadata.FrameRate.Value : 30;
        int bitrate = metadata.VideoBitrateKbps is > 100 ? (int)(metadata.VideoBitrateKbps.Value * 1000) : 2_500_000;
        H264Reencoder reencoder;
        try
        {
            reencoder = new H264Reencoder(width, height, frameRate, bitrate, keyframeIntervalFrames: (int)Math.Round(frameRate * 2));
        }
        catch (Exception ex) when (ex is FFmpegException or NotSupportedException or InvalidOperationException)
        {
            _logger.LogWarning("Stream '{Stream}': cannot start the H.264 re-encoder: {Reason}", Stream.Name, ex.Message);
            return false;
        }

        _reencode = new VideoReencodePath(reencoder, PublishReencoded, _lastForwardedPresentation90k);
        _video.KeyframeRequested += _ => reencoder.RequestKeyframe();

        // The decoder must start at the GOP's keyframe: replay what was forwarded since, then the current frame follows.
        foreach (var (frame, decode90k, presentation90k) in _undecidedGop)
        {
            _reencode.Push(frame, _nalLengthSize, _sourceSps, _sourcePps, decode90k, presentation90k);
        }

        _undecidedGop.Clear();
        return true;
    }

    private void PublishReencoded(ReadOnlySpan<byte> avcc, long presentation90k, bool keyframe)
    {
        if (keyframe)
        {
            AdoptInBandParameterSets(avcc);
        }

        PacketizeAndPublish(avcc, 4, presentation90k);
    }

    /// <summary>The re-encoded stream has its own SPS/PPS; the track's codec and the packetizer follow them.</summary>
    private void AdoptInBandParameterSets(ReadOnlySpan<byte> avcc)
    {
        ReadOnlySpan<byte> sps = default;
        ReadOnlySpan<byte> pps = default;
        var reader = new AvccNalUnitReader(avcc, 4);
        while (reader.MoveNext())
        {
            var nal = reader.Current;
            if (nal.Length > 0 && (nal[0] & 0x1F) == 7)
            {
                sps = nal;
            }
            else if (nal.Length > 0 && (nal[0] & 0x1F) == 8)
            {
                pps = nal;
            }
        }

        if (sps.IsEmpty || pps.IsEmpty || sps.SequenceEqual(_reencodedSps))
        {
            return;
        }

        _reencodedSps = sps.ToArray();
        _packetizer!.SetParameterSets(sps, pps);
        if (H264SpsParser.TryParse(sps, out var parsed))
        {
            _video!.UpdateCodec(MediaCodec.H264(parsed.ProfileLevelId), _video.CodecConfig, parsed.Width, parsed.Height);
        }
    }

    private void OnAacSequenceHeader(ReadOnlySpan<byte> data)
    {
        var parsed = AudioSpecificConfig.Parse(data);
        if (!parsed.IsOk || parsed.Value is null)
        {
            throw new RtmpProtocolException($"malformed AAC sequence header: {parsed.Reason}");
        }

        _aac = parsed.Value;
        var codec = MediaCodec.Aac(_aac.OutputSampleRate, _aac.Channels, Convert.ToHexStringLower(_aac.Bytes.Span));
        if (_audio is null)
        {
            _audio = new MediaTrack("audio", MediaKind.Audio, codec, (uint)Random.Shared.NextInt64(1, uint.MaxValue));
            _audio.UpdateCodec(codec, _aac.Bytes);
            Stream.AddTrack(_audio);
        }
        else
        {
            _audio.UpdateCodec(codec, _aac.Bytes);
        }

        _logger.LogInformation("Stream '{Stream}' audio: {Config}", Stream.Name, _aac);
        StartOpusBridge(data);
    }

    /// <summary>Browsers cannot play AAC: transcode it to Opus on the codec bridge when FFmpeg is there.</summary>
    private void StartOpusBridge(ReadOnlySpan<byte> audioSpecificConfig)
    {
        _opus?.Dispose();
        _opus = null;
        if (!FFmpegAvailability.IsAvailable)
        {
            return;
        }

        try
        {
            _opus = new AacToOpusTranscoder(audioSpecificConfig, _options.OpusBitrate);
        }
        catch (Exception ex) when (ex is NotSupportedException or FFmpegException)
        {
            _logger.LogWarning("Stream '{Stream}': audio is not transcoded to Opus, viewers get video only: {Reason}", Stream.Name, ex.Message);
            return;
        }

        if (_opusTrack is null)
        {
            _opusTrack = new MediaTrack("audio-opus", MediaKind.Audio, MediaCodec.Opus(), (uint)Random.Shared.NextInt64(1, uint.MaxValue));
            _opusPublisher = new OpusRtpPublisher(_opusTrack, _pool);
            _opusTrack.UseMediaClock(Stream.Clock, _opusPublisher.TimestampBase);
            Stream.AddTrack(_opusTrack);
        }
    }

    private void OnAacFrame(uint timestamp, ReadOnlyMemory<byte> data)
    {
        if (_audio is null || _aac is null)
        {
            if (!_warnedAudioBeforeHeader)
            {
                _warnedAudioBeforeHeader = true;
                _logger.LogWarning("Stream '{Stream}': dropping AAC frames that arrive before the AAC sequence header", Stream.Name);
            }

            return;
        }

        // RTMP carries whole milliseconds, so frame times jitter by up to 1 ms; count samples instead and only
        // follow the RTMP clock when it moves away by more than a frame (a gap or an encoder clock jump).
        int rate = _aac.OutputSampleRate;
        long audioMs = _audioClock.Unwrap(timestamp);
        Stream.Clock.Anchor(audioMs, Stopwatch.GetTimestamp());
        long fromClock = audioMs * rate / 1000;
        int frameSamples = _aac.SamplesPerFrame * (_aac.OutputSampleRate / Math.Max(1, _aac.SampleRate));
        if (_nextAudioTimestamp < 0 || Math.Abs(fromClock - _nextAudioTimestamp) > frameSamples)
        {
            _nextAudioTimestamp = fromClock;
        }

        _audio.PublishFrame(new MediaFrame(data, _nextAudioTimestamp, true, Stopwatch.GetTimestamp()));
        if (_opus is not null)
        {
            long coreTimestamp = _nextAudioTimestamp * _opus.Config.SampleRate / rate;
            _opus.Push(data.Span, coreTimestamp, _opusPublisher!);
        }

        _nextAudioTimestamp += frameSamples;
    }

    private void ReleasePackets()
    {
        foreach (var packet in _packets)
        {
            packet.Release();
        }

        _packets.Clear();
    }
}
