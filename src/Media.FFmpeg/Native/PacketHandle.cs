using Microsoft.Win32.SafeHandles;

namespace Media.FFmpeg.Native;

/// <summary>Owns one <c>AVPacket</c> and frees it with <c>av_packet_free</c>.</summary>
internal sealed class PacketHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public PacketHandle(nint pointer)
        : base(ownsHandle: true)
    {
        SetHandle(pointer);
    }

    /// <summary>The raw pointer; valid only while this handle is not disposed.</summary>
    public nint Pointer => handle;

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        AvCodec.av_packet_free(ref pointer);
        return true;
    }
}
