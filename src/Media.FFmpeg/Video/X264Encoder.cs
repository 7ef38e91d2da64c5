using System.Globalization;
using Media.FFmpeg.Native;

namespace Media.FFmpeg.Video;

/// <summary>libavcodec "libx264" encoder configured for WebRTC: no B-frames, no lookahead, Annex B with in-band SPS/PPS on every IDR.</summary>
internal sealed unsafe class X264Encoder : IDisposable
{
    public const string CodecName = "libx264";

    private readonly CodecContextHandle context;
    private readonly PacketHandle packet;

    public X264Encoder(int width, int height, double frameRate, int bitrate, int keyframeIntervalFrames, string preset, int threads)
    {
        var (rateNum, rateDen) = ToRational(frameRate);
        try
        {
            context = CodecOpener.Open(CodecName, encoder: true, ctx =>
            {
                CodecOpener.SetOption(ctx, "video_size", string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"));
                CodecOpener.SetOption(ctx, "pixel_format", "yuv420p");
                CodecOpener.SetOption(ctx, "time_base", "1/90000");
                AvFields.SetCodecFramerate(ctx, rateNum, rateDen);
                CodecOpener.SetOption(ctx, "b", bitrate);

                // A one-second VBV capped at the target keeps the rate steady enough for WebRTC congestion control.
                CodecOpener.SetOption(ctx, "maxrate", bitrate);
                CodecOpener.SetOption(ctx, "bufsize", bitrate);
                CodecOpener.SetOption(ctx, "g", keyframeIntervalFrames);
                CodecOpener.SetOption(ctx, "bf", 0);
                CodecOpener.SetOption(ctx, "threads", threads);

                // The remaining names exist only as libx264 private options, reached via AV_OPT_SEARCH_CHILDREN
                // (which also makes "profile" hit the private string option rather than the context's int).
                CodecOpener.SetOption(ctx, "preset", preset);
                CodecOpener.SetOption(ctx, "tune", "zerolatency");
                CodecOpener.SetOption(ctx, "profile", "high");
                CodecOpener.SetOption(ctx, "forced-idr", 1);

                // Late joiners and lossy paths need SPS/PPS in front of every IDR; without GLOBAL_HEADER, output stays Annex B.
                CodecOpener.SetOption(ctx, "x264-params", "repeat-headers=1");
            });
            packet = new PacketHandle(FFmpegError.CheckAlloc(AvCodec.av_packet_alloc(), "av_packet_alloc"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The last received packet; valid until the next <see cref="TryReceive"/>.</summary>
    public nint Packet => packet.Pointer;

    public ReadOnlySpan<byte> PacketData => new(AvFields.PacketData(packet.Pointer), AvFields.PacketSize(packet.Pointer));

    public long PacketPts => AvFields.PacketPts(packet.Pointer);

    public bool PacketIsKey => (AvFields.PacketFlags(packet.Pointer) & FFmpegLayout.AV_PKT_FLAG_KEY) != 0;

    /// <summary>Sends a yuv420p frame of the configured size; its pts (1/90000) and pict_type (I = force IDR) are read.</summary>
    public void Send(nint frame) => FFmpegError.Check(AvCodec.avcodec_send_frame(context.Pointer, frame), "avcodec_send_frame");

    /// <summary>Signals end of stream so the encoder emits what it still holds.</summary>
    public void SendFlush() => FFmpegError.Check(AvCodec.avcodec_send_frame(context.Pointer, 0), "avcodec_send_frame(flush)");

    /// <summary>True when a packet is available in <see cref="Packet"/>.</summary>
    public bool TryReceive()
    {
        var result = AvCodec.avcodec_receive_packet(context.Pointer, packet.Pointer);
        return result != FFmpegLayout.AVERROR_EAGAIN && result != FFmpegLayout.AVERROR_EOF
            && FFmpegError.Check(result, "avcodec_receive_packet") >= 0;
    }

    public void Dispose()
    {
        packet?.Dispose();
        context?.Dispose();
    }

    /// <summary>Exact for integer and NTSC (x/1.001) rates, millihertz precision otherwise.</summary>
    internal static (int Num, int Den) ToRational(double frameRate)
    {
        if (Math.Abs(frameRate - Math.Round(frameRate)) < 1e-6)
        {
            return ((int)Math.Round(frameRate), 1);
        }

        var ntsc = frameRate * 1.001;
        return Math.Abs(ntsc - Math.Round(ntsc)) < 1e-3
            ? ((int)Math.Round(ntsc) * 1000, 1001)
            : ((int)Math.Round(frameRate * 1000), 1000);
    }
}
