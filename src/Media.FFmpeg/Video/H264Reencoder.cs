using Media.FFmpeg.Native;

namespace Media.FFmpeg.Video;

/// <summary>Re-encodes an H.264 stream (AVCC access units as RTMP carries them) into a WebRTC-friendly one without B-frames.</summary>
/// <remarks>
/// Decodes with FFmpeg's native "h264" decoder and encodes with libx264 (zerolatency, no B-frames, High profile,
/// IDRs with in-band SPS/PPS). Not thread-safe except <see cref="RequestKeyframe"/>: one instance per video track,
/// driven by one thread at a time. Only 8-bit yuv420p sources of the configured size are encoded; other frames
/// (yuvj420p, 4:2:2, 10-bit, a resolution change) are skipped and counted in <see cref="UnsupportedFrames"/>, so
/// create a new instance when the publisher's sequence header changes the resolution.
/// </remarks>
public sealed class H264Reencoder : IDisposable
{
    private const int LatencySlots = 64;

    private readonly int width;
    private readonly int height;
    private readonly double frameRate;
    private readonly H264Decoder decoder;
    private readonly X264Encoder encoder;
    private readonly LatencyTracker latency = new(LatencySlots);
    private byte[] output = new byte[256 * 1024];
    private byte[] lastSps = [];
    private byte[] lastPps = [];
    private bool headersSent;
    private long lastEncodedPts = long.MinValue;
    private int keyframeRequested;
    private bool flushed;
    private bool disposed;

    /// <summary>Opens the decoder and the libx264 encoder.</summary>
    /// <param name="width">Expected (and output) width of the source.</param>
    /// <param name="height">Expected (and output) height of the source.</param>
    /// <param name="frameRate">Nominal source rate; drives x264's rate control and <see cref="AddedLatency"/>.</param>
    /// <param name="bitrate">Target (and maximum) bitrate in bit/s.</param>
    /// <param name="keyframeIntervalFrames">Frames between periodic IDRs (GOP length).</param>
    /// <param name="preset">x264 preset; veryfast is a CPU/quality balance suitable for many streams per host.</param>
    /// <param name="threads">x264 threads; 1 maximises streams per host, more lowers per-frame encode time (sliced threads add no delay).</param>
    /// <exception cref="InvalidOperationException">FFmpeg is not available (see <see cref="FFmpegAvailability.Reason"/>).</exception>
    /// <exception cref="FFmpegException">The h264 decoder or libx264 encoder is missing or rejected the settings.</exception>
    public H264Reencoder(int width, int height, double frameRate, int bitrate, int keyframeIntervalFrames, string preset = "veryfast", int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(bitrate, 10_000);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyframeIntervalFrames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentException.ThrowIfNullOrWhiteSpace(preset);
        FFmpegAvailability.EnsureAvailable();
        this.width = width;
        this.height = height;
        this.frameRate = frameRate;
        decoder = new H264Decoder();
        try
        {
            encoder = new X264Encoder(width, height, frameRate, bitrate, keyframeIntervalFrames, preset, threads);
        }
        catch
        {
            decoder.Dispose();
            throw;
        }
    }

    /// <summary>Access units passed to <see cref="Push"/>.</summary>
    public long FramesIn { get; private set; }

    /// <summary>Access units delivered to sinks.</summary>
    public long FramesOut { get; private set; }

    /// <summary>Access units that were malformed or that the decoder rejected (skipped).</summary>
    public long DecodeErrors { get; private set; }

    /// <summary>Decoded frames not in yuv420p or not of the configured size (skipped).</summary>
    public long UnsupportedFrames { get; private set; }

    /// <summary>Decoded frames without a timestamp or not after the previous one (skipped to keep output pts strictly increasing).</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>Measured mean delay, in pushed access units, between an access unit's Push and the output carrying its pts.</summary>
    /// <remarks>
    /// Decoder reorder plus encoder delay (libx264 with zerolatency holds none). Counted from arrival in decode order,
    /// so with a B-frame source anchor frames wait for the B-frames shown before them, which a B-frame-capable player
    /// would wait for too; <see cref="MaxAddedLatencyFrames"/> shows that worst case.
    /// </remarks>
    public double AddedLatencyFrames => latency.Mean;

    /// <summary>Delay of the most recent output, in pushed access units.</summary>
    public int LastAddedLatencyFrames => latency.Last;

    /// <summary>Largest delay seen, in pushed access units.</summary>
    public int MaxAddedLatencyFrames => latency.Max;

    /// <summary><see cref="AddedLatencyFrames"/> at the nominal frame rate, excluding CPU time.</summary>
    public TimeSpan AddedLatency => TimeSpan.FromSeconds(latency.Mean / frameRate);

    /// <summary>Makes the next encoded frame an IDR (with SPS/PPS); safe to call from any thread, e.g. on an RTCP PLI/FIR.</summary>
    public void RequestKeyframe() => Volatile.Write(ref keyframeRequested, 1);

