using Media.FFmpeg.Native;

namespace Media.FFmpeg.Audio;

/// <summary>libavcodec "libopus" encoder: 48 kHz stereo float, 20 ms frames, in-band FEC.</summary>
internal sealed unsafe class OpusEncoder : IDisposable
{
    private readonly CodecContextHandle context;
    private readonly FrameHandle frame;
    private readonly PacketHandle packet;
    private long pts;

    public OpusEncoder(int bitrate, int packetLossPercent)
    {
        try
        {
            context = CodecOpener.Open(FFmpegAvailability.OpusEncoderName, encoder: true, ctx =>
            {
                CodecOpener.SetOption(ctx, "ar", AacToOpusTranscoder.OutputSampleRate);
                CodecOpener.SetOption(ctx, "ch_layout", "stereo");
                CodecOpener.SetOption(ctx, "time_base", $"1/{AacToOpusTranscoder.OutputSampleRate}");
                CodecOpener.SetOption(ctx, "b", bitrate);
                CodecOpener.SetOption(ctx, "frame_duration", "20");
                CodecOpener.SetOption(ctx, "application", "audio");
                CodecOpener.SetOption(ctx, "fec", 1);
                CodecOpener.SetOption(ctx, "packet_loss", packetLossPercent);
                // sample_fmt is not an AVOption in FFmpeg 5.1, hence the one struct write.
                AvFields.CodecSampleFmt(ctx) = FFmpegLayout.AV_SAMPLE_FMT_FLT;
            });

            var frameSize = AvFields.CodecFrameSize(context.Pointer);
            if (frameSize != AacToOpusTranscoder.FrameSamples)
            {
                throw new FFmpegException($"libopus opened with frame_size {frameSize}, expected {AacToOpusTranscoder.FrameSamples}");
            }

            InitialPadding = AvFields.CodecInitialPadding(context.Pointer);
            packet = new PacketHandle(FFmpegError.CheckAlloc(AvCodec.av_packet_alloc(), "av_packet_alloc"));
            frame = new FrameHandle(FFmpegError.CheckAlloc(AvUtil.av_frame_alloc(), "av_frame_alloc"));
            var f = frame.Pointer;
            AvFields.FrameNbSamples(f) = AacToOpusTranscoder.FrameSamples;
            AvFields.FrameFormat(f) = FFmpegLayout.AV_SAMPLE_FMT_FLT;
            AvFields.FrameSampleRate(f) = AacToOpusTranscoder.OutputSampleRate;
            AvUtil.av_channel_layout_default(AvFields.FrameChLayout(f), AacToOpusTranscoder.OutputChannels);
            FFmpegError.Check(AvUtil.av_frame_get_buffer(f, 0), "av_frame_get_buffer");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Encoder lookahead in 48 kHz samples (libopus reports its pre-skip here).</summary>
    public int InitialPadding { get; }

    /// <summary>The last received packet; valid until the next <see cref="TryReceive"/>.</summary>
    public nint Packet => packet.Pointer;

    /// <summary>Frame samples to fill (interleaved stereo) before <see cref="SendFrame"/>.</summary>
    public Span<float> GetFrameBuffer()
    {
        var f = frame.Pointer;
        // The encoder may still reference the previous buffer; make_writable only copies in that case.
        FFmpegError.Check(AvUtil.av_frame_make_writable(f), "av_frame_make_writable");
        return new Span<float>(AvFields.FrameData0(f), AacToOpusTranscoder.FrameSamples * AacToOpusTranscoder.OutputChannels);
    }

    public void SendFrame()
    {
        AvFields.FramePts(frame.Pointer) = pts;
        pts += AacToOpusTranscoder.FrameSamples;
        FFmpegError.Check(AvCodec.avcodec_send_frame(context.Pointer, frame.Pointer), "avcodec_send_frame");
    }

    /// <summary>Signals end of stream so the encoder emits its remaining lookahead.</summary>
    public void SendFlush() => FFmpegError.Check(AvCodec.avcodec_send_frame(context.Pointer, 0), "avcodec_send_frame(flush)");

    /// <summary>True when a packet is available in <see cref="Packet"/>.</summary>
    public bool TryReceive()
    {
        var result = AvCodec.avcodec_receive_packet(context.Pointer, packet.Pointer);
        return result == FFmpegLayout.AVERROR_EAGAIN || result == FFmpegLayout.AVERROR_EOF
            ? false
            : FFmpegError.Check(result, "avcodec_receive_packet") >= 0;
    }

    public ReadOnlySpan<byte> PacketData => new(AvFields.PacketData(packet.Pointer), AvFields.PacketSize(packet.Pointer));

    public void Dispose()
    {
        frame?.Dispose();
        packet?.Dispose();
        context?.Dispose();
    }
}
