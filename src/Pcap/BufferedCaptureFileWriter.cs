using Probe.Pcap.Internal;

namespace Probe.Pcap;

/// <summary>
/// What the pcap and pcapng writers share: the output buffer, the precision the fraction is written in, flushing,
/// and disposal (which flushes, then closes the stream unless told to leave it open).
/// </summary>
public abstract class BufferedCaptureFileWriter : ICaptureFileWriter
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private bool _disposed;

    private protected BufferedCaptureFileWriter(Stream stream, CaptureFileWriterOptions options, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        _stream = stream;
        _leaveOpen = leaveOpen;
        Output = new BufferedOutput(stream);
        Precision = options.Precision;
    }

    private protected BufferedOutput Output { get; }

    private protected bool IsNanosecond => Precision == TimestampPrecision.Nanosecond;

    public long BytesWritten => Output.BytesWritten;

    public TimestampPrecision Precision { get; }

    public void Write(in PcapRecord record) =>
        WriteRecord(record.Seconds, IsNanosecond ? record.Nanoseconds : record.Microseconds, record.WireLength, record.Data);

    public void Write(long seconds, ulong nanoseconds, uint wireLength, ReadOnlySpan<byte> data) =>
        WriteRecord(seconds, IsNanosecond ? nanoseconds : nanoseconds / 1000, wireLength, data);

    /// <summary>One packet, <paramref name="fraction"/> already in the file's precision.</summary>
    private protected abstract void WriteRecord(long seconds, ulong fraction, uint wireLength, ReadOnlySpan<byte> data);

    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public void Flush()
    {
        ThrowIfDisposed();
        Output.Flush();
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        try
        {
            Output.Flush();
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen)
                _stream.Dispose();
        }
    }
}
