using Sfu.Core.Streams;

namespace Sfu.Core.Forwarding;

/// <summary>One simulcast layer and the rate it arrives at now (0 while its publisher does not send it).</summary>
public readonly record struct LayerRate(MediaTrack Track, long BitsPerSecond);
