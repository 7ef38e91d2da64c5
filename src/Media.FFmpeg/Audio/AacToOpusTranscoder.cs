using Media.FFmpeg.Native;

namespace Media.FFmpeg.Audio;

/// <summary>Transcodes raw AAC frames (as carried by RTMP/FLV) into 20 ms 48 kHz stereo Opus packets with a gap-aware timeline.</summary>
/// <remarks>
/// Not thread-safe: one instance per audio track, driven by one thread at a time.
/// Gaps: when an input timestamp jumps forward by at least half an AAC frame, the partial 20 ms frame is completed
/// with silence (at most 959 samples), and the output timeline jumps by the remaining gap rounded to 960; no further
/// silence is encoded, so receivers see a timestamp jump (as with packet loss) rather than fabricated audio.
/// A frame the decoder rejects is counted in <see cref="DecodeErrors"/> and treated like a gap of its duration.
/// Backward jumps only resynchronise the input clock; the output timeline never goes backwards.
/// </remarks>
public sealed class AacToOpusTranscoder : IDisposable
{
    /// <summary>Opus output rate (and RTP clock rate).</summary>
    public const int OutputSampleRate = 48000;

    /// <summary>Output channels.</summary>
    public const int OutputChannels = 2;

    /// <summary>Samples per Opus packet (20 ms at 48 kHz).</summary>
    public const int FrameSamples = 960;

    private readonly AacDecoder decoder;
    private readonly Resampler resampler;
    private readonly OpusEncoder encoder;
    private readonly StereoSampleFifo fifo = new(OutputSampleRate / 10);
    private long? expectedInputTimestamp;
    private long nextOutputTimestamp;
    private bool flushed;
    private bool disposed;

    /// <summary>Parses the AudioSpecificConfig and opens decoder, resampler and encoder.</summary>
    /// <exception cref="InvalidOperationException">FFmpeg is not available (see <see cref="FFmpegAvailability.Reason"/>).</exception>
    /// <exception cref="NotSupportedException">The AAC profile/layout cannot be transcoded.</exception>
    public AacToOpusTranscoder(ReadOnlySpan<byte> audioSpecificConfig, int bitrate = 96000, int packetLossPercent = 10)
    {
        Config = AacAudioSpecificConfig.Parse(audioSpecificConfig);
        ArgumentOutOfRangeException.ThrowIfLessThan(bitrate, 6000);
        ArgumentOutOfRangeException.ThrowIfNegative(packetLossPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packetLossPercent, 100);
        FFmpegAvailability.EnsureAvailable();
        resampler = new Resampler();
        try
        {
            decoder = new AacDecoder(Config);
            encoder = new OpusEncoder(bitrate, packetLossPercent);
        }
        catch
        {
            decoder?.Dispose();
            resampler.Dispose();
            throw;
        }
    }

    /// <summary>The parsed input configuration; input timestamps are in units of its <see cref="AacAudioSpecificConfig.SampleRate"/>.</summary>
    public AacAudioSpecificConfig Config { get; }

    /// <summary>AAC frames the decoder rejected (skipped).</summary>
    public long DecodeErrors { get; private set; }

    /// <summary>Forward timestamp gaps detected in the input.</summary>
    public long Gaps { get; private set; }

    /// <summary>Opus packets emitted.</summary>
    public long PacketsProduced { get; private set; }

    /// <summary>Encoder lookahead (libopus pre-skip) in 48 kHz samples; decoded audio lags packet timestamps by this much.</summary>
    public int EncoderDelaySamples => encoder.InitialPadding;

    /// <summary>Current latency this stage adds in 48 kHz samples: FIFO fill + resampler filter delay + encoder lookahead.</summary>
    public int AddedLatencySamples => fifo.Count + resampler.DelaySamples + encoder.InitialPadding;

    /// <summary><see cref="AddedLatencySamples"/> as time.</summary>
    public TimeSpan AddedLatency => TimeSpan.FromSeconds((double)AddedLatencySamples / OutputSampleRate);

    /// <summary>Decodes one raw AAC frame (no ADTS header) and emits every Opus packet that became complete.</summary>
    /// <param name="aacFrame">One raw_data_block as in an FLV AAC raw packet.</param>
    /// <param name="timestamp">Presentation time in <see cref="Config"/> sample-rate units.</param>
    /// <param name="sink">Receives packets synchronously.</param>
    public void Push(ReadOnlySpan<byte> aacFrame, long timestamp, IOpusPacketSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (flushed)
        {
            throw new InvalidOperationException("The transcoder was flushed; create a new one for a new stream.");
        }

        AdvanceInputClock(timestamp, sink);

        var result = decoder.Send(aacFrame);
        if (result < 0 && result != FFmpegLayout.AVERROR_EAGAIN)
        {
            DecodeErrors++;
            expectedInputTimestamp = timestamp; // the next frame then looks like a one-frame gap
            return;
        }

        while ((result = decoder.TryReceive()) >= 0)
        {
            fifo.Write(resampler.Convert(decoder.Frame), resampler.OutputChannels);
        }

        if (result != FFmpegLayout.AVERROR_EAGAIN)
        {
            DecodeErrors++;
        }

        EncodeWholeFrames(sink);
    }

    /// <summary>Encodes what is buffered (padding the last frame) and drains the encoder; ends the stream.</summary>
    public void Flush(IOpusPacketSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (flushed)
        {
            return;
        }

        PadPartialFrame(sink);
        encoder.SendFlush();
        Drain(sink);
        flushed = true;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        encoder.Dispose();
        decoder.Dispose();
        resampler.Dispose();
    }

    private void AdvanceInputClock(long timestamp, IOpusPacketSink sink)
    {
        if (expectedInputTimestamp is not { } expected)
        {
            nextOutputTimestamp = ToOutputRate(timestamp);
        }
        else if (timestamp - expected >= AacAudioSpecificConfig.SamplesPerFrame / 2)
        {
            Gaps++;
            var padded = PadPartialFrame(sink);
            var gap = ToOutputRate(timestamp - expected) - padded;
            var frames = Math.Max(0, (gap + (FrameSamples / 2)) / FrameSamples);
            nextOutputTimestamp += frames * FrameSamples;
        }

        expectedInputTimestamp = timestamp + AacAudioSpecificConfig.SamplesPerFrame;
    }

    private long ToOutputRate(long inputSamples) => inputSamples * OutputSampleRate / Config.SampleRate;

    private int PadPartialFrame(IOpusPacketSink sink)
    {
        var partial = fifo.Count % FrameSamples;
        if (partial == 0)
        {
            return 0;
        }

        fifo.WriteSilence(FrameSamples - partial);
        EncodeWholeFrames(sink);
        return FrameSamples - partial;
    }

    private void EncodeWholeFrames(IOpusPacketSink sink)
    {
        while (fifo.Count >= FrameSamples)
        {
            fifo.Read(encoder.GetFrameBuffer());
            encoder.SendFrame();
            Drain(sink);
        }
    }

    private void Drain(IOpusPacketSink sink)
    {
        while (encoder.TryReceive())
        {
            var timestamp = nextOutputTimestamp;
            nextOutputTimestamp += FrameSamples;
            PacketsProduced++;
            try
            {
                sink.OnPacket(new OpusPacket(encoder.PacketData, timestamp));
            }
            finally
            {
                AvCodec.av_packet_unref(encoder.Packet);
            }
        }
    }
}
