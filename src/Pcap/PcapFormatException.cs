namespace Probe.Pcap;

/// <summary>
/// A capture file that libpcap 1.10.3 would refuse, or a read that failed. <see cref="Reason"/> carries libpcap's own
/// wording where libpcap has one; <see cref="Offset"/> is the byte offset of the offending file header, record header
/// or pcapng block (for a short file, where the missing bytes were expected).
/// </summary>
public sealed class PcapFormatException : IOException
{
    public PcapFormatException(string fileName, long offset, string reason, Exception? innerException = null)
        : base($"{fileName}: offset {offset}: {reason}", innerException)
    {
        FileName = fileName;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The display name the reader was opened with.</summary>
    public string FileName { get; }

    /// <summary>Byte offset, from the start of the input, of the header, record or block at fault.</summary>
    public long Offset { get; }

    /// <summary>The reason alone, without file name and offset (libpcap's errbuf text where it has one).</summary>
    public string Reason { get; }
}
