namespace Media.FFmpeg.Tests.Support;

/// <summary>One AVCC access unit from an FLV video tag, with RTMP timestamps converted to 90 kHz.</summary>
public sealed record FlvH264Frame(byte[] Avcc, long Dts90k, long Pts90k, bool Keyframe);
