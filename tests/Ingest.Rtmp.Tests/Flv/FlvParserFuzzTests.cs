using CsCheck;
using Ingest.Rtmp.Flv;

namespace Ingest.Rtmp.Tests.Flv;

/// <summary>Property tests: arbitrary and mutated input never throws and always explains a rejection.</summary>
public sealed class FlvParserFuzzTests
{
    private const long Iterations = 20_000;

    // First bytes that reach every header branch: legacy AVC/AAC, enhanced video/audio per packet type, other codecs.
    private static readonly Gen<byte> InterestingFirstByte = Gen.OneOf(
        Gen.Byte,
        Gen.OneOf<byte>(0x17, 0x27, 0x57, 0xAF, 0xA0, 0x12, 0x2E),
        Gen.Int[0x80, 0xFF].Select(b => (byte)b),
        Gen.Int[0x90, 0x9F].Select(b => (byte)b));

    private static readonly Gen<byte[]> Bodies = Gen.OneOf(
        Gen.Byte.Array[0, 48],
        Gen.Select(InterestingFirstByte, Gen.Byte.Array[0, 40], (first, rest) => (byte[])[first, .. rest]),
        Gen.Select(InterestingFirstByte, Gen.OneOf(FourCcs), Gen.Byte.Array[0, 24], (first, fourCc, rest) => (byte[])[first, .. fourCc, .. rest]));

    private static byte[][] FourCcs =>
        [.. new[] { "avc1", "hvc1", "av01", "vp09", "mp4a", "Opus", "fLaC", "ac-3", "ec-3", ".mp3" }.Select(s => s.Select(c => (byte)c).ToArray())];

    [Fact]
    public void RandomBodies_NeverThrowAndAlwaysExplain()
    {
        Bodies.Sample(
            body =>
            {
                CheckVideo(body);
                CheckAudio(body);
                CheckAvcConfig(body);
                CheckAsc(body);
            },
            iter: Iterations);
    }

    [Fact]
    public void MutatedFixtureBodies_NeverThrowAndAlwaysExplain()
    {
        var seeds = FlvFixture.ReadTags(FlvFixture.HighAac48kStereo)
            .Concat(FlvFixture.ReadTags(FlvFixture.BaselineAac44kMono))
            .Where(t => t.TagType is FlvFileTag.Audio or FlvFileTag.Video)
            .Select(t => t.Body.Length > 256 ? t.Body[..256] : t.Body)
            .ToArray();
        var mutations = Gen.Select(
            Gen.Int[0, seeds.Length - 1],
            Gen.Select(Gen.Int[0, 255], Gen.Byte).Array[1, 4],
            Gen.Int[0, 300],
            (seed, flips, cut) => Mutate(seeds[seed], flips, cut));

        mutations.Sample(
            body =>
            {
                CheckVideo(body);
                CheckAudio(body);
                CheckAvcConfig(body.Length > 5 ? body[5..] : body);
                CheckAsc(body.Length > 2 ? body[2..] : body);
            },
            iter: Iterations);
    }

    private static byte[] Mutate(byte[] seed, (int Index, byte Value)[] flips, int cut)
    {
        var body = seed[..Math.Min(seed.Length, cut)];
        foreach (var (index, value) in flips)
        {
            if (body.Length > 0)
            {
                body[index % body.Length] = value;
            }
        }

        return body;
    }

    private static void CheckVideo(byte[] body)
    {
        var input = new ReadOnlyMemory<byte>(body);
        var tag = FlvVideoTag.Parse(input);
        CheckExplained(tag.Status, tag.Reason);
        if (tag.IsOk)
        {
            Assert.True(tag.Data.IsEmpty || input.Span.Overlaps(tag.Data.Span), "Data must slice the input");
            Assert.True(tag.IsEnhanced ? tag.FourCc == FourCc.Avc1 : tag.CodecId == FlvVideoCodecId.Avc);
            Assert.InRange(tag.CompositionTimeOffset, -0x800000, 0x7FFFFF);
        }
        else
        {
            Assert.True(tag.Data.IsEmpty);
        }
    }

    private static void CheckAudio(byte[] body)
    {
        var input = new ReadOnlyMemory<byte>(body);
        var tag = FlvAudioTag.Parse(input);
        CheckExplained(tag.Status, tag.Reason);
        if (tag.IsOk)
        {
            Assert.True(tag.Data.IsEmpty || input.Span.Overlaps(tag.Data.Span), "Data must slice the input");
            Assert.True(tag.IsEnhanced ? tag.FourCc == FourCc.Mp4a : tag.SoundFormat == FlvSoundFormat.Aac);
        }
    }

    private static void CheckAvcConfig(byte[] body)
    {
        var result = AvcDecoderConfigurationRecord.Parse(body);
        CheckExplained(result.Status, result.Reason);
        Assert.Equal(result.IsOk, result.Value is not null);
        if (result.IsOk)
        {
            Assert.Contains(result.Value.NalLengthSize, new[] { 1, 2, 4 });
            Assert.NotEmpty(result.Value.Sps);
            Assert.NotEmpty(result.Value.Pps);
            Assert.All(result.Value.Sps.Concat(result.Value.Pps), p => Assert.False(p.IsEmpty));
        }
    }

    private static void CheckAsc(byte[] body)
    {
        var result = AudioSpecificConfig.Parse(body);
        CheckExplained(result.Status, result.Reason);
        Assert.Equal(result.IsOk, result.Value is not null);
        if (result.IsOk)
        {
            Assert.InRange(result.Value.ObjectType, 1, 4);
            Assert.True(result.Value.SampleRate > 0);
            Assert.Contains(result.Value.SamplesPerFrame, new[] { 960, 1024 });
            AdtsHeader.TryWrite(result.Value, 100, new byte[AdtsHeader.Length]);
        }
    }

    private static void CheckExplained(FlvParseStatus status, string reason)
    {
        Assert.True(Enum.IsDefined(status));
        if (status == FlvParseStatus.Ok)
        {
            Assert.Equal(string.Empty, reason);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(reason));
        }
    }
}
