using Media.FFmpeg.Native;

namespace Media.FFmpeg.Tests.Support;

/// <summary>Decodes Opus packets back to interleaved float PCM through libavcodec's "libopus" decoder.</summary>
public sealed unsafe class OpusTestDecoder : IDisposable
{
    private readonly CodecContextHandle context = CodecOpener.Open("libopus", encoder: false);
    private readonly PacketHandle packet = new(AvCodec.av_packet_alloc());
    private readonly FrameHandle frame = new(AvUtil.av_frame_alloc());

    public List<float> Samples { get; } = [];

    public HashSet<(int Rate, int Channels)> Formats { get; } = [];

    public void Decode(byte[] data)
    {
        fixed (byte* pointer = GC.AllocateArray<byte>(data.Length + FFmpegLayout.AV_INPUT_BUFFER_PADDING_SIZE))
        {
            new ReadOnlySpan<byte>(data).CopyTo(new Span<byte>(pointer, data.Length));
            AvFields.PacketData(packet.Pointer) = pointer;
            AvFields.PacketSize(packet.Pointer) = data.Length;
            FFmpegError.Check(AvCodec.avcodec_send_packet(context.Pointer, packet.Pointer), "avcodec_send_packet");
            AvFields.PacketData(packet.Pointer) = null;
            AvFields.PacketSize(packet.Pointer) = 0;
        }

        while (AvCodec.avcodec_receive_frame(context.Pointer, frame.Pointer) >= 0)
        {
            var f = frame.Pointer;
            var channels = AvFields.FrameChannels(f);
            Formats.Add((AvFields.FrameSampleRate(f), channels));
            var count = AvFields.FrameNbSamples(f) * channels;
            var format = AvFields.FrameFormat(f);
            for (var i = 0; i < count; i++)
            {
                Samples.Add(format == FFmpegLayout.AV_SAMPLE_FMT_FLT
                    ? ((float*)AvFields.FrameData0(f))[i]
                    : ((short*)AvFields.FrameData0(f))[i] / 32768f);
            }
        }
    }

    public void Dispose()
    {
        frame.Dispose();
        packet.Dispose();
        context.Dispose();
    }
}
