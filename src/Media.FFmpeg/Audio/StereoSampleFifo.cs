namespace Media.FFmpeg.Audio;

/// <summary>Ring buffer of interleaved stereo float samples that re-cuts resampler output into fixed encoder frames.</summary>
internal sealed class StereoSampleFifo
{
    private float[] buffer;
    private int readIndex;
    private int count;

    public StereoSampleFifo(int initialFrames) => buffer = new float[initialFrames * 2];

    /// <summary>Buffered stereo sample frames.</summary>
    public int Count => count / 2;

    /// <summary>Appends samples; mono input is copied to both channels at unity gain (swr would attenuate by 3 dB).</summary>
    public void Write(ReadOnlySpan<float> samples, int channels)
    {
        var added = channels == 1 ? samples.Length * 2 : samples.Length;
        EnsureCapacity(count + added);
        var write = (readIndex + count) % buffer.Length;
        if (channels == 1)
        {
            foreach (var sample in samples)
            {
                buffer[write] = sample;
                buffer[write + 1] = sample; // capacity and indices are always even, so write + 1 never wraps
                write = (write + 2) % buffer.Length;
            }
        }
        else
        {
            var first = Math.Min(samples.Length, buffer.Length - write);
            samples[..first].CopyTo(buffer.AsSpan(write));
            samples[first..].CopyTo(buffer);
        }

        count += added;
    }

    /// <summary>Appends silence, e.g. to complete the last frame before a timeline gap.</summary>
    public void WriteSilence(int frames)
    {
        EnsureCapacity(count + (frames * 2));
        var write = (readIndex + count) % buffer.Length;
        var first = Math.Min(frames * 2, buffer.Length - write);
        buffer.AsSpan(write, first).Clear();
        buffer.AsSpan(0, (frames * 2) - first).Clear();
        count += frames * 2;
    }

    /// <summary>Moves exactly destination.Length interleaved values out; the caller checks <see cref="Count"/> first.</summary>
    public void Read(Span<float> destination)
    {
        var first = Math.Min(destination.Length, buffer.Length - readIndex);
        buffer.AsSpan(readIndex, first).CopyTo(destination);
        buffer.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
        readIndex = (readIndex + destination.Length) % buffer.Length;
        count -= destination.Length;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= buffer.Length)
        {
            return;
        }

        // Only grows during warm-up (or after an unusually large decoded frame), never in steady state.
        var grown = new float[Math.Max(needed, buffer.Length * 2)];
        var first = Math.Min(count, buffer.Length - readIndex);
        buffer.AsSpan(readIndex, first).CopyTo(grown);
        buffer.AsSpan(0, count - first).CopyTo(grown.AsSpan(first));
        buffer = grown;
        readIndex = 0;
    }
}
