using System.Buffers;
using Ingest.Rtmp.Amf;

namespace Ingest.Rtmp.Tests.Amf;

/// <summary>The RTMP connect command body against hand-encoded AMF0 bytes.</summary>
public sealed class ConnectCommandTests
{
    // The AMF0 body of an FFmpeg/OBS style `connect` command, encoded by hand from the AMF0 spec.
    private static readonly byte[] ConnectBody =
    [
        0x02, 0x00, 0x07, .. "connect"u8,
        0x00, 0x3F, 0xF0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x03,
        0x00, 0x03, .. "app"u8, 0x02, 0x00, 0x04, .. "live"u8,
        0x00, 0x04, .. "type"u8, 0x02, 0x00, 0x0A, .. "nonprivate"u8,
        0x00, 0x08, .. "flashVer"u8, 0x02, 0x00, 0x1F, .. "FMLE/3.0 (compatible; FMSc/1.0)"u8,
        0x00, 0x05, .. "tcUrl"u8, 0x02, 0x00, 0x1A, .. "rtmp://127.0.0.1:1935/live"u8,
        0x00, 0x00, 0x09,
    ];

    [Fact]
    public void Reads_connect_command()
    {
        var values = new Amf0Reader(ConnectBody).ReadAll();

        Assert.Equal(3, values.Count);
        Assert.Equal("connect", values[0]);
        Assert.Equal(1.0, values[1]);
        var command = Assert.IsType<AmfObject>(values[2]);
        Assert.False(command.IsEcmaArray);
        Assert.Null(command.ClassName);
        Assert.Equal(["app", "type", "flashVer", "tcUrl"], command.Keys);
        Assert.Equal("live", command.GetString("app"));
        Assert.Equal("nonprivate", command.GetString("type"));
        Assert.Equal("FMLE/3.0 (compatible; FMSc/1.0)", command.GetString("flashVer"));
        Assert.Equal("rtmp://127.0.0.1:1935/live", command.GetString("tcUrl"));
    }

    [Fact]
    public void Writes_connect_command_byte_for_byte()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new Amf0Writer(buffer);
        writer.WriteString("connect");
        writer.WriteNumber(1.0);
        writer.WriteObject(new AmfObject
        {
            ["app"] = "live",
            ["type"] = "nonprivate",
            ["flashVer"] = "FMLE/3.0 (compatible; FMSc/1.0)",
            ["tcUrl"] = "rtmp://127.0.0.1:1935/live",
        });

        Assert.Equal(ConnectBody, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Every_truncation_of_connect_fails_cleanly_or_stops_at_a_value_boundary()
    {
        int[] boundaries = [0, 10, 19, ConnectBody.Length];
        for (var length = 0; length < ConnectBody.Length; length++)
        {
            var prefix = ConnectBody.AsSpan(0, length);
            if (boundaries.Contains(length))
            {
                _ = new Amf0Reader(prefix).ReadAll();
                continue;
            }

            try
            {
                _ = new Amf0Reader(prefix).ReadAll();
                Assert.Fail($"prefix of {length} bytes decoded without error");
            }
            catch (AmfFormatException)
            {
            }
        }
    }
}
