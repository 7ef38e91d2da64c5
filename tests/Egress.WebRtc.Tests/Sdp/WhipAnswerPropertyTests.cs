using CsCheck;
using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Damaged real offers must only ever be answered or refused with the parse/negotiation exceptions.</summary>
public sealed class WhipAnswerPropertyTests
{
    private static readonly string[] Fixtures = [.. WhipFixtures.Names.Select(WhipFixtures.Load)];

    private static readonly Gen<string> Fixture = Gen.Int[0, Fixtures.Length - 1].Select(i => Fixtures[i]);

    [Fact]
    public void MutatedCharacters_OnlyEverAnswerOrRefuse()
    {
        var gen = from text in Fixture
                  from edits in Gen.Select(Gen.Int[0, 100_000], Gen.OneOf(Gen.Char['\u0020', '\u007e'], Gen.Const('\n'), Gen.Const('\r'), Gen.Char)).Array[1, 8]
                  select Mutate(text, edits);
        gen.Sample(AnswerOrRefuse, iter: 4_000);
    }

    [Fact]
    public void TruncatedOffers_OnlyEverAnswerOrRefuse()
    {
        var gen = from text in Fixture
                  from length in Gen.Int[0, 100_000]
                  select text[..(length % (text.Length + 1))];
        gen.Sample(AnswerOrRefuse, iter: 4_000);
    }

    [Fact]
    public void ShuffledDroppedAndDuplicatedLines_OnlyEverAnswerOrRefuse()
    {
        // Line-level damage keeps every line well-formed, so it reaches the negotiation rather than the parser.
        var gen = from text in Fixture
                  from ops in Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1_000], Gen.Int[0, 1_000]).Array[1, 6]
                  select EditLines(text, ops);
        gen.Sample(AnswerOrRefuse, iter: 4_000);
    }

    [Fact]
    public void SpliceOfTwoPublishersOffers_OnlyEverAnswersOrRefuses()
    {
        var gen = from a in Fixture
                  from b in Fixture
                  from cutA in Gen.Int[0, 1_000]
                  from cutB in Gen.Int[0, 1_000]
                  select Splice(a, b, cutA, cutB);
        gen.Sample(AnswerOrRefuse, iter: 2_000);
    }

    private static void AnswerOrRefuse(string offer)
    {
        WhipAnswer answer;
        try
        {
            answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());
        }
        catch (SdpParseException)
        {
            return;
        }
        catch (SdpNegotiationException ex)
        {
            Assert.True(ex.StatusCode is 400 or 406, $"status {ex.StatusCode}");
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            return;
        }

        // Whatever was accepted must still make a well-formed, recvonly, consistently bundled answer.
        var parsed = SdpSessionDescription.Parse(answer.Sdp);
        Assert.Equal(answer.Sdp, parsed.ToString());
        Assert.NotEmpty(answer.Media);
        Assert.True(answer.Media.Count(m => m.Kind == SdpMediaKind.Audio) <= 1 && answer.Media.Count(m => m.Kind == SdpMediaKind.Video) <= 1);
        foreach (var media in answer.Media)
        {
            Assert.Equal(SdpDirection.RecvOnly, parsed.Media[media.Index].Attributes.Direction);
            Assert.NotEqual(0, parsed.Media[media.Index].Port);
        }

        foreach (var mid in answer.BundleMids)
        {
            Assert.Contains(parsed.Media, m => m.Mid == mid && m.Port != 0);
        }
    }

    private static string Mutate(string text, (int Index, char Char)[] edits)
    {
        var chars = text.ToCharArray();
        foreach (var (index, c) in edits)
        {
            chars[index % chars.Length] = c;
        }

        return new string(chars);
    }

    private static string EditLines(string text, (int Op, int A, int B)[] ops)
    {
        var lines = text.Split("\r\n").ToList();
        foreach (var (op, a, b) in ops)
        {
            int i = a % lines.Count, j = b % lines.Count;
            switch (op)
            {
                case 0 when lines.Count > 1:
                    lines.RemoveAt(i);
                    break;
                case 1:
                    lines.Insert(j, lines[i]);
                    break;
                default:
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    break;
            }
        }

        return string.Join("\r\n", lines);
    }

    private static string Splice(string a, string b, int cutA, int cutB)
    {
        var first = a.Split("\r\n");
        var second = b.Split("\r\n");
        return string.Join("\r\n", first.Take(cutA % first.Length).Concat(second.Skip(cutB % second.Length)));
    }
}
