using Probe.Zbuf;

namespace Probe.Capture;

/// <summary>
/// A zbuf consumer that records: takes each buffer the descriptor hands over, writes its records to the capture
/// file straight from the shared buffer (no intermediate copy), and acknowledges the buffer.
/// </summary>
public sealed class RecordWriter(ZbufReader reader, RotatingCaptureFile output, long? limit)
{
    public long Written { get; private set; }

    /// <summary>Packet bytes written (caplen summed): compared with the descriptor's captured bytes, the backlog.</summary>
    public long WrittenPacketBytes { get; private set; }

    public bool LimitReached => Written >= limit || output.FileLimitReached;

    public RotatingCaptureFile Output => output;

    /// <summary>Writes one consumer-owned buffer and hands it back, even if writing fails. Throws on a malformed buffer.</summary>
    public void Consume(in ZbufLease lease)
    {
        RecordEnumerator records = lease.Records;
        try
        {
            while (!LimitReached && records.MoveNext())
            {
                ZbufRecord record = records.Current;
                if (!output.Write(record.Seconds, record.Fraction, record.WireLength, record.Data))
                    break;
                Written++;
                WrittenPacketBytes += record.Data.Length;
            }
        }
        finally
        {
            reader.Release(lease);
        }
        if (records.Error is not null)
            throw new ZbufException(records.Error);
    }
}
