namespace Ingest.Rtmp.Publishing;

/// <summary>What to do with H.264 that has B-frames (configuration <c>Sfu:Rtmp:BFrames</c>).</summary>
public enum BFramePolicy
{
    /// <summary>Re-encode without B-frames when the codec bridge can; otherwise refuse like <see cref="Reject"/>.</summary>
    Transcode,

    /// <summary>Refuse the publish with a message telling the streamer which encoder setting to change.</summary>
    Reject,

    /// <summary>Forward as is, for operators who know their viewers cope.</summary>
    Passthrough,
}
