namespace Media.FFmpeg.Video;

/// <summary>Measures pipeline delay in input frames by matching output pts to the input sequence number that carried it.</summary>
/// <remarks>A fixed ring of recent inputs, so tracking allocates nothing per frame; outputs older than the ring are not measured.</remarks>
internal sealed class LatencyTracker(int capacity)
{
    private readonly long[] pts = new long[capacity];
    private readonly long[] sequence = new long[capacity];
    private int next;

    private long sum;
    private long count;

    public int Last { get; private set; }

    public double Mean => count == 0 ? 0 : (double)sum / count;

    public int Max { get; private set; }

    public void OnInput(long inputPts, long inputSequence)
    {
        pts[next] = inputPts;
        sequence[next] = inputSequence;
        next = (next + 1) % pts.Length;
    }

    public void OnOutput(long outputPts, long currentSequence)
    {
        // Newest first: a publisher that repeats a pts matches its latest use.
        for (var i = 1; i <= pts.Length; i++)
        {
            var slot = (next - i + pts.Length) % pts.Length;
            if (pts[slot] == outputPts && sequence[slot] != 0)
            {
                Last = (int)(currentSequence - sequence[slot]);
                Max = Math.Max(Max, Last);
                sum += Last;
                count++;
                return;
            }
        }
    }
}
