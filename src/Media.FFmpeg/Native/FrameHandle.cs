using Microsoft.Win32.SafeHandles;

namespace Media.FFmpeg.Native;

/// <summary>Owns one <c>AVFrame</c> and frees it with <c>av_frame_free</c>.</summary>
internal sealed class FrameHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public FrameHandle(nint pointer)
        : base(ownsHandle: true)
    {
        SetHandle(pointer);
    }

    /// <summary>The raw pointer; valid only while this handle is not disposed.</summary>
    public nint Pointer => handle;

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        AvUtil.av_frame_free(ref pointer);
        return true;
    }
}