    /// <summary>Decodes one access unit and delivers every re-encoded access unit that became ready.</summary>
    /// <param name="avccAccessUnit">NAL units with big-endian length prefixes (the FLV/RTMP AVC NALU payload).</param>
    /// <param name="nalLengthSize">Prefix size from the AVCDecoderConfigurationRecord (lengthSizeMinusOne + 1).</param>
    /// <param name="sps">Current SPS (without prefix); sent in-band before IDRs and whenever it changes. May be empty if in-band.</param>
    /// <param name="pps">Current PPS (without prefix), handled like <paramref name="sps"/>.</param>
    /// <param name="dts90k">Decode time in 1/90000 s.</param>
    /// <param name="pts90k">Presentation time in 1/90000 s.</param>
    /// <param name="sink">Receives the output, synchronously.</param>
    public void Push(ReadOnlySpan<byte> avccAccessUnit, int nalLengthSize, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps, long dts90k, long pts90k, IEncodedVideoSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (flushed)
        {
            throw new InvalidOperationException("Push after Flush; create a new H264Reencoder for a new stream.");
        }

        FramesIn++;
        if (!H264Nal.TryMeasureAvcc(avccAccessUnit, nalLengthSize, out var length, out var hasIdr))
        {
            DecodeErrors++;
            return;
        }

        // Always repeating parameter sets before IDRs lets decoding (re)start at any keyframe, e.g. after garbage.
        var prefixHeaders = !sps.IsEmpty && !pps.IsEmpty && (hasIdr || !headersSent || !sps.SequenceEqual(lastSps) || !pps.SequenceEqual(lastPps));
        if (prefixHeaders)
        {
            length += 8 + sps.Length + pps.Length;
        }

        var buffer = decoder.GetInputBuffer(length);
        var written = 0;
        if (prefixHeaders)
        {
            written += H264Nal.WriteAnnexB(sps, buffer);
            written += H264Nal.WriteAnnexB(pps, buffer[written..]);
            Remember(sps, ref lastSps);
            Remember(pps, ref lastPps);
            headersSent = true;
        }

        H264Nal.AvccToAnnexB(avccAccessUnit, nalLengthSize, buffer[written..]);
        if (decoder.Send(length, pts90k, dts90k) < 0)
        {
            DecodeErrors++;
        }
        else
        {
            latency.OnInput(pts90k, FramesIn);
        }

        DrainDecoder(sink);
        DrainEncoder(sink, measure: true);
    }

    /// <summary>Ends the stream: emits the frames held by decoder and encoder. The instance accepts no further input.</summary>
    public void Flush(IEncodedVideoSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (flushed)
        {
            return;
        }

        flushed = true;
        _ = decoder.SendFlush();
        DrainDecoder(sink);
        encoder.SendFlush();
        DrainEncoder(sink, measure: false);
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
    }

    private static void Remember(ReadOnlySpan<byte> current, ref byte[] last)
    {
        // Allocates only when the publisher sends new parameter sets.
        if (!current.SequenceEqual(last))
        {
            last = current.ToArray();
        }
    }

    private void DrainDecoder(IEncodedVideoSink sink)
    {
        while (true)
        {
            var result = decoder.TryReceive();
            if (result == FFmpegLayout.AVERROR_EAGAIN || result == FFmpegLayout.AVERROR_EOF)
            {
                return;
            }

            if (result < 0)
            {
                DecodeErrors++;
                return;
            }

            EncodeFrame(decoder.Frame, sink);
        }
    }

    private void EncodeFrame(nint frame, IEncodedVideoSink sink)
    {
        if (AvFields.FrameFormat(frame) != FFmpegLayout.AV_PIX_FMT_YUV420P
            || AvFields.FrameWidth(frame) != width || AvFields.FrameHeight(frame) != height)
        {
            UnsupportedFrames++;
            return;
        }

        var pts = AvFields.FramePts(frame);
        if (pts == FFmpegLayout.AV_NOPTS_VALUE || pts <= lastEncodedPts)
        {
            DroppedFrames++;
            return;
        }

        lastEncodedPts = pts;

        // libx264 reads pict_type as a frame-type request: the source's I/P/B decisions must not leak through,
        // only an explicit request (an IDR thanks to forced-idr).
        AvFields.FramePictType(frame) = Interlocked.Exchange(ref keyframeRequested, 0) != 0
            ? FFmpegLayout.AV_PICTURE_TYPE_I
            : FFmpegLayout.AV_PICTURE_TYPE_NONE;
        encoder.Send(frame);
        DrainEncoder(sink, measure: true);
    }

    private void DrainEncoder(IEncodedVideoSink sink, bool measure)
    {
        while (encoder.TryReceive())
        {
            var data = encoder.PacketData;
            var maxLength = H264Nal.MaxAvccLength(data.Length);
            if (maxLength > output.Length)
            {
                output = new byte[maxLength + (maxLength / 2)];
            }

            var length = H264Nal.AnnexBToAvcc(data, output);
            var pts = encoder.PacketPts;
            if (measure)
            {
                latency.OnOutput(pts, FramesIn);
            }

            FramesOut++;
            sink.OnAccessUnit(output.AsSpan(0, length), pts, encoder.PacketIsKey);
        }
    }
}
