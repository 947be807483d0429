using System.Runtime.InteropServices;
using Probe.Pcap.Internal;

namespace Probe.Pcap;

/// <summary>
/// Writes a classic pcap file byte for byte as libpcap 1.10.3's pcap_dump_open / pcap_dump do: host byte order,
/// version 2.4, thiszone 0, sigfigs 0; each record's seconds and fraction stored as their low 32 bits.
/// </summary>
public sealed class PcapFileWriter : ICaptureFileWriter
{
    private const uint MicrosecondMagic = 0xA1B2C3D4;
    private const uint NanosecondMagic = 0xA1B23C4D;
    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly BufferedOutput _output;
    private readonly bool _nanosecond;
    private bool _disposed;

    /// <summary>Writes the file header into the buffer (it reaches the stream with the first flush).</summary>
    public PcapFileWriter(Stream stream, CaptureFileWriterOptions options, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.LinkType);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SnapLength);

        _stream = stream;
        _leaveOpen = leaveOpen;
        _output = new BufferedOutput(stream);
        _nanosecond = options.Precision == TimestampPrecision.Nanosecond;
        Precision = options.Precision;

        Span<byte> header = _output.Reserve(FileHeaderLength);
        MemoryMarshal.Write(header, _nanosecond ? NanosecondMagic : MicrosecondMagic);
        MemoryMarshal.Write(header[4..], (ushort)2);
        MemoryMarshal.Write(header[6..], (ushort)4);
        MemoryMarshal.Write(header[8..], 0);
        MemoryMarshal.Write(header[12..], 0);
        MemoryMarshal.Write(header[16..], options.SnapLength);
        MemoryMarshal.Write(header[20..], (uint)options.LinkType | options.LinkTypeExtension);
        _output.Commit(FileHeaderLength);
    }

    public long BytesWritten => _output.BytesWritten;

    public TimestampPrecision Precision { get; }

    public void Write(in PcapRecord record) =>
        WriteRecord(record.Seconds, _nanosecond ? record.Nanoseconds : record.Microseconds, record.WireLength, record.Data);

    public void Write(long seconds, ulong nanoseconds, uint wireLength, ReadOnlySpan<byte> data) =>
        WriteRecord(seconds, _nanosecond ? nanoseconds : nanoseconds / 1000, wireLength, data);

    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _output.Flush();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _output.Flush();
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private void WriteRecord(long seconds, ulong fraction, uint wireLength, ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // pcap_dump casts both time fields to 32 bits: seconds past 2106 and unnormalised fractions keep their low bits.
        Span<byte> header = _output.Reserve(RecordHeaderLength);
        MemoryMarshal.Write(header, unchecked((uint)seconds));
        MemoryMarshal.Write(header[4..], unchecked((uint)fraction));
        MemoryMarshal.Write(header[8..], (uint)data.Length);
        MemoryMarshal.Write(header[12..], wireLength);
        _output.Commit(RecordHeaderLength);
        _output.Write(data);
    }
}
