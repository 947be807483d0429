using Probe.Pcap.Internal;

namespace Probe.Pcap;

/// <summary>
/// Reads pcap and pcapng capture files exactly as libpcap 1.10.3 does (same files accepted, same records, same
/// errors), from any stream: a file, a pipe, standard input. One reader serves one thread.
/// </summary>
/// <remarks>
/// Errors are <see cref="PcapFormatException"/>s naming the file and the byte offset of the faulty header or block.
/// A fault in the middle of a file surfaces from the <see cref="TryRead"/> call that reaches it, so every record
/// before it has already been returned; after that, every further call throws the same exception.
/// </remarks>
public abstract class PcapFileReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private PcapFormatException? _fault;
    private bool _disposed;

    private protected PcapFileReader(Stream stream, bool leaveOpen, string fileName, BufferedInput input)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        FileName = fileName;
        Input = input;
    }

    /// <summary>The name used in error messages.</summary>
    public string FileName { get; }

    public CaptureFileFormat Format { get; private protected init; }

    /// <summary>
    /// The LINKTYPE_ value the file declares: for pcap the header's link-type field without its upper 6 "extension"
    /// bits (libpcap 1.10.3 keeps bits 16-25 as part of the type), for pcapng the first Interface Description Block's.
    /// </summary>
    public int LinkType { get; private protected init; }

    /// <summary>The pcap link-type field's upper 6 bits (FCS length information); libpcap writes them back. 0 for pcapng.</summary>
    public uint LinkTypeExtension { get; private protected init; }

    /// <summary>The DLT_ value, as pcap_datalink() reports it (use it with pcap_open_dead / pcap_compile).</summary>
    public int DataLink { get; private protected init; }

    /// <summary>The snapshot length as pcap_snapshot() reports it (0 or above INT_MAX becomes the link type's maximum).</summary>
    public int SnapLength { get; private protected init; }

    /// <summary>Whether the file stores time stamps finer than microseconds (nanosecond pcap, or a pcapng first interface with if_tsresol above 10^-6).</summary>
    public bool IsNanosecond { get; private protected init; }

    /// <summary>Whether the file's byte order differs from this host's (pcap_is_swapped()).</summary>
    public bool IsSwapped { get; private protected init; }

    /// <summary>The pcap header's version, or the first Section Header Block's.</summary>
    public int VersionMajor { get; private protected init; }

    public int VersionMinor { get; private protected init; }

    /// <summary>Byte offset of the next unread byte of the input.</summary>
    public long Position => Input.Position;

    /// <summary>Bumped before every read and on Dispose; a <see cref="PcapRecord"/> checks it in Debug builds.</summary>
    internal int Generation { get; private set; }

    private protected BufferedInput Input { get; }

    /// <summary>Opens a file by path; "-" reads standard input (as libpcap does), named "standard input" in errors.</summary>
    public static PcapFileReader OpenFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "-")
        {
            return Open(Console.OpenStandardInput(), "standard input");
        }

        // No FileStream buffer: BufferedInput reads large blocks itself, a second buffer would only add a copy.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
        try
        {
            return Open(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the file header (pcap) or the Section Header Block up to and including the first Interface Description
    /// Block (pcapng), and returns a reader positioned at the first record.
    /// </summary>
    /// <param name="stream">Any readable stream; it need not be seekable.</param>
    /// <param name="displayName">The name errors carry (usually the path).</param>
    /// <param name="leaveOpen">Whether Dispose leaves <paramref name="stream"/> open.</param>
    public static PcapFileReader Open(Stream stream, string displayName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(displayName);
        var input = new BufferedInput(stream);
        try
        {
            int got = input.Ensure(4);
            if (got < 4)
            {
                throw new PcapFormatException(displayName, 0,
                    $"truncated dump file; tried to read 4 file header bytes, only got {got}");
            }

            uint magic = BitConverter.ToUInt32(input.Buffer, input.Start);
            if (PcapSavefileReader.IsPcapMagic(magic))
            {
                return new PcapSavefileReader(stream, leaveOpen, displayName, input);
            }

            if (PcapNgReader.IsSectionHeaderType(magic))
            {
                PcapNgReader? reader = PcapNgReader.TryOpen(stream, leaveOpen, displayName, input);
                if (reader is not null)
                {
                    return reader;
                }
            }

            throw new PcapFormatException(displayName, 0, "unknown file format");
        }
        catch (IOException ex) when (ex is not PcapFormatException)
        {
            throw new PcapFormatException(displayName, input.Position, $"error reading dump file: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads the next record. Returns false at the end of the file. The record's data stays valid until the next call.
    /// </summary>
    /// <exception cref="PcapFormatException">The next record is malformed or the input ends inside it.</exception>
    public bool TryRead(out PcapRecord record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fault is not null)
        {
            throw _fault;
        }

        Generation++;
        try
        {
            return ReadNext(out record);
        }
        catch (PcapFormatException ex)
        {
            _fault = ex;
            throw;
        }
        catch (IOException ex)
        {
            _fault = new PcapFormatException(FileName, Input.Position, $"error reading dump file: {ex.Message}", ex);
            throw _fault;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Generation++;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private protected abstract bool ReadNext(out PcapRecord record);

    private protected PcapRecord MakeRecord(int dataOffset, int captureLength, uint wireLength, long seconds, ulong nanoseconds, ulong microseconds, int interfaceId) =>
        new(Input.Buffer, dataOffset, captureLength, wireLength, seconds, nanoseconds, microseconds, interfaceId, this, Generation);

    private protected PcapFormatException Error(long offset, string reason) => new(FileName, offset, reason);
}
