using System.Runtime.InteropServices;

namespace Egress.WebRtc.Transport;

/// <summary>struct iovec on 64-bit Linux: one buffer of a scatter/gather send.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeIoVector
{
    /// <summary>iov_base.</summary>
    public byte* Base;

    /// <summary>iov_len.</summary>
    public nuint Length;
}

/// <summary>struct msghdr on 64-bit Linux, for <c>sendmsg</c> and (inside mmsghdr) <c>sendmmsg</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeMessageHeader
{
    /// <summary>msg_name: the destination sockaddr, or null on a connected socket.</summary>
    public void* Name;

    /// <summary>msg_namelen.</summary>
    public uint NameLength;

    /// <summary>msg_iov.</summary>
    public NativeIoVector* Vectors;

    /// <summary>msg_iovlen.</summary>
    public nuint VectorCount;

    /// <summary>msg_control: ancillary data such as UDP_SEGMENT.</summary>
    public void* Control;

    /// <summary>msg_controllen.</summary>
    public nuint ControlLength;

    /// <summary>msg_flags.</summary>
    public int Flags;
}

/// <summary>struct mmsghdr on 64-bit Linux: one message of a <c>sendmmsg</c> and the bytes the kernel sent of it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeMultiMessageHeader
{
    /// <summary>msg_hdr.</summary>
    public NativeMessageHeader Header;

    /// <summary>msg_len, filled in by the kernel.</summary>
    public uint Length;
}
