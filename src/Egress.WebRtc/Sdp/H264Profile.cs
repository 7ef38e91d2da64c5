namespace Egress.WebRtc.Sdp;

/// <summary>H.264 profiles as signalled by profile_idc plus constraint flags (ITU-T H.264 Annex A).</summary>
public enum H264Profile
{
    /// <summary>Any profile_idc not classified below; compatible only with the same profile_idc.</summary>
    Other,

    /// <summary>Constrained Baseline: 42 with constraint_set1, 4D with constraint_set0, 58 with set0+set1.</summary>
    ConstrainedBaseline,

    /// <summary>Baseline (profile_idc 66 without constraint_set1).</summary>
    Baseline,

    /// <summary>Main (profile_idc 77).</summary>
    Main,

    /// <summary>Extended (profile_idc 88).</summary>
    Extended,

    /// <summary>High (profile_idc 100).</summary>
    High,

    /// <summary>Progressive High (profile_idc 100 with constraint_set4).</summary>
    ProgressiveHigh,

    /// <summary>Constrained High (profile_idc 100 with constraint_set4 and constraint_set5).</summary>
    ConstrainedHigh,

    /// <summary>High 10 (profile_idc 110).</summary>
    High10,

    /// <summary>High 4:2:2 (profile_idc 122).</summary>
    High422,

    /// <summary>High 4:4:4 Predictive (profile_idc 244).</summary>
    High444,
}
