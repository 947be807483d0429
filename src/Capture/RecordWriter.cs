using Probe.Pcap;
using Probe.Zbuf;

namespace Probe.Capture;

/// <summary>
/// The consumer half of zcap: takes each buffer the descriptor hands over, writes its records to the output
/// file in place (no copy into an intermediate structure), and acknowledges the buffer.
/// </summary>
internal sealed class RecordWriter(ZbufReader reader, ICaptureFileWriter output, long? limit)
{
    public long Written { get; private set; }

    public bool LimitReached => Written >= limit;

    /// <summary>Writes one consumer-owned buffer and hands it back. Throws on a malformed buffer.</summary>
    public void Consume(in ZbufLease lease)
    {
        RecordEnumerator records = lease.Records;
        try
        {
            while (!LimitReached && records.MoveNext())
            {
                ZbufRecord record = records.Current;
                output.Write(record.Seconds, record.Fraction, record.WireLength, record.Data);
                Written++;
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
