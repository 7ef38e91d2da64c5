namespace Media.FFmpeg.Tests.Support;

/// <summary>An ADTS file split into raw AAC frames (as RTMP carries them) plus the ASC rebuilt from the first header.</summary>
public sealed record AdtsStream(byte[] AudioSpecificConfig, int SampleRate, int Channels, IReadOnlyList<byte[]> Frames)
{
    private static readonly int[] Rates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    public static AdtsStream Parse(byte[] file)
    {
        var frames = new List<byte[]>();
        byte[]? asc = null;
        int rate = 0, channels = 0;
        for (var pos = 0; pos + 7 <= file.Length;)
        {
            Assert.True(file[pos] == 0xFF && (file[pos + 1] & 0xF0) == 0xF0, $"ADTS sync lost at {pos}");
            var protectionAbsent = (file[pos + 1] & 1) == 1;
            var profile = file[pos + 2] >> 6;
            var samplingIndex = (file[pos + 2] >> 2) & 0xF;
            var channelConfig = ((file[pos + 2] & 1) << 2) | (file[pos + 3] >> 6);
            var length = ((file[pos + 3] & 3) << 11) | (file[pos + 4] << 3) | (file[pos + 5] >> 5);
            var header = protectionAbsent ? 7 : 9;
            if (asc is null)
            {
                var objectType = profile + 1;
                asc = [(byte)((objectType << 3) | (samplingIndex >> 1)), (byte)(((samplingIndex & 1) << 7) | (channelConfig << 3))];
                rate = Rates[samplingIndex];
                channels = channelConfig;
            }

            frames.Add(file[(pos + header)..(pos + length)]);
            pos += length;
        }

        return new AdtsStream(asc!, rate, channels, frames);
    }

    /// <summary>Timestamp of frame <paramref name="index"/> as RTMP delivers it: whole milliseconds, converted back to samples.</summary>
    public long RtmpTimestamp(int index, long extraMilliseconds = 0)
    {
        var ms = ((long)index * 1024 * 1000 / SampleRate) + extraMilliseconds;
        return ms * SampleRate / 1000;
    }
}
