using System.Runtime.InteropServices;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    internal const int SOL_SOCKET = 1;
    internal const int SCM_RIGHTS = 1;
    internal const int MSG_CMSG_CLOEXEC = 0x40000000;
    internal const int MSG_CTRUNC = 0x8;
    internal const int MSG_TRUNC = 0x20;
    internal const int MSG_NOSIGNAL = 0x4000;

    /// <summary>struct iovec (x86-64/arm64 Linux: 16 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (56 bytes); checked against a C compile in tests/Zbuf.Tests/AbiTests.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct cmsghdr (16 bytes, data follows).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    internal static int CmsgAlign(int length) => (length + 7) & ~7;

    /// <summary>CMSG_SPACE for <paramref name="fds"/> descriptors.</summary>
    internal static int CmsgSpace(int fds) => CmsgAlign(16) + CmsgAlign(fds * sizeof(int));

    /// <summary>CMSG_LEN for <paramref name="fds"/> descriptors.</summary>
    internal static int CmsgLen(int fds) => CmsgAlign(16) + fds * sizeof(int);
}
