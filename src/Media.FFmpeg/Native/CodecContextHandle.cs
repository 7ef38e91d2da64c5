using Microsoft.Win32.SafeHandles;

namespace Media.FFmpeg.Native;

/// <summary>Owns one <c>AVCodecContext</c> and frees it with <c>avcodec_free_context</c>.</summary>
internal sealed class CodecContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public CodecContextHandle(nint pointer)
        : base(ownsHandle: true)
    {
        SetHandle(pointer);
    }

    /// <summary>The raw pointer; valid only while this handle is not disposed.</summary>
    public nint Pointer => handle;

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        AvCodec.avcodec_free_context(ref pointer);
        return true;
    }
}
