using System.Diagnostics;
using Probe.Zbuf;
using Probe.Zbuf.Tests;

// Usage: Zbuf.StressConsumer PATH_A PATH_B SEED MAX_DELAY_US MAX_LENGTH
// Reads until the producer writes "done" on stdin and no buffer is left, then prints one result line.
string pathA = args[0], pathB = args[1];
var random = new Random(int.Parse(args[2]));
int maxDelayMicros = int.Parse(args[3]);
int maxLength = int.Parse(args[4]);

using ZbufReader reader = ZbufReader.Open(pathA, pathB);
bool producerDone = false;
var stdin = new Thread(() => { Console.In.ReadLine(); Volatile.Write(ref producerDone, true); }) { IsBackground = true };
stdin.Start();

long received = 0, buffers = 0, corrupt = 0, outOfOrder = 0, changed = 0, malformed = 0;
ulong sum = 0, mixed = 0;
long last = -1;
while (true)
{
    bool done = Volatile.Read(ref producerDone);
    if (!reader.TryAcquire(out ZbufLease lease))
    {
        if (done)
            break; // the producer drained before saying done: nothing more can arrive
        Thread.SpinWait(50);
        continue;
    }
    buffers++;
    ulong before = StressPacket.Checksum(lease.Bytes);
    RecordEnumerator records = lease.Records;
    foreach (ZbufRecord record in records)
    {
        if (!StressPacket.IsIntact(record.Data, out ulong seq)
            || record.WireLength != StressPacket.LengthOf(seq, maxLength)
            || record.Data.Length != record.WireLength
            || record.Seconds != StressPacket.SecondsOf(seq)
            || record.Fraction != StressPacket.NanosOf(seq))
        {
            corrupt++;
            continue;
        }
        if ((long)seq <= last)
            outOfOrder++;
        last = (long)seq;
        received++;
        sum += seq;
        mixed += StressPacket.Mix(seq);
    }
    if (records.Error is not null)
        malformed++;
    if (random.Next(4) == 0)
    {
        // A slow consumer: hold the buffer for a while so the producer fills the other one and must drop.
        long until = Stopwatch.GetTimestamp() + random.Next(maxDelayMicros + 1) * Stopwatch.Frequency / 1_000_000;
        while (Stopwatch.GetTimestamp() < until)
            Thread.SpinWait(20);
    }
    if (StressPacket.Checksum(lease.Bytes) != before)
        changed++;
    reader.Release(lease);
}
Console.WriteLine($"received={received} sum={sum} mixed={mixed} buffers={buffers} corrupt={corrupt} outoforder={outOfOrder} changed={changed} malformed={malformed}");
