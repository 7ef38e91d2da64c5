namespace Sfu.Core.Codecs.H264;

/// <summary>What a call to <see cref="H264Depacketizer.Push"/> did to the access unit being assembled.</summary>
public enum H264DepacketizerStatus
{
    /// <summary>The packet was absorbed; the access unit is not finished yet.</summary>
    Pending,

    /// <summary>An access unit was completed and handed out.</summary>
    Completed,

    /// <summary>An access unit was discarded because packets were lost or its payload was malformed.</summary>
    Dropped,
}
