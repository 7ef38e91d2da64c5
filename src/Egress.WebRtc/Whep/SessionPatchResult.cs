namespace Egress.WebRtc.Whep;

/// <summary>Outcome of a PATCH: the new entity tag and, after an ICE restart, the fragment to answer with.</summary>
public sealed record SessionPatchResult(string ETag, string? ResponseFragment);
