namespace Sfu.Core.Media;

/// <summary>One coded frame (an AAC access unit, say) handed to frame sinks; the data is only valid during the call.</summary>
/// <param name="Data">Coded bytes; sinks that keep them must copy.</param>
/// <param name="Timestamp">Presentation time in the track's clock rate, monotonic from the stream start.</param>
/// <param name="IsKeyframe">True when the frame can be decoded on its own.</param>
/// <param name="ArrivalTimestamp">Monotonic arrival time (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
public readonly record struct MediaFrame(ReadOnlyMemory<byte> Data, long Timestamp, bool IsKeyframe, long ArrivalTimestamp);
