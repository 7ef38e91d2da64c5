using Ingest.Rtmp.Amf;
using Ingest.Rtmp.Flv;
using Ingest.Rtmp.Protocol;
using Ingest.Rtmp.Publishing;
using Ingest.Rtmp.Server;
using Ingest.Rtmp.Tests.Flv;
using Ingest.Rtmp.Tests.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Codecs.H264;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Ingest.Rtmp.Tests.Publishing;

public sealed class RtmpPublisherTests
{
    private readonly StreamRegistry _registry = new();

    [Fact]
    public void RecordedSessionBecomesH264RtpAndAacFramesWithPresentationTimes()
    {
        var (stream, publisher) = Start("fixture");
        var sink = new Sink();
        stream.TrackAdded += (_, track) =>
        {
            if (track.Codec.Is("H264"))
            {
                track.AddPacketSink(sink);
            }

            track.AddFrameSink(sink);
        };

        var tags = FlvFixture.ReadTags(FlvFixture.HighAac48kStereo);
        foreach (var tag in tags)
        {
            Publish(publisher, tag);
        }

        var video = stream.FindTrack(MediaKind.Video)!;
        Assert.Equal(RtmpSessionScript.VideoFrames(FlvFixture.HighAac48kStereo), sink.AccessUnits.Count);
        Assert.Equal(sink.AccessUnits.Count, video.Counters.Frames);
        Assert.True(sink.AccessUnits[0].ContainsIdr);

        // PTS = DTS + composition time, at 90 kHz: for each coded tag the AU timestamp minus the first one.
        var coded = tags.Where(t => t.TagType == FlvFileTag.Video && FlvVideoTag.Parse(t.Body).PacketType == FlvVideoPacketType.CodedFrames).ToList();
        uint base0 = sink.AccessUnits[0].Timestamp - (uint)(90 * (coded[0].Timestamp + FlvVideoTag.Parse(coded[0].Body).CompositionTimeOffset));
        for (int i = 0; i < coded.Count; i++)
        {
            long pts = coded[i].Timestamp + FlvVideoTag.Parse(coded[i].Body).CompositionTimeOffset;
            Assert.Equal(unchecked(base0 + (uint)(pts * 90)), sink.AccessUnits[i].Timestamp);
        }

        var audio = stream.FindTrack(MediaKind.Audio)!;
        Assert.Equal("MPEG4-GENERIC", audio.Codec.Name);
        Assert.Equal(RtmpSessionScript.AudioFrames(FlvFixture.HighAac48kStereo), sink.AudioTimestamps.Count);
        Assert.All(sink.AudioTimestamps.Zip(sink.AudioTimestamps.Skip(1), (a, b) => b - a), step => Assert.Equal(1024, step));
    }

    [Fact]
    public void AacBecomesOpusRtpForBrowsers()
    {
        var (stream, publisher) = Start("opus");
        var opus = new OpusSink();
        stream.TrackAdded += (_, track) =>
        {
            if (track.Codec.Is("opus"))
            {
                track.AddPacketSink(opus);
            }
        };

        foreach (var tag in FlvFixture.ReadTags(FlvFixture.HighAac48kStereo))
        {
            Publish(publisher, tag);
        }

        publisher.Dispose();
        var track = stream.FindTrack("audio-opus")!;
        Assert.Equal((48000, 2), (track.Codec.ClockRate, track.Codec.Channels));

        // 0.5 s of AAC in; 20 ms Opus packets out, minus what the encoder still holds at the end.
        Assert.InRange(opus.Timestamps.Count, 20, 26);
        Assert.All(opus.Timestamps.Zip(opus.Timestamps.Skip(1), (a, b) => b - a), step => Assert.Equal(960u, step));
        Assert.All(opus.PayloadTypes, pt => Assert.Equal(111, pt));
    }

    [Fact]
    public void EnhancedRtmpAvc1IsAcceptedLikeLegacyAvc()
    {
        var (stream, publisher) = Start("enhanced");
        var sink = new Sink();
        stream.TrackAdded += (_, track) => track.AddPacketSink(sink);

        // Rewrite the fixture's legacy AVC tags as Enhanced RTMP: SequenceStart, CodedFrames (with CTS).
        foreach (var body in FlvFixture.Bodies(FlvFixture.HighAac48kStereo, FlvFileTag.Video))
        {
            bool key = body[0] >> 4 == 1;
            byte frameType = (byte)(key ? 1 : 2);
            byte[] enhanced = body[1] == 0
                ? [(byte)(0x80 | (frameType << 4) | 0), (byte)'a', (byte)'v', (byte)'c', (byte)'1', .. body.AsSpan(5)]
                : [(byte)(0x80 | (frameType << 4) | 1), (byte)'a', (byte)'v', (byte)'c', (byte)'1', .. body.AsSpan(2, 3), .. body.AsSpan(5)];
            publisher.OnVideo(0, enhanced);
        }

        Assert.Equal(RtmpSessionScript.VideoFrames(FlvFixture.HighAac48kStereo), sink.AccessUnits.Count);
        Assert.Equal("64001f", stream.FindTrack(MediaKind.Video)!.Codec.Parameters["profile-level-id"]);
    }

