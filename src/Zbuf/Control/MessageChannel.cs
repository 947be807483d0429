using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Probe.Zbuf.Interop;

namespace Probe.Zbuf.Control;

/// <summary>
/// Datagrams with file descriptors over a connected SOCK_SEQPACKET Unix socket (sendmsg/recvmsg with SCM_RIGHTS),
/// used by both ends of the control protocol. One datagram is one message: no framing beyond the kernel's.
/// </summary>
public sealed unsafe class MessageChannel(Socket socket) : IDisposable
{
    /// <summary>The most descriptors one message may carry (the kernel's SCM_MAX_FD is 253).</summary>
    public const int MaxDescriptors = 252;

    public Socket Socket { get; } = socket;

    /// <summary>Sends one datagram with <paramref name="descriptors"/> attached. Throws IOException when the peer is gone.</summary>
    public void Send(ReadOnlySpan<byte> datagram, ReadOnlySpan<SafeFileHandle> descriptors)
    {
        if (descriptors.Length > MaxDescriptors)
            throw new ArgumentException($"at most {MaxDescriptors} descriptors per message");
        int controlLength = descriptors.Length == 0 ? 0 : Libc.CmsgSpace(descriptors.Length);
        byte* control = stackalloc byte[Math.Max(controlLength, 1)];
        new Span<byte>(control, Math.Max(controlLength, 1)).Clear();
        if (descriptors.Length > 0)
        {
            var header = (Libc.CmsgHdr*)control;
            header->Length = (nuint)Libc.CmsgLen(descriptors.Length);
            header->Level = Libc.SOL_SOCKET;
            header->Type = Libc.SCM_RIGHTS;
            int* fds = (int*)(control + Libc.CmsgAlign(sizeof(Libc.CmsgHdr)));
            for (int i = 0; i < descriptors.Length; i++)
                fds[i] = (int)descriptors[i].DangerousGetHandle();
        }
        fixed (byte* data = datagram)
        {
            var iov = new Libc.IoVec { Base = data, Length = (nuint)datagram.Length };
            var message = new Libc.MsgHdr
            {
                Iov = &iov,
                IovLength = 1,
                Control = controlLength == 0 ? null : control,
                ControlLength = (nuint)controlLength,
            };
            while (true)
            {
                nint sent = Libc.SendMsg(Socket.SafeHandle, &message, Libc.MSG_NOSIGNAL);
                if (sent >= 0)
                    return;
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR)
                    throw new IOException($"sendmsg on the control socket failed: {Libc.Describe(errno)}");
            }
        }
    }

    /// <summary>
    /// Receives one datagram into <paramref name="buffer"/>, appending any descriptors it carried to
    /// <paramref name="descriptors"/>. Returns its length, or 0 when the peer has closed the connection.
    /// A datagram too long for the buffer, or carrying too many descriptors, is an error (its descriptors are closed).
    /// </summary>
    public int Receive(Span<byte> buffer, List<SafeFileHandle> descriptors)
    {
        int controlLength = Libc.CmsgSpace(MaxDescriptors);
        byte* control = stackalloc byte[controlLength];
        fixed (byte* data = buffer)
        {
            var iov = new Libc.IoVec { Base = data, Length = (nuint)buffer.Length };
            var message = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlLength };
            nint received;
            while (true)
            {
                received = Libc.RecvMsg(Socket.SafeHandle, &message, Libc.MSG_CMSG_CLOEXEC);
                if (received >= 0)
                    break;
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR)
                    throw new IOException($"recvmsg on the control socket failed: {Libc.Describe(errno)}");
            }
            int before = descriptors.Count;
            TakeDescriptors(&message, descriptors);
            if ((message.Flags & (Libc.MSG_TRUNC | Libc.MSG_CTRUNC)) != 0)
            {
                foreach (SafeFileHandle fd in descriptors.Skip(before))
                    fd.Dispose();
                descriptors.RemoveRange(before, descriptors.Count - before);
                throw new InvalidDataException((message.Flags & Libc.MSG_TRUNC) != 0
                    ? $"message longer than {buffer.Length} bytes"
                    : $"message carries more than {MaxDescriptors} file descriptors");
            }
            return (int)received;
        }
    }

    private static void TakeDescriptors(Libc.MsgHdr* message, List<SafeFileHandle> descriptors)
    {
        byte* at = (byte*)message->Control;
        byte* end = at + (int)message->ControlLength;
        while (at + sizeof(Libc.CmsgHdr) <= end)
        {
            var header = (Libc.CmsgHdr*)at;
            if ((int)header->Length < sizeof(Libc.CmsgHdr))
                break;
            if (header->Level == Libc.SOL_SOCKET && header->Type == Libc.SCM_RIGHTS)
            {
                int count = ((int)header->Length - Libc.CmsgAlign(sizeof(Libc.CmsgHdr))) / sizeof(int);
                int* fds = (int*)(at + Libc.CmsgAlign(sizeof(Libc.CmsgHdr)));
                for (int i = 0; i < count; i++)
                    descriptors.Add(new SafeFileHandle(fds[i], ownsHandle: true));
            }
            at += Libc.CmsgAlign((int)header->Length);
        }
    }

    public void Dispose() => Socket.Dispose();
}
