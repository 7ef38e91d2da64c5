namespace Media.FFmpeg.Tests.Support;

/// <summary>Measurements on interleaved PCM: one channel, trimmed to skip codec start/end transients.</summary>
public static class Signal
{
    public static float[] Channel(IReadOnlyList<float> interleaved, int channels, int channel, int rate, double trimSeconds = 0.25)
    {
        var frames = interleaved.Count / channels;
        var trim = (int)(rate * trimSeconds);
        var result = new float[Math.Max(0, frames - (2 * trim))];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = interleaved[((i + trim) * channels) + channel];
        }

        return result;
    }

    /// <summary>Frequency from rising zero crossings, interpolated to sub-sample precision.</summary>
    public static double Frequency(float[] samples, int rate)
    {
        double first = -1, last = -1;
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if (samples[i - 1] < 0 && samples[i] >= 0)
            {
                var at = i - 1 + (samples[i - 1] / (samples[i - 1] - samples[i]));
                if (first < 0)
                {
                    first = at;
                }
                else
                {
                    crossings++;
                }

                last = at;
            }
        }

        return crossings / ((last - first) / rate);
    }

    public static double RmsDb(float[] samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return 10 * Math.Log10(sum / samples.Length);
    }
}
