using System.Globalization;
using EndToEnd.Infrastructure;
using Media.FFmpeg.Tests.Support;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;
using Xunit.Abstractions;

namespace EndToEnd.Rtmp;

/// <summary>ffmpeg pushes AAC with a known sine; the Opus RTP the server emits is decoded and measured.</summary>
public sealed class AacToOpusBridgeTests(ITestOutputHelper output)
{
    [Theory]
    // ffmpeg's sine source has amplitude 1/8 (-21.07 dBFS RMS); its mono-to-stereo upmix puts each channel 3 dB lower.
    [InlineData(44100, 1, 1000, -21.07)]
    [InlineData(48000, 2, 440, -24.08)]
    public async Task OpusFromTheServerCarriesTheSourceToneAtItsLevel(int sampleRate, int channels, int frequency, double sourceDb)
    {
        await using var server = await ServerUnderTest.StartAsync();
        var collected = new OpusCollector();
        server.Registry.StreamStarted += stream =>
        {
            if (stream.Name == "tone")
            {
                stream.TrackAdded += (_, track) =>
                {
                    if (track.Codec.Is("opus"))
                    {
                        track.AddPacketSink(collected);
                    }
                };
            }
        };

        string rate = sampleRate.ToString(CultureInfo.InvariantCulture);
        using var ffmpeg = await ExternalProcess.RunAsync(
            TimeSpan.FromSeconds(60),
            "ffmpeg",
            "-hide_banner", "-nostdin", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
            "-f", "lavfi", "-i", $"sine=frequency={frequency}:sample_rate={rate}", "-t", "3",
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-bf", "0", "-g", "30",
            "-c:a", "aac", "-ar", rate, "-ac", channels.ToString(CultureInfo.InvariantCulture), "-b:a", "128k",
            "-f", "flv", server.RtmpUrl("tone"));
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.StandardError);
        await ServerUnderTest.WaitUntilAsync(() => server.Registry.Streams.Count == 0, TimeSpan.FromSeconds(10), "the stream ends");

        var (timestamps, payloads) = collected.Snapshot();
        Assert.InRange(payloads.Count, 140, 156); // 3 s = 150 packets of 20 ms, give or take AAC priming and what the encoder holds
        Assert.All(timestamps.Zip(timestamps.Skip(1), (a, b) => b - a), step => Assert.Equal(960u, step));

        using var decoder = new OpusTestDecoder();
        foreach (var payload in payloads)
        {
            decoder.Decode(payload);
        }

        Assert.Equal([(48000, 2)], decoder.Formats);
        var left = Signal.Channel(decoder.Samples, 2, 0, 48000);
        var right = Signal.Channel(decoder.Samples, 2, 1, 48000);
        double measured = Signal.Frequency(left, 48000);
        double level = Signal.RmsDb(left);
        output.WriteLine($"{sampleRate} Hz x{channels} {frequency} Hz in: {measured:0.0} Hz, {level:0.00} dBFS out, {payloads.Count} packets");

        // Mono is copied to both output channels at full level, so both match the source's level.
        Assert.InRange(measured, frequency * 0.98, frequency * 1.02);
        Assert.InRange(level, sourceDb - 1.5, sourceDb + 1.5);
        Assert.InRange(Signal.RmsDb(right), sourceDb - 1.5, sourceDb + 1.5);
    }

    private sealed class OpusCollector : IRtpPacketSink
    {
        private readonly List<uint> _timestamps = [];
        private readonly List<byte[]> _payloads = [];

        public void OnPacket(MediaTrack track, RtpPacket packet)
        {
            lock (_payloads)
            {
                _timestamps.Add(packet.Timestamp);
                _payloads.Add(packet.Payload.ToArray());
            }
        }

        public (List<uint> Timestamps, List<byte[]> Payloads) Snapshot()
        {
            lock (_payloads)
            {
                return ([.. _timestamps], [.. _payloads]);
            }
        }
    }
}
