namespace Egress.WebRtc.Bandwidth;

/// <summary>Accumulates lost/received counts across feedback packets until a loss fraction is statistically meaningful.</summary>
/// <remarks>A single feedback may cover only a few packets at low rates; one loss among five is not 20 % loss.</remarks>
internal sealed class LossSampler
{
    /// <summary>Packets needed before a loss fraction is produced.</summary>
    public const int MinPacketsPerSample = 40;

    private int _lost;
    private int _total;

    /// <summary>Latest completed loss fraction in [0, 1].</summary>
    public double LossFraction { get; private set; }

    /// <summary>Counts a packet reported lost.</summary>
    public void AddLost()
    {
        _lost++;
        _total++;
    }

    /// <summary>Counts a packet reported received.</summary>
    public void AddReceived() => _total++;

    /// <summary>Completes a sample if enough packets were counted; returns whether <see cref="LossFraction"/> changed.</summary>
    public bool TryCompleteSample()
    {
        if (_total < MinPacketsPerSample)
        {
            return false;
        }

        LossFraction = (double)_lost / _total;
        _lost = 0;
        _total = 0;
        return true;
    }
}
