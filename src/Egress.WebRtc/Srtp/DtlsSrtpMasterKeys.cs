namespace Egress.WebRtc.Srtp;

/// <summary>The two master keys of a DTLS-SRTP association: ours for protecting, the peer's for unprotecting.</summary>
/// <param name="Local">Key used to protect what this endpoint sends.</param>
/// <param name="Remote">Key used to unprotect what the peer sends.</param>
public sealed record DtlsSrtpMasterKeys(SrtpMasterKey Local, SrtpMasterKey Remote);
