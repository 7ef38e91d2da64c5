using Egress.WebRtc.Peers;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;

namespace Egress.WebRtc.Pacing;

/// <summary>A packet waiting in a viewer's pacing queue: the shared source (retained), its rewrite, and when it queued.</summary>
internal readonly record struct PacedPacket(RtpPacket Source, RtpRewrite Rewrite, OutgoingMedia Media, long QueuedAt);
