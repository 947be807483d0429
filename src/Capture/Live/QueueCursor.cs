using Probe.Zbuf;

namespace Probe.Capture.Live;

/// <summary>
/// One queue's position in its zbuf stream: the leased buffer (if any) and the offset of its next record, so the
/// merger can take records from several queues in turn while reading each buffer in place.
/// </summary>
internal sealed class QueueCursor(ZbufReader reader)
{
    private ZbufLease _lease;
    private int _offset;

    public ZbufReader Reader { get; } = reader;

    public bool HasLease { get; private set; }

    /// <summary>Timestamp (ns since the epoch) of the last record taken: the queue's stream never goes back before it.</summary>
    public long LastTimestamp { get; private set; } = long.MinValue;

    /// <summary>Takes the queue's next buffer if the appliance has handed it over.</summary>
    public bool TryFill()
    {
        if (!HasLease && Reader.TryAcquire(out _lease))
        {
            HasLease = true;
            _offset = 0;
            SkipToRecord();
        }
        return HasLease;
    }

    /// <summary>The next record's timestamp, or null when the leased buffer is exhausted (it is then released).</summary>
    public long? PeekTimestamp()
    {
        if (!HasLease)
            return null;
        RecordEnumerator records = _lease.RecordsFrom(_offset);
        if (!records.MoveNext())
        {
            ThrowIfMalformed(records);
            Release();
            return null;
        }
        return Nanos(records.Current);
    }

    /// <summary>Writes the next record (the one <see cref="PeekTimestamp"/> saw) and advances past it.</summary>
    public bool WriteNext(RotatingCaptureFile output)
    {
        RecordEnumerator records = _lease.RecordsFrom(_offset);
        records.MoveNext();
        ZbufRecord record = records.Current;
        if (!output.Write(record.Seconds, record.Fraction, record.WireLength, record.Data))
            return false;
        LastTimestamp = Nanos(record);
        _offset = records.NextOffset;
        return true;
    }

    public void Release()
    {
        if (!HasLease)
            return;
        Reader.Release(_lease);
        HasLease = false;
    }

    private void SkipToRecord()
    {
        if (_lease.Length == 0)
            Release();
    }

    private static void ThrowIfMalformed(RecordEnumerator records)
    {
        if (records.Error is not null)
            throw new ZbufException(records.Error);
    }

    private static long Nanos(ZbufRecord r) => r.Seconds * 1_000_000_000 + (long)r.Fraction;
}
