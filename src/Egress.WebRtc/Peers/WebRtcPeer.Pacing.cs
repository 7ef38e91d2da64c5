using System.Diagnostics;
using Egress.WebRtc.Pacing;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;

namespace Egress.WebRtc.Peers;

/// <summary>Sending media: inline while the viewer's budget allows, through its pacing queue when a burst exceeds it.</summary>
public sealed partial class WebRtcPeer : IPacedSender
{
    private readonly PacingQueue _paced = new();
    private PacingBudget _budget;
    private bool _pacingScheduled;
    private bool _firstMediaSent;

    /// <summary>Video packets waiting in this viewer's pacing queue.</summary>
    public int PacingQueuePackets
    {
        get
        {
            lock (_sendLock)
            {
                return _paced.Count;
            }
        }
    }

    /// <summary>Packets that waited in the pacing queue, and the longest any waited.</summary>
    public PacingCounters Pacing { get; } = new();

    /// <summary>Sets the pacing rate from a bandwidth estimate (bits per second).</summary>
    private void SetPacingRateLocked(long estimateBitsPerSecond) =>
        _budget.BytesPerSecond = estimateBitsPerSecond * _host.Options.PacingFactor / 8;

    /// <summary>Copies, rewrites, encrypts and sends one source packet to this viewer, or queues it behind a burst.</summary>
    private void SendRtp(RtpPacket source, in RtpRewrite rewrite, OutgoingMedia media)
    {
        bool schedule = false;
        lock (_sendLock)
        {
            long now = Stopwatch.GetTimestamp();
            if (!media.Paced || !_host.Options.Pacing)
            {
                SendLocked(source, rewrite, media, asRtx: false, now);
                return;
            }

            if (_paced.Count > 0)
            {
                DrainLocked(now);
            }

            if (_paced.Count == 0 && _budget.IsAvailable(now))
            {
                SendLocked(source, rewrite, media, asRtx: false, now);
                return;
            }

            if (_srtpSend is null)
            {
                return;
            }

            // What this batch already holds goes now, ahead of what the pacer will send later: in order.
            if (t_batch is { Depth: > 0 } batch)
            {
                batch.Flush();
            }

            _paced.Enqueue(new PacedPacket(source.Retain(), rewrite, media, now));
            if (!_pacingScheduled)
            {
                _pacingScheduled = true;
                schedule = true;
            }
        }

        if (schedule)
        {
            _host.Pacer.Schedule(this);
        }
    }

    /// <inheritdoc/>
    TimeSpan? IPacedSender.SendPaced(long now)
    {
        lock (_sendLock)
        {
            // What the budget lets out now goes as one segmented send, before the lock lets the publisher's thread
            // send anything newer.
            BeginBatch();
            try
            {
                DrainLocked(now);
            }
            finally
            {
                EndBatch();
            }

            if (_paced.Count == 0)
            {
                _pacingScheduled = false;
                return null;
            }

            return _budget.Wait;
        }
    }

    /// <summary>Sends queued packets, oldest first, while the budget lasts or they have waited too long.</summary>
    private void DrainLocked(long now)
    {
        long maxDelay = (long)(_host.Options.MaxPacingDelay.TotalSeconds * Stopwatch.Frequency);
        while (_paced.Count > 0)
        {
            long waited = now - _paced.Peek().QueuedAt;
            if (waited < maxDelay && !_budget.IsAvailable(now))
            {
                return;
            }

            var packet = _paced.Dequeue();
            Pacing.Add(waited);
            SendLocked(packet.Source, packet.Rewrite, packet.Media, asRtx: false, now);
            packet.Source.Release();
        }
    }

    /// <summary>Bookkeeping for every RTP packet that left: the pacing budget, and the first-media setup step.</summary>
    private void OnMediaSent(ushort transportSequence, int length, long now)
    {
        _budget.Spend(length);
        OnPacketSentForEstimate(transportSequence, length, now);
        if (_firstMediaSent)
        {
            return;
        }

        _firstMediaSent = true;
        SetupTrace.Step("first_media");

        // Building the spans is control-plane work; it must not delay the other viewers of this packet.
        ThreadPool.UnsafeQueueUserWorkItem(static trace => trace.Complete(), SetupTrace, preferLocal: false);
    }

    /// <summary>Drops whatever waits to be paced (the peer closed); under the send lock.</summary>
    private void ClearPacingLocked() => _paced.Clear();
}
