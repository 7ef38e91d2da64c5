namespace Egress.WebRtc.Bandwidth;

/// <summary>Tracks the viewer's REMB (receiver-estimated maximum bitrate) and whether it is recent enough to obey.</summary>
internal sealed class ReceiverEstimateCap
{
    /// <summary>A REMB older than this no longer caps the estimate; receivers resend it about once a second.</summary>
    public const double ValidityMs = 5000;

    private double _receivedAtMs;

    /// <summary>Whether any REMB has arrived.</summary>
    public bool HasValue { get; private set; }

    /// <summary>Latest REMB value in bit/s.</summary>
    public double BitsPerSecond { get; private set; }

    /// <summary>Records a REMB.</summary>
    public void Update(double bitsPerSecond, double nowMs)
    {
        BitsPerSecond = bitsPerSecond;
        _receivedAtMs = nowMs;
        HasValue = true;
    }

    /// <summary>Gives the cap when a REMB arrived within <see cref="ValidityMs"/> of <paramref name="nowMs"/>.</summary>
    public bool TryGetCap(double nowMs, out double bitsPerSecond)
    {
        bitsPerSecond = BitsPerSecond;
        return HasValue && nowMs - _receivedAtMs <= ValidityMs;
    }
}
