using CsCheck;
using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

public sealed class SdpParserPropertyTests
{
    private static readonly string Chrome = SdpFixtures.Load(SdpFixtures.Chrome);

    [Fact]
    public void RandomText_OnlyEverThrowsSdpParseException()
    {
        Gen.String.Sample(ParseOrReject, iter: 20_000);
    }

    [Fact]
    public void RandomSdpShapedLines_OnlyEverThrowSdpParseException()
    {
        // Junk that gets past the "<letter>=" check reaches the field and attribute parsers.
        var line = from type in Gen.OneOf(Gen.Const('a'), Gen.Const('m'), Gen.Const('c'), Gen.Const('b'), Gen.Const('t'), Gen.Char['a', 'z'])
                   from name in Gen.OneOf(
                       Gen.Const("rtpmap:"), Gen.Const("fmtp:"), Gen.Const("rtcp-fb:"), Gen.Const("extmap:"),
                       Gen.Const("candidate:"), Gen.Const("fingerprint:"), Gen.Const("ssrc:"), Gen.Const("group:"),
                       Gen.Const("setup:"), Gen.Const(string.Empty))
                   from body in Gen.String[Gen.Char[" 0123456789/:;=*-.abcHVP"], 0, 40]
                   select $"{type}={name}{body}";
        var gen = from lines in line.Array[0, 12]
                  from crlf in Gen.Bool
                  select "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n" + string.Join(crlf ? "\r\n" : "\n", lines);
        gen.Sample(ParseOrReject, iter: 20_000);
    }

    [Fact]
    public void MutatedChromeOffer_OnlyEverThrowsSdpParseException()
    {
        var gen = from edits in Gen.Select(Gen.Int[0, Chrome.Length - 1], Gen.Char).Array[1, 8]
                  select Mutate(Chrome, edits);
        gen.Sample(ParseOrReject, iter: 5_000);
    }

    [Fact]
    public void Writer_IsIdempotentForAnythingParseable()
    {
        var gen = from edits in Gen.Select(Gen.Int[0, Chrome.Length - 1], Gen.Char['\u0020', '\u007e']).Array[1, 4]
                  select Mutate(Chrome, edits);
        gen.Sample(text =>
        {
            SdpSessionDescription parsed;
            try
            {
                parsed = SdpSessionDescription.Parse(text);
            }
            catch (SdpParseException)
            {
                return;
            }

            var written = parsed.ToString();
            Assert.Equal(written, SdpSessionDescription.Parse(written).ToString());
        }, iter: 5_000);
    }

    private static void ParseOrReject(string text)
    {
        try
        {
            var parsed = SdpSessionDescription.Parse(text);
            _ = parsed.ToString();
            foreach (var media in parsed.Media)
            {
                _ = media.PayloadTypes.Count();
                _ = media.Attributes.GetRtpMaps().Count() + media.Attributes.GetCandidates().Count() + media.Attributes.GetExtmaps().Count();
            }
        }
        catch (SdpParseException)
        {
            // Expected for junk.
        }
    }

    private static string Mutate(string text, (int Index, char Char)[] edits)
    {
        var chars = text.ToCharArray();
        foreach (var (index, c) in edits)
        {
            chars[index] = c;
        }

        return new string(chars);
    }
}
