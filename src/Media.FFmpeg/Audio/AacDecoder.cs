using Media.FFmpeg.Native;

namespace Media.FFmpeg.Audio;

/// <summary>libavcodec "aac" decoder fed with raw frames re-framed as ADTS, so no extradata field is needed.</summary>
internal sealed unsafe class AacDecoder : IDisposable
{
    private readonly AacAudioSpecificConfig config;
    private readonly CodecContextHandle context;
    private readonly PacketHandle packet;
    private readonly FrameHandle frame;

    // Pinned so its address can sit in AVPacket.data; the tail stays zero as FFmpeg's required input padding.
    private byte[] input = GC.AllocateArray<byte>(2048 + FFmpegLayout.AV_INPUT_BUFFER_PADDING_SIZE, pinned: true);

    public AacDecoder(AacAudioSpecificConfig config)
    {
        this.config = config;
        try
        {
            context = CodecOpener.Open(FFmpegAvailability.AacDecoderName, encoder: false);
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

    /// <summary>Sends one raw AAC frame; returns the AVERROR code (negative when the frame was rejected).</summary>
    public int Send(ReadOnlySpan<byte> rawFrame)
    {
        var length = AdtsHeader.Length + rawFrame.Length;
        if (length > AdtsHeader.MaxFrameLength)
        {
            return FFmpegLayout.AVERROR_INVALIDDATA;
        }

        if (length + FFmpegLayout.AV_INPUT_BUFFER_PADDING_SIZE > input.Length)
        {
            input = GC.AllocateArray<byte>(AdtsHeader.MaxFrameLength + 1 + FFmpegLayout.AV_INPUT_BUFFER_PADDING_SIZE, pinned: true);
        }

        AdtsHeader.Write(input, config, rawFrame.Length);
        rawFrame.CopyTo(input.AsSpan(AdtsHeader.Length));
        input.AsSpan(length, FFmpegLayout.AV_INPUT_BUFFER_PADDING_SIZE).Clear();

        var pkt = packet.Pointer;
        fixed (byte* data = input)
        {
            // Not ref-counted (buf == NULL), so libavcodec copies the bytes before returning.
            AvFields.PacketData(pkt) = data;
            AvFields.PacketSize(pkt) = length;
            var result = AvCodec.avcodec_send_packet(context.Pointer, pkt);
            AvFields.PacketData(pkt) = null;
            AvFields.PacketSize(pkt) = 0;
            return result;
        }
    }

    /// <summary>Fetches the next decoded frame into <see cref="Frame"/>; returns the AVERROR code when none (EAGAIN when drained).</summary>
    public int TryReceive() => AvCodec.avcodec_receive_frame(context.Pointer, frame.Pointer);

    public void Dispose()
    {
        frame?.Dispose();
        packet?.Dispose();
        context?.Dispose();
    }
}
