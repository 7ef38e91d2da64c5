namespace Media.FFmpeg.Audio;

/// <summary>Receives packets from <see cref="AacToOpusTranscoder"/>; an interface so a cached sink makes Push allocation-free.</summary>
public interface IOpusPacketSink
{
    /// <summary>Called synchronously on the pushing thread; copy the data if it must outlive the call.</summary>
    void OnPacket(OpusPacket packet);
}
