using System.Diagnostics;
using Ingest.Rtmp.Amf;
using Ingest.Rtmp.Flv;
using Ingest.Rtmp.Protocol;
using Ingest.Rtmp.Server;
using Media.FFmpeg.Audio;
using Microsoft.Extensions.Logging;
using Sfu.Core.Codecs.H264;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Ingest.Rtmp.Publishing;

/// <summary>Turns one encoder's FLV video/audio messages into the stream's tracks: H.264 as RTP, packetized once; AAC as frames.</summary>
internal sealed partial class RtmpPublisher : IDisposable
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
            // A reconnecting encoder continues the track its viewers are subscribed to.
            var existing = Stream.FindTrack("video");
            _video = existing ?? new MediaTrack("video", MediaKind.Video, codec, (uint)Random.Shared.NextInt64(1, uint.MaxValue));
            _packetizer = new H264Packetizer(VideoPayloadType, _video.Ssrc, (ushort)Random.Shared.Next(0, 65536), _pool, _options.MaxRtpPayloadSize);
            _video.UseMediaClock(Stream.Clock, _videoRtpBase);
            _video.UpdateCodec(codec, record.Bytes, width, height);
            if (existing is null)
            {
                Stream.AddTrack(_video);
            }
            else
            {
                _video.BeginNewSource();
            }
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

        _video.Counters.NoteSourceFrame();
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

        _video!.PublishPackets(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_packets));
        _video!.CountFrame(_packets[0].IsKeyframeStart);
        ReleasePackets();
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
