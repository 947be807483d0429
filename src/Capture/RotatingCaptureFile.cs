using Probe.Pcap;

namespace Probe.Capture;

/// <summary>
/// A capture written to one file or, with a <see cref="RotationPolicy"/>, to a series of files named and reused
/// exactly as tcpdump 4.99 does: -C appends a count (FILE, FILE1, FILE2...; with -W N, FILE0..FILE(N-1), zero-padded
/// to the digits of N-1, reused as a ring); -G formats the -w name with strftime at each period; -G with -W stops
/// after N files (<see cref="FileLimitReached"/>).
/// </summary>
public sealed class RotatingCaptureFile : IDisposable
{
    private readonly string _path;
    private readonly CaptureFileFormat _format;
    private readonly CaptureFileWriterOptions _options;
    private readonly RotationPolicy _rotation;
    private readonly TimeProvider _clock;
    private readonly int _digits;
    private ICaptureFileWriter _writer;
    private string _baseName;        // the -w name after strftime (-G), before the -C count
    private int _sizeIndex;          // tcpdump's Cflag_count
    private int _periods;            // tcpdump's Gflag_count
    private DateTimeOffset _periodStart;
    private long _closedBytes;

    public RotatingCaptureFile(string path, CaptureFileFormat format, CaptureFileWriterOptions options, RotationPolicy rotation,
        TimeProvider? clock = null)
    {
        _path = path;
        _format = format;
        _options = options;
        _rotation = rotation;
        _clock = clock ?? TimeProvider.System;
        // tcpdump pads the -C count to the digits of -W-1 only when -W is given with -C.
        _digits = rotation.MaxFileBytes is not null ? DigitsFor(rotation.FileCount) : 0;
        _periodStart = Now();
        _baseName = TimeName(_periodStart);
        _writer = Open(CurrentFile);
    }

    /// <summary>Files closed so far to start a new one.</summary>
    public long Rotations { get; private set; }

    /// <summary>Bytes written over all files.</summary>
    public long BytesWritten => _closedBytes + _writer.BytesWritten;

    /// <summary>-G with -W: the last allowed file is complete; the caller stops capturing (tcpdump exits 0).</summary>
    public bool FileLimitReached { get; private set; }

    public string CurrentFile => _sizeIndex == 0 && _digits == 0 ? _baseName : _baseName + _sizeIndex.ToString().PadLeft(_digits, '0');

    /// <summary>Writes a packet, rotating first as tcpdump does before each packet. Returns false (writing nothing)
    /// once -G -W's file limit is reached.</summary>
    public bool Write(long seconds, ulong nanoseconds, uint wireLength, ReadOnlySpan<byte> data)
    {
        if (FileLimitReached)
            return false;
        if (_rotation.Seconds is int period && Now() - _periodStart >= TimeSpan.FromSeconds(period))
        {
            _periods++;
            if (_rotation.FileCount is int limit && _rotation.MaxFileBytes is null && _periods >= limit)
            {
                FileLimitReached = true;
                return false;
            }
            _periodStart = Now();
            _baseName = TimeName(_periodStart);
            _sizeIndex = 0;
            Reopen();
        }
        if (_rotation.MaxFileBytes is long max && _writer.BytesWritten > max)
        {
            _sizeIndex++;
            if (_rotation.FileCount is int count && _sizeIndex >= count)
                _sizeIndex = 0;
            Reopen();
        }
        _writer.Write(seconds, nanoseconds, wireLength, data);
        return true;
    }

    public void Flush() => _writer.Flush();

    private void Reopen()
    {
        _closedBytes += _writer.BytesWritten;
        _writer.Dispose();
        Rotations++;
        _writer = Open(CurrentFile);
    }

    private DateTimeOffset Now() => _clock.GetLocalNow();

    private string TimeName(DateTimeOffset time) => _rotation.Seconds is null ? _path : Strftime.Format(_path, time);

    /// <summary>tcpdump's getWflagChars: the digits of N-1.</summary>
    private static int DigitsFor(int? fileCount)
    {
        int digits = 0;
        for (int x = (fileCount ?? 0) - 1; x > 0; x /= 10)
            digits++;
        return digits;
    }

    private ICaptureFileWriter Open(string name)
    {
        Stream stream = name == "-"
            ? Console.OpenStandardOutput()
            : new FileStream(name, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        return CaptureFileWriter.Create(stream, _format, _options);
    }

    public void Dispose() => _writer.Dispose();
}
