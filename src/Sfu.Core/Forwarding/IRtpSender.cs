using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>Where a subscription's packets go: a transport that copies, rewrites, encrypts and sends them.</summary>
public interface IRtpSender
{
    /// <summary>Sends <paramref name="source"/> with its header rewritten; must not modify or keep the source packet.</summary>
    void Send(RtpPacket source, in RtpRewrite rewrite);

    /// <summary>
    /// Sends <paramref name="source"/> again because the viewer reported <paramref name="rewrite"/>'s sequence number
    /// lost (as RTX when negotiated); false when this transport cannot retransmit.
    /// </summary>
    bool Resend(RtpPacket source, in RtpRewrite rewrite);

    /// <summary>True when <see cref="Resend"/> can work (e.g. RTX was negotiated), so NACKs are worth queuing.</summary>
    bool CanResend { get; }

    /// <summary>
    /// Starts a run of <see cref="Send"/> calls for one access unit: the transport may hold them to send together (one
    /// system call for the whole run) until <see cref="EndBatch"/>. By default each is sent at once.
    /// </summary>
    void BeginBatch()
    {
    }

    /// <summary>Ends the run <see cref="BeginBatch"/> started: everything held goes out now.</summary>
    void EndBatch()
    {
    }
}
