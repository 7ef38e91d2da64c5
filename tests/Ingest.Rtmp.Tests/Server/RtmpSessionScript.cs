using Ingest.Rtmp.Amf;
using Ingest.Rtmp.Flv;
using Ingest.Rtmp.Protocol;
using Ingest.Rtmp.Tests.Flv;
using Ingest.Rtmp.Tests.Protocol;

namespace Ingest.Rtmp.Tests.Server;

/// <summary>The bytes a publishing encoder sends after the handshake, built from a recorded FLV fixture.</summary>
internal static class RtmpSessionScript
{
    public static byte[] Publish(string key, string fixture, uint timestampOffset = 0, int chunkSize = 128)
    {
        var encoder = new ChunkEncoder();
        if (chunkSize != 128)
        {
            encoder.Write(2, RtmpMessageType.SetChunkSize, 0, 0, [(byte)(chunkSize >> 24), (byte)(chunkSize >> 16), (byte)(chunkSize >> 8), (byte)chunkSize]);
            encoder.ChunkSize = chunkSize;
        }

        encoder.Write(3, RtmpMessageType.CommandAmf0, 0, 0, RtmpTestClient.Amf("connect", 1.0, new AmfObject { ["app"] = "live" }));
        encoder.Write(3, RtmpMessageType.CommandAmf0, 0, 0, RtmpTestClient.Amf("createStream", 2.0, null));
        encoder.Write(8, RtmpMessageType.CommandAmf0, 1, 0, RtmpTestClient.Amf("publish", 3.0, null, key, "live"));
        AppendMedia(encoder, fixture, timestampOffset);
        return encoder.ToArray();
    }

    public static void AppendMedia(ChunkEncoder encoder, string fixture, uint timestampOffset = 0)
    {
        foreach (var tag in FlvFixture.ReadTags(fixture))
        {
            if (tag.TagType is FlvFileTag.Audio or FlvFileTag.Video)
            {
                encoder.Write(tag.TagType == FlvFileTag.Audio ? 4 : 6, (RtmpMessageType)tag.TagType, 1, unchecked(tag.Timestamp + timestampOffset), tag.Body);
            }
        }
    }

    /// <summary>Coded video frames (not sequence headers) in a fixture.</summary>
    public static int VideoFrames(string fixture) =>
        FlvFixture.Bodies(fixture, FlvFileTag.Video).Count(b => b.Length > 1 && b[1] == 1);

    /// <summary>Raw AAC frames in a fixture.</summary>
    public static int AudioFrames(string fixture) =>
        FlvFixture.Bodies(fixture, FlvFileTag.Audio).Count(b => b.Length > 1 && b[1] == 1);
}
