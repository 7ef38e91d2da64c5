using Microsoft.Win32.SafeHandles;

namespace Media.FFmpeg.Native;

/// <summary>Owns one <c>SwrContext</c> and frees it with <c>swr_free</c>.</summary>
internal sealed class SwrContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SwrContextHandle(nint pointer)
        : base(ownsHandle: true)
    {
        SetHandle(pointer);
    }

    /// <summary>The raw pointer; valid only while this handle is not disposed.</summary>
    public nint Pointer => handle;

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        SwResample.swr_free(ref pointer);
        return true;
    }
}
