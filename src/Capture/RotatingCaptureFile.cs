using Probe.Pcap;

namespace Probe.Capture;

/// <summary>
/// A capture written to one file or, with a <see cref="RotationPolicy"/>, to a series of files named and reused
/// exactly as tcpdump names them (FILE, FILE1, FILE2... or, with -W N, FILE0..FILE(N-1) with leading zeros).
/// </summary>
public sealed class RotatingCaptureFile : IDisposable
{
    private readonly string _path;
    private readonly CaptureFileFormat _format;
    private readonly CaptureFileWriterOptions _options;
    private readonly RotationPolicy _rotation;
    private readonly int _digits;
    private ICaptureFileWriter _writer;
    private int _index;

    public RotatingCaptureFile(string path, CaptureFileFormat format, CaptureFileWriterOptions options, RotationPolicy rotation)
    {
        _path = path;
        _format = format;
        _options = options;
        _rotation = rotation;
        _digits = DigitsFor(rotation.FileCount);
        _writer = Open(NameOf(0));
    }

    /// <summary>Files closed so far to start a new one.</summary>
    public long Rotations { get; private set; }

    /// <summary>Bytes written over all files.</summary>
    public long BytesWritten => _closedBytes + _writer.BytesWritten;

    private long _closedBytes;

    public string CurrentFile => NameOf(_index);

    public void Write(long seconds, ulong nanoseconds, uint wireLength, ReadOnlySpan<byte> data)
    {
        // tcpdump checks the size before writing each packet, so a file ends just past the limit.
        if (_rotation.MaxFileBytes is long limit && _writer.BytesWritten > limit)
            Rotate();
        _writer.Write(seconds, nanoseconds, wireLength, data);
    }

    public void Flush() => _writer.Flush();

    private void Rotate()
    {
        _closedBytes += _writer.BytesWritten;
        _writer.Dispose();
        _index++;
        if (_rotation.FileCount is int count && _index >= count)
            _index = 0;
        Rotations++;
        _writer = Open(NameOf(_index));
    }

    /// <summary>tcpdump's MakeFilename: the plain name for the first file unless -W asks for digits.</summary>
    private string NameOf(int index) =>
        index == 0 && _digits == 0 ? _path : _path + index.ToString().PadLeft(_digits, '0');

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
