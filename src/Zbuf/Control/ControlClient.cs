using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using Probe.Zbuf.SharedMemory;

namespace Probe.Zbuf.Control;

/// <summary>
/// A consumer's connection to the appliance: one descriptor per attached queue, set up with the requests of
/// docs/control-protocol.md. Each method is one request and its reply; a refusal throws <see cref="ControlException"/>
/// carrying the appliance's reason.
/// </summary>
public sealed class ControlClient : IDisposable
{
    private readonly MessageChannel _channel;
    private readonly byte[] _receive = new byte[ControlProtocol.MaxMessage];
    private uint _sequence;

    private ControlClient(MessageChannel channel) => _channel = channel;

    public static ControlClient Connect(string path = ControlProtocol.DefaultSocketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"cannot connect to the appliance's control socket {path}: {e.Message}" +
                                  (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.ConnectionRefused
                                      ? " (is `appliance run` running?)" : ""), e);
        }
        return new ControlClient(new MessageChannel(socket));
    }

    public void SetBufferMode(int mode) => Call(ControlOp.SetBufferMode, new PayloadWriter().U32((uint)mode));

    public uint GetMaxBufferSize()
    {
        var r = new PayloadReader(Call(ControlOp.GetMaxBufferSize, new PayloadWriter()));
        return r.U32("max_buffer_bytes");
    }

    public AttachResult Attach(string device, int queue = ControlProtocol.AllQueues)
    {
        var r = new PayloadReader(Call(ControlOp.Attach, new PayloadWriter().I32(queue).Text(device)));
        return new AttachResult((int)r.U32("queues"), (int)r.U32("linktype"), r.U32("snaplen"));
    }

    /// <summary>Asks the appliance for the buffers (hugepage-backed where it can) and maps them: one reader per queue.</summary>
    public IReadOnlyList<ZbufReader> AllocateBuffers(int bytes, HugepagePolicy hugepages, out bool hugepageBacked)
    {
        var fds = new List<SafeFileHandle>();
        byte[] reply = Call(ControlOp.AllocateBuffers, new PayloadWriter().U32((uint)bytes).U32((uint)hugepages), [], fds);
        var r = new PayloadReader(reply);
        r.U32("buffer_bytes");
        hugepageBacked = r.U32("hugepage_backed") != 0;
        return MapPairs(fds);
    }

    /// <summary>Loans the consumer's own memfds (BIOCSETZBUF): pairs in queue order. The appliance maps them too.</summary>
    public void LoanBuffers(int bytes, IReadOnlyList<SafeFileHandle> buffers) =>
        Call(ControlOp.SetBuffers, new PayloadWriter().U32((uint)bytes), buffers.ToArray(), null);

    public void SetFilter(IReadOnlyList<(ushort Code, byte Jt, byte Jf, uint K)> program)
    {
        var w = new PayloadWriter().U32((uint)program.Count);
        foreach (var i in program)
            w.U16(i.Code).Bytes([i.Jt, i.Jf]).U32(i.K);
        Call(ControlOp.SetFilter, w);
    }

    /// <summary>Compiles <paramref name="expression"/> in the appliance (libpcap, the interface's link type).</summary>
    public int SetFilterExpression(string expression)
    {
        var r = new PayloadReader(Call(ControlOp.SetFilterExpression, new PayloadWriter().Text(expression)));
        return (int)r.U32("instructions");
    }

    public void SetSnapLength(uint snaplen) => Call(ControlOp.SetSnapLength, new PayloadWriter().U32(snaplen));
    public void SetTimestampFormat(TimestampFormat format) => Call(ControlOp.SetTimestampFormat, new PayloadWriter().U32((uint)format));
    public void SetImmediate(bool on) => Call(ControlOp.SetImmediate, new PayloadWriter().U32(on ? 1u : 0u));
    public void SetTimeout(TimeSpan timeout) => Call(ControlOp.SetTimeout, new PayloadWriter().U32((uint)timeout.TotalMilliseconds));
    public void Rotate() => Call(ControlOp.Rotate, new PayloadWriter());
    public void Flush() => Call(ControlOp.Flush, new PayloadWriter());
    public void Lock() => Call(ControlOp.Lock, new PayloadWriter());

    public DescriptorSetStatistics GetStatistics()
    {
        var r = new PayloadReader(Call(ControlOp.GetStatistics, new PayloadWriter()));
        int n = (int)r.U32("queues");
        var queues = new QueueStatistics[n];
        for (int i = 0; i < n; i++)
            queues[i] = new QueueStatistics(r.U64("received"), r.U64("matched"), r.U64("captured"), r.U64("dropped"),
                r.U64("captured_bytes"), r.U64("hand_overs"), r.U64("timeouts"));
        return new DescriptorSetStatistics(queues, r.U64("nic_dropped"));
    }

    public ConsumerWakeup GetWakeup()
    {
        var fds = new List<SafeFileHandle>();
        Call(ControlOp.GetWakeup, new PayloadWriter(), [], fds);
        if (fds.Count != 2)
            throw new InvalidDataException($"GET_WAKEUP replied with {fds.Count} descriptors, expected 2");
        return new ConsumerWakeup(fds[0], fds[1]);
    }

    /// <summary>Every descriptor of the appliance, one text line each (what `appliance stat` prints).</summary>
    public string List() => new PayloadReader(Call(ControlOp.List, new PayloadWriter())).Text();

    /// <summary>Sends a raw request (tests use it to send malformed ones). Returns the reply payload.</summary>
    public byte[] Call(ControlOp op, PayloadWriter payload, SafeFileHandle[]? send = null, List<SafeFileHandle>? received = null) =>
        CallRaw(op, PayloadWriter.Request(op, ++_sequence, payload.ToArray()), send ?? [], received);

    public byte[] CallRaw(ControlOp op, byte[] datagram, SafeFileHandle[] send, List<SafeFileHandle>? received)
    {
        _channel.Send(datagram, send);
        var fds = received ?? [];
        int n = _channel.Receive(_receive, fds);
        if (n == 0)
            throw new IOException("the appliance closed the control connection");
        var r = new PayloadReader(_receive.AsSpan(0, n));
        var replyOp = (ControlOp)r.U16("op");
        r.U16("reserved");
        r.U32("sequence");
        int status = r.I32("status");
        byte[] payload = _receive.AsSpan(ControlProtocol.HeaderSize, n - ControlProtocol.HeaderSize).ToArray();
        if (status < 0)
        {
            foreach (SafeFileHandle fd in fds)
                fd.Dispose();
            throw new ControlException(replyOp, status, System.Text.Encoding.UTF8.GetString(payload));
        }
        if (received is null)
            foreach (SafeFileHandle fd in fds)
                fd.Dispose();
        return payload;
    }

    private static List<ZbufReader> MapPairs(List<SafeFileHandle> fds)
    {
        if (fds.Count == 0 || fds.Count % 2 != 0)
            throw new InvalidDataException($"expected buffer pairs, got {fds.Count} descriptors");
        var readers = new List<ZbufReader>();
        for (int i = 0; i < fds.Count; i += 2)
            readers.Add(ZbufReader.Attach(fds[i], fds[i + 1]));
        return readers;
    }

    public void Close()
    {
        try
        {
            Call(ControlOp.Close, new PayloadWriter());
        }
        catch (IOException)
        {
            // already gone
        }
    }

    public void Dispose() => _channel.Dispose();
}
