using Ingest.Rtmp.Flv;

namespace Ingest.Rtmp.Tests.Flv;

/// <summary>The per-frame path must not allocate: tags are structs over slices of the input.</summary>
public sealed class ZeroAllocationTests
{
    [Fact]
    public void ParsingAcceptedFrames_AllocatesNothing()
    {
        var video = FlvFixture.Bodies(FlvFixture.HighAac48kStereo, FlvFileTag.Video).Select(b => new ReadOnlyMemory<byte>(b)).ToArray();
        var audio = FlvFixture.Bodies(FlvFixture.HighAac48kStereo, FlvFileTag.Audio).Select(b => new ReadOnlyMemory<byte>(b)).ToArray();
        var enhanced = new ReadOnlyMemory<byte>(Hex.Bytes("A1 61 76 63 31 FF FF DF 00 00 00 02 41 9A"));
        ParseAll(video, audio, enhanced); // warm up JIT and static FourCc fields

        var before = GC.GetAllocatedBytesForCurrentThread();
        var accepted = ParseAll(video, audio, enhanced);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(video.Length + audio.Length + 1, accepted);
        Assert.Equal(0, allocated);
    }

    private static int ParseAll(ReadOnlyMemory<byte>[] video, ReadOnlyMemory<byte>[] audio, ReadOnlyMemory<byte> enhanced)
    {
        var accepted = 0;
        foreach (var body in video)
        {
            accepted += FlvVideoTag.Parse(body).IsOk ? 1 : 0;
        }

        foreach (var body in audio)
        {
            accepted += FlvAudioTag.Parse(body).IsOk ? 1 : 0;
        }

        return accepted + (FlvVideoTag.Parse(enhanced).IsOk ? 1 : 0);
    }
}
