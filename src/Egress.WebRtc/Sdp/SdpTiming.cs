namespace Egress.WebRtc.Sdp;

/// <summary>A t= line with its r= repeat lines kept verbatim (WebRTC always uses "t=0 0").</summary>
public sealed class SdpTiming
{
    /// <summary>Initializes a new instance of the <see cref="SdpTiming"/> class.</summary>
    public SdpTiming(ulong start, ulong stop)
    {
        Start = start;
        Stop = stop;
    }

    /// <summary>Gets the NTP start time, 0 for unbounded.</summary>
    public ulong Start { get; }

    /// <summary>Gets the NTP stop time, 0 for unbounded.</summary>
    public ulong Stop { get; }

    /// <summary>Gets the raw values of the r= lines that follow.</summary>
    public List<string> Repeats { get; } = [];

    /// <summary>Formats the value after "t=".</summary>
    public override string ToString() => $"{SdpTokens.Format(Start)} {SdpTokens.Format(Stop)}";
}
