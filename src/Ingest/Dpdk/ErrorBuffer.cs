using System.Runtime.InteropServices;
using Probe.Ingest.Dpdk.Interop;

namespace Probe.Ingest.Dpdk;

/// <summary>The err buffer every control call of the shim fills (the caller stackallocs it).</summary>
internal static unsafe class ErrorBuffer
{
    public const int Capacity = Pdk.ErrorCapacity;

    /// <summary>Returns a non-negative status; turns a negative one into a DpdkException carrying the shim's message.</summary>
    public static int Check(int status, byte* err, string what)
    {
        if (status >= 0)
            return status;
        string message = Marshal.PtrToStringUTF8((nint)err) ?? "";
        throw new DpdkException($"{what}: {(message.Length > 0 ? message : $"status {status}")}", status);
    }
}