    [Fact]
    public void BFramesAreRefusedWithTheSettingToChangeWhenThePolicySaysReject()
    {
        var (_, publisher) = Start("bframes", BFramePolicy.Reject);
        var error = Assert.Throws<UnsupportedMediaException>(() =>
        {
            foreach (var tag in FlvFixture.ReadTags(FlvFixture.HighAac48kStereo))
            {
                Publish(publisher, tag);
            }
        });
        Assert.Contains("bframes=0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamsWithoutBFramesPassEvenWhenThePolicyRejectsThem()
    {
        var (stream, publisher) = Start("no-bframes", BFramePolicy.Reject);
        foreach (var tag in FlvFixture.ReadTags(FlvFixture.BaselineAac44kMono))
        {
            Publish(publisher, tag);
        }

        Assert.Equal(RtmpSessionScript.VideoFrames(FlvFixture.BaselineAac44kMono), stream.FindTrack(MediaKind.Video)!.Counters.Frames);
    }

    [Fact]
    public void FramesBeforeTheSequenceHeaderAreDroppedNotFatal()
    {
        var (stream, publisher) = Start("early");
        var videoTags = FlvFixture.Bodies(FlvFixture.HighAac48kStereo, FlvFileTag.Video);
        publisher.OnVideo(0, videoTags[1]);
        Assert.Empty(stream.Tracks);
        publisher.OnVideo(0, videoTags[0]);
        Assert.NotNull(stream.FindTrack(MediaKind.Video));
    }

    [Theory]
    [InlineData(new byte[] { 0x2A, 0x01 }, "MP3")]
    [InlineData(new byte[] { 0xB2, 0x01 }, "Speex")]
    public void UnsupportedAudioIsRefusedWithTheCodecNamed(byte[] body, string codec)
    {
        var (_, publisher) = Start("audio-" + codec);
        var error = Assert.Throws<UnsupportedMediaException>(() => publisher.OnAudio(0, body));
        Assert.Contains(codec, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedAvcSequenceHeaderIsAProtocolError()
    {
        var (_, publisher) = Start("bad-avc");
        Assert.Throws<RtmpProtocolException>(() => publisher.OnVideo(0, new byte[] { 0x17, 0, 0, 0, 0, 1, 0x64 }));
    }

    [Fact]
    public void NalLengthPastTheFrameIsAProtocolError()
    {
        var (_, publisher) = Start("bad-nal");
        publisher.OnVideo(0, FlvFixture.Bodies(FlvFixture.HighAac48kStereo, FlvFileTag.Video)[0]);
        Assert.Throws<RtmpProtocolException>(() => publisher.OnVideo(0, new byte[] { 0x27, 1, 0, 0, 0, 0, 0, 0x10, 0, 0x41, 0x9A }));
    }

    [Fact]
    public void MetadataIsKept()
    {
        var (stream, publisher) = Start("meta");
        publisher.OnMetadata(new AmfObject(5)
        {
            ["width"] = 1920.0,
            ["height"] = 1080.0,
            ["framerate"] = 60.0,
            ["videocodecid"] = 7.0,
            ["audiocodecid"] = (double)0x6D703461, // 'mp4a' as Enhanced RTMP sends it
            ["videodatarate"] = 6000.0,
            ["audiodatarate"] = 160.0,
            ["audiosamplerate"] = 48000.0,
            ["stereo"] = true,
            ["encoder"] = "obs-output module (libobs version 30.0.0)",
        });

        var metadata = stream.Metadata;
        Assert.Equal((1920, 1080, 60.0), (metadata.Width, metadata.Height, metadata.FrameRate));
        Assert.Equal(("7", "mp4a"), (metadata.VideoCodec, metadata.AudioCodec));
        Assert.Equal((6000.0, 160.0, 48000.0, 2), (metadata.VideoBitrateKbps, metadata.AudioBitrateKbps, metadata.AudioSampleRate, metadata.AudioChannels));
        Assert.StartsWith("obs-output", metadata.Encoder, StringComparison.Ordinal);
    }

    private (LiveStream Stream, RtmpPublisher Publisher) Start(string name, BFramePolicy bFrames = BFramePolicy.Passthrough)
    {
        Assert.True(_registry.TryStart(name, new PublisherEndpoint("test", "local"), out var stream));
        return (stream, new RtmpPublisher(stream, new RtmpServerOptions { BFrames = bFrames }, new RtpPacketPool(), NullLogger.Instance));
    }

    private static void Publish(RtmpPublisher publisher, FlvFileTag tag)
    {
        if (tag.TagType == FlvFileTag.Video)
        {
            publisher.OnVideo(tag.Timestamp, tag.Body);
        }
        else if (tag.TagType == FlvFileTag.Audio)
        {
            publisher.OnAudio(tag.Timestamp, tag.Body);
        }
    }

    private sealed class OpusSink : IRtpPacketSink
    {
        public List<uint> Timestamps { get; } = [];

        public List<int> PayloadTypes { get; } = [];

        public void OnPacket(MediaTrack track, RtpPacket packet)
        {
            Timestamps.Add(packet.Timestamp);
            PayloadTypes.Add(packet.PayloadType);
        }
    }

    private sealed class Sink : IRtpPacketSink, IMediaFrameSink
    {
        private readonly H264Depacketizer _depacketizer = new();

        public List<H264AccessUnit> AccessUnits { get; } = [];

        public List<long> AudioTimestamps { get; } = [];

        public void OnPacket(MediaTrack track, RtpPacket packet)
        {
            if (_depacketizer.Push(packet, out var unit) == H264DepacketizerStatus.Completed)
            {
                AccessUnits.Add(unit!);
            }
        }

        public void OnFrame(MediaTrack track, in MediaFrame frame) => AudioTimestamps.Add(frame.Timestamp);
    }
}
