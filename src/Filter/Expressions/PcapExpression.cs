using System.Runtime.InteropServices;
using Probe.Filter.Interop;

namespace Probe.Filter.Expressions;

/// <summary>
/// Filter expressions in tcpdump's language, compiled by libpcap itself (pcap_compile on a
/// pcap_open_dead handle, or on the capture file's own handle), so the semantics and every error
/// message are libpcap's. No parser of our own.
/// </summary>
public static class PcapExpression
{
    /// <summary>The snap length tcpdump uses when none is given (MAXIMUM_SNAPLEN).</summary>
    public const int DefaultSnapLength = 262144;

    /// <summary>
    /// The netmask tcpdump passes when it has no live interface (reading a file, or -d): 0. With it,
    /// <c>ip broadcast</c> compiles as a test against 0.0.0.0 and 255.255.255.255.
    /// </summary>
    public const uint NoNetmask = 0;

    /// <summary>PCAP_NETMASK_UNKNOWN: makes libpcap refuse <c>ip broadcast</c> instead of guessing.</summary>
    public const uint UnknownNetmask = 0xffffffff;

    // Why: libpcap before 1.8 kept compiler state in globals; 1.10's pcap_compile is reentrant, but
    // compiles are rare and cheap, and one lock keeps this correct on any libpcap the machine has.
    private static readonly Lock CompileLock = new();

    /// <summary>
    /// Compiles <paramref name="expression"/> for link type <paramref name="dlt"/> (a DLT_ value, as
    /// pcap_datalink returns) and snap length <paramref name="snapLength"/>, with libpcap's optimizer
    /// unless <paramref name="optimize"/> is false (tcpdump -O), as for a live capture (tcpdump -i, -d).
    /// An empty expression accepts everything.
    /// </summary>
    /// <exception cref="PcapCompileException">libpcap rejected the expression; the message is libpcap's.</exception>
    public static BpfProgram Compile(string expression, int dlt, int snapLength = DefaultSnapLength, bool optimize = true, uint netmask = NoNetmask)
    {
        CheckExpression(expression);
        lock (CompileLock)
        {
            using Libpcap.SafePcapHandle pcap = Libpcap.OpenDead(dlt, snapLength);
            if (pcap.IsInvalid)
                throw new OutOfMemoryException("pcap_open_dead failed: libpcap could not allocate a handle");
            return CompileOn(pcap, expression, optimize, netmask);
        }
    }

    /// <summary>
    /// Compiles <paramref name="expression"/> as tcpdump -r does for <paramref name="path"/>: for the file's
    /// link type and snap length, and with libpcap's rules for saved captures, which differ from a live
    /// capture's for some link types (on DLT_NULL, <c>ip6</c> accepts every BSD's AF_INET6 value, in the
    /// file's byte order).
    /// </summary>
    /// <exception cref="IOException">libpcap cannot read the file (its message).</exception>
    /// <exception cref="PcapCompileException">libpcap rejected the expression; the message is libpcap's.</exception>
    public static unsafe BpfProgram CompileForCaptureFile(string expression, string path, bool optimize = true, uint netmask = NoNetmask)
    {
        CheckExpression(expression);
        ArgumentNullException.ThrowIfNull(path);
        lock (CompileLock)
        {
            byte* errors = stackalloc byte[Libpcap.ErrorBufferSize];
            errors[0] = 0;
            using Libpcap.SafePcapHandle pcap = Libpcap.OpenOffline(path, errors);
            if (pcap.IsInvalid)
                throw new IOException(Marshal.PtrToStringUTF8((nint)errors) ?? $"libpcap cannot read {path}");
            return CompileOn(pcap, expression, optimize, netmask);
        }
    }

    private static void CheckExpression(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Contains('\0'))
            throw new ArgumentException("the filter expression contains a NUL character, which would cut it short in libpcap", nameof(expression));
    }

    private static unsafe BpfProgram CompileOn(Libpcap.SafePcapHandle pcap, string expression, bool optimize, uint netmask)
    {
        Libpcap.BpfProgramStruct compiled = default;
        if (Libpcap.Compile(pcap, &compiled, expression, optimize ? 1 : 0, netmask) == Libpcap.PCAP_ERROR)
            throw new PcapCompileException(Marshal.PtrToStringUTF8(Libpcap.GetErr(pcap)) ?? "", expression);
        try
        {
            // libpcap validated its own output with its own rules; BpfProgram checks it against ours.
            return new BpfProgram(new ReadOnlySpan<BpfInstruction>(compiled.Instructions, checked((int)compiled.Length)));
        }
        finally
        {
            Libpcap.FreeCode(&compiled);
        }
    }
}
