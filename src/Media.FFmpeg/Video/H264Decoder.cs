using Media.FFmpeg.Native;

namespace Media.FFmpeg.Video;

/// <summary>libavcodec's native "h264" decoder fed with Annex B access units, so no extradata field is needed.</summary>
internal sealed unsafe class H264Decoder : IDisposable
{
    public const string CodecName = "h264";

    private readonly CodecContextHandle context;
    private readonly PacketHandle packet;
    private readonly FrameHandle frame;

    // Pinned so its address can sit in AVPacket.data; grown (rarely) to the largest access unit seen.
    private byte[] input = GC.AllocateArray<byte>((256 * 1024) + FFmpegLayout.AV_INPUT_BUFFER_PADDING_SIZE, pinned: true);

    public H264Decoder()
    {
        try
        {
            context = CodecOpener.Open(CodecName, encoder: false, ctx =>
            {
                CodecOpener.SetOption(ctx, "pkt_timebase", "1/90000");

                // Frame threading would add one frame of delay per thread; slices are cheap at SFU resolutions.
                CodecOpener.SetOption(ctx, "threads", 1);
            });
            packet = new PacketHandle(FFmpegError.CheckAlloc(AvCodec.av_packet_alloc(), "av_packet_alloc"));
            frame = new FrameHandle(FFmpegError.CheckAlloc(AvUtil.av_frame_alloc(), "av_frame_alloc"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The last decoded frame; valid until the next <see cref="TryReceive"/>.</summary>
    public nint Frame => frame.Pointer;

    /// <summary>Space for one Annex B access unit of <paramref name="length"/> bytes, to fill before <see cref="Send"/>.</summary>
    public Span<byte> GetInputBuffer(int length)
    {
        if (length + FFmpegLayout.AV_INPUT_BUFFER_PADDING_SIZE > input.Length)
        {
            input = GC.AllocateArray<byte>(length + (length / 2) + FFmpegLayout.AV_INPUT_BUFFER_PADDING_SIZE, pinned: true);
        }

        return input.AsSpan(0, length);
    }

    /// <summary>Sends the first <paramref name="length"/> bytes of the input buffer; returns the AVERROR code (negative when rejected).</summary>
    public int Send(int length, long pts, long dts)
    {
        // The bitstream reader may over-read into the padding, which must be zero.
        input.AsSpan(length, FFmpegLayout.AV_INPUT_BUFFER_PADDING_SIZE).Clear();
        var pkt = packet.Pointer;
        fixed (byte* data = input)
        {
            // Not ref-counted (buf == NULL), so libavcodec copies the bytes before returning.
            AvFields.PacketData(pkt) = data;
            AvFields.PacketSize(pkt) = length;
            AvFields.PacketPts(pkt) = pts;
            AvFields.PacketDts(pkt) = dts;
            var result = AvCodec.avcodec_send_packet(context.Pointer, pkt);
            AvFields.PacketData(pkt) = null;
            AvFields.PacketSize(pkt) = 0;
            return result;
        }
    }

    /// <summary>Signals end of stream so the decoder releases the frames it holds for reordering.</summary>
    public int SendFlush() => AvCodec.avcodec_send_packet(context.Pointer, 0);

    /// <summary>Fetches the next frame (presentation order) into <see cref="Frame"/>; returns the AVERROR code (EAGAIN when drained).</summary>
    public int TryReceive() => AvCodec.avcodec_receive_frame(context.Pointer, frame.Pointer);

    public void Dispose()
    {
        frame?.Dispose();
        packet?.Dispose();
        context?.Dispose();
    }
}
