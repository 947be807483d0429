namespace Probe.Pcap.Tests;

/// <summary>
/// A non-seekable stream that hands out 1 to 7 bytes per read, as a slow pipe may: a reader must not assume a read
/// fills its request.
/// </summary>
internal sealed class TrickleStream(Stream inner) : Stream
{
    private int _next;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        _next = (_next % 7) + 1;
        return inner.Read(buffer, offset, Math.Min(count, _next));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
