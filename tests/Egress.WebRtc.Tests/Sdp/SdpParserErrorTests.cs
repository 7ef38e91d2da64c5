using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

public sealed class SdpParserErrorTests
{
    private const string Head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    [Theory]
    [InlineData("", 1, "empty session description")]
    [InlineData("hello world", 1, "expected '<letter>=<value>'")]
    [InlineData("o=- 1 2 IN IP4 127.0.0.1\r\n", 1, "must start with 'v=0'")]
    [InlineData("v=1\r\n", 1, "must start with 'v=0'")]
    [InlineData("v=0\r\ns=-\r\n", 2, "missing o= line")]
    [InlineData("v=0\r\no=- 1 2 IN IP4\r\n", 2, "o= needs")]
    [InlineData(Head + "x=1\r\n", 5, "unknown line type 'x='")]
    [InlineData(Head + "m=audio\r\n", 5, "m= needs")]
    [InlineData(Head + "m=audio 70000 RTP/AVP 0\r\n", 5, "invalid port")]
    [InlineData(Head + "m=audio 9 RTP/AVP 0\r\nt=0 0\r\n", 6, "session-level 't=' line inside a media section")]
    [InlineData(Head + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n", 6, "malformed a=rtpmap")]
    [InlineData(Head + "m=audio 9 RTP/AVP 0\r\na=rtcp-fb:x nack\r\n", 6, "malformed a=rtcp-fb")]
    [InlineData(Head + "a=fingerprint:sha-256 zz:00\r\n", 5, "malformed a=fingerprint")]
    [InlineData(Head + "a=setup:sometimes\r\n", 5, "malformed a=setup")]
    [InlineData(Head + "a=extmap:0 urn:x\r\n", 5, "malformed a=extmap")]
    [InlineData(Head + "a=candidate:1 1 udp 1 1.2.3.4 5 host\r\n", 5, "malformed a=candidate")]
    [InlineData(Head + "a=bad name\r\n", 5, "invalid attribute name")]
    [InlineData(Head + "b=AS\r\n", 5, "b= needs")]
    [InlineData(Head + "c=IN IP4\r\n", 5, "c= needs")]
    [InlineData(Head + "A=x\r\n", 5, "expected '<letter>=<value>'")]
    public void MalformedInput_ReportsLineAndReason(string text, int line, string reason)
    {
        var error = Assert.Throws<SdpParseException>(() => SdpSessionDescription.Parse(text));

        Assert.Equal(line, error.LineNumber);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"SDP line {line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LineNumbers_CountFromOneAcrossLfInput()
    {
        var text = SdpFixtures.Load(SdpFixtures.Chrome).Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 VP8", StringComparison.Ordinal);
        var expected = text.Split('\n').ToList().FindIndex(l => l == "a=rtpmap:96 VP8") + 1;

        var error = Assert.Throws<SdpParseException>(() => SdpSessionDescription.Parse(text));

        Assert.Equal(expected, error.LineNumber);
    }

    [Fact]
    public void TrailingBlankLines_AreTolerated()
    {
        var parsed = SdpSessionDescription.Parse(Head + "\r\n\r\n");

        Assert.Empty(parsed.Media);
    }
}
