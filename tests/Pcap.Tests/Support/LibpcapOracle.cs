using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

/// <summary>Reads a whole file with the system's libpcap 1.10.3.</summary>
internal static class LibpcapOracle
{
    public static unsafe CaptureContents Read(string path, TimestampPrecision precision)
    {
        byte* errorBuffer = stackalloc byte[Interop.LibPcap.ErrorBufferSize];
        errorBuffer[0] = 0;
        uint wanted = precision == TimestampPrecision.Nanosecond ? Interop.LibPcap.PrecisionNano : Interop.LibPcap.PrecisionMicro;
        using PcapHandle handle = Interop.LibPcap.OpenOfflineWithTstampPrecision(path, wanted, errorBuffer);
        if (handle.IsInvalid)
        {
            return new CaptureContents { OpenError = Marshal.PtrToStringUTF8((IntPtr)errorBuffer) };
        }

        var contents = new CaptureContents
        {
            DataLink = Interop.LibPcap.Datalink(handle),
            SnapLength = Interop.LibPcap.Snapshot(handle),
        };

        while (true)
        {
            int status = Interop.LibPcap.NextEx(handle, out Interop.LibPcap.PacketHeader* header, out byte* data);
            if (status == 1)
            {
                var bytes = new ReadOnlySpan<byte>(data, (int)header->CaptureLength).ToArray();
                contents.Packets.Add(new CapturedPacket(header->Seconds, header->Fraction, header->CaptureLength, header->WireLength, bytes));
                continue;
            }

            if (status == -1)
            {
                contents.ReadError = Marshal.PtrToStringUTF8(Interop.LibPcap.GetErr(handle));
            }
            else
            {
                Assert.Equal(-2, status); // PCAP_ERROR_BREAK: end of a savefile
            }

            return contents;
        }
    }
}
