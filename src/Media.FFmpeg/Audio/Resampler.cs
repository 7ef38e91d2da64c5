using Media.FFmpeg.Native;

namespace Media.FFmpeg.Audio;

/// <summary>swresample to 48 kHz interleaved float, configured from the decoded frames themselves.</summary>
/// <remarks>
/// Configuring lazily from AVFrame (not the ASC) copes with implicit SBR doubling the rate and with PCE layouts.
/// Mono stays mono here; the FIFO duplicates it so mono sources are not attenuated by swr's -3 dB upmix.
/// </remarks>
internal sealed unsafe class Resampler : IDisposable
{
    private SwrContextHandle? context;
    private int inputRate;
    private int inputFormat;
    private int inputChannels;
    private float[] output = new float[4096];

    /// <summary>Channels in the last <see cref="Convert"/> result (1 or 2).</summary>
    public int OutputChannels { get; private set; }

    /// <summary>Samples (at 48 kHz) held inside swresample's filter.</summary>
    public int DelaySamples => context is null ? 0 : (int)SwResample.swr_get_delay(context.Pointer, AacToOpusTranscoder.OutputSampleRate);

    /// <summary>Converts one decoded frame; the returned span is valid until the next call.</summary>
    public ReadOnlySpan<float> Convert(nint frame)
    {
        var rate = AvFields.FrameSampleRate(frame);
        var format = AvFields.FrameFormat(frame);
        var channels = AvFields.FrameChannels(frame);
        if (context is null || rate != inputRate || format != inputFormat || channels != inputChannels)
        {
            Configure(frame, rate, format, channels);
        }

        var inSamples = AvFields.FrameNbSamples(frame);
        var capacity = (int)(((long)(inSamples + DelaySamples) * AacToOpusTranscoder.OutputSampleRate / rate) + 64);
        if (capacity * OutputChannels > output.Length)
        {
            output = new float[capacity * OutputChannels];
        }

        fixed (float* outputPointer = output)
        {
            var planes = stackalloc byte*[1];
            planes[0] = (byte*)outputPointer;
            var converted = FFmpegError.Check(
                SwResample.swr_convert(context!.Pointer, planes, capacity, AvFields.FrameExtendedData(frame), inSamples),
                "swr_convert");
            return output.AsSpan(0, converted * OutputChannels);
        }
    }

    public void Dispose() => context?.Dispose();

    private void Configure(nint frame, int rate, int format, int channels)
    {
        context?.Dispose();
        context = null;
        OutputChannels = channels == 1 ? 1 : 2;
        var outLayout = stackalloc byte[FFmpegLayout.AVChannelLayout_size];
        AvUtil.av_channel_layout_default((nint)outLayout, OutputChannels);

        nint swr = 0;
        FFmpegError.Check(
            SwResample.swr_alloc_set_opts2(
                ref swr,
                (nint)outLayout,
                FFmpegLayout.AV_SAMPLE_FMT_FLT,
                AacToOpusTranscoder.OutputSampleRate,
                AvFields.FrameChLayout(frame),
                format,
                rate,
                0,
                0),
            "swr_alloc_set_opts2");
        var handle = new SwrContextHandle(swr);
        try
        {
            FFmpegError.Check(SwResample.swr_init(swr), "swr_init");
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        context = handle;
        inputRate = rate;
        inputFormat = format;
        inputChannels = channels;
    }
}
