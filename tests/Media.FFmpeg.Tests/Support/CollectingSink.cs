using Media.FFmpeg.Audio;

namespace Media.FFmpeg.Tests.Support;

/// <summary>Copies every packet so tests can inspect them after the callback.</summary>
public sealed class CollectingSink : IOpusPacketSink
{
    public List<(byte[] Data, long Timestamp)> Packets { get; } = [];

    public void OnPacket(OpusPacket packet) => Packets.Add((packet.Data.ToArray(), packet.Timestamp));
}
