namespace Egress.WebRtc.Bandwidth;

/// <summary>Feedback bookkeeping for one <see cref="SendTimeHistory"/> slot.</summary>
[Flags]
internal enum SlotState : byte
{
    /// <summary>Slot never written.</summary>
    Empty = 0,

    /// <summary>Slot holds a sent packet.</summary>
    Occupied = 1,

    /// <summary>Some feedback already mentioned the packet, so it has been counted for loss.</summary>
    Reported = 2,

    /// <summary>Feedback already reported the packet received; later duplicates are ignored.</summary>
    Received = 4,
}
