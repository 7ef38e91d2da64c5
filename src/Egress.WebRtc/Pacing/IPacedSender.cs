namespace Egress.WebRtc.Pacing;

/// <summary>A viewer whose pacing queue the <see cref="Pacer"/> drains.</summary>
internal interface IPacedSender
{
    /// <summary>Sends what the budget allows now; returns how long until more may go, or null when the queue is empty.</summary>
    TimeSpan? SendPaced(long now);
}
