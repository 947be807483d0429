using Microsoft.Win32.SafeHandles;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>A file descriptor this process owns (a BPF program or map): closed exactly once, when released.</summary>
internal sealed class FileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    public FileDescriptorHandle(int fd) : base(ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => Sys.Close((int)handle) == 0;
}
