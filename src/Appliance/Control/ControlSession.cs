using Microsoft.Win32.SafeHandles;
using Probe.Appliance.Runtime;
using Probe.Filter;
using Probe.Filter.Expressions;
using Probe.Ingest;
using Probe.Pcap;
using Probe.Zbuf;
using Probe.Zbuf.Control;
using Probe.Zbuf.SharedMemory;

namespace Probe.Appliance.Control;

/// <summary>
/// One consumer connection: its descriptors (one per attached queue), their buffers and filter, served request by
/// request on its own thread. A refusal never harms the connection; the end of the connection (CLOSE, EOF, the peer
/// killed) detaches and unmaps everything the session owns, and nothing else.
/// </summary>
internal sealed class ControlSession : IDisposable
{
    private readonly MessageChannel _channel;
    private readonly PeerCredentials _peer;
    private readonly string _command;
    private readonly ControlContext _context;
    private readonly string _id;
    private readonly List<SafeFileHandle> _received = [];
    private readonly byte[] _buffer = new byte[ControlProtocol.MaxMessage];

    private CaptureInterface? _interface;
    private IReadOnlyList<QueuePoller> _pollers = [];
    private readonly List<(ZbufDescriptor Descriptor, CaptureTap Tap, RegisteredDescriptor Entry)> _descriptors = [];
    private IPacketFilter _filter = AcceptAllFilter.Instance;
    private DescriptorOptions _options = new();
    private bool _locked;
    private WakeupSignal? _wakeup;

    public ControlSession(MessageChannel channel, PeerCredentials peer, ControlContext context, string id)
    {
        _channel = channel;
        _peer = peer;
        _command = peer.Command;
        _context = context;
        _id = id;
    }

    public string Describe => $"pid {_peer.Pid} ({_command}, uid {_peer.Uid})";

    /// <summary>Serves requests until the consumer closes or goes away.</summary>
    public void Run()
    {
        try
        {
            while (true)
            {
                _received.Clear();
                int length;
                try
                {
                    length = _channel.Receive(_buffer, _received);
                }
                catch (InvalidDataException e)
                {
                    Reply(ControlOp.Close, 0, -ControlRefusal.EINVAL, e.Message);
                    continue;
                }
                if (length == 0)
                    return; // EOF: the consumer closed or died
                if (!Serve(_buffer.AsSpan(0, length)))
                    return;
            }
        }
        catch (IOException)
        {
            // the peer vanished mid-reply: the same as EOF
        }
        finally
        {
            foreach (SafeFileHandle fd in _received)
                fd.Dispose();
        }
    }

    /// <summary>One request; false after CLOSE.</summary>
    private bool Serve(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < ControlProtocol.HeaderSize)
        {
            Reply(0, 0, -ControlRefusal.EINVAL, $"request of {datagram.Length} bytes is shorter than the 12-byte header");
            return true;
        }
        var header = new PayloadReader(datagram);
        var op = (ControlOp)header.U16("op");
        header.U16("reserved");
        uint sequence = header.U32("sequence");
        uint declared = header.U32("payload_length");
        ReadOnlySpan<byte> payload = datagram[ControlProtocol.HeaderSize..];
        if (declared != payload.Length)
        {
            Reply(op, sequence, -ControlRefusal.EINVAL, $"payload_length says {declared} bytes but {payload.Length} followed");
            return true;
        }
        try
        {
            (byte[] reply, SafeFileHandle[] fds) = Dispatch(op, payload);
            _channel.Send(PayloadWriter.Reply(op, sequence, 0, reply), fds);
            return op != ControlOp.Close;
        }
        catch (Exception e) when (e is ControlRefusal or InvalidDataException or ZbufException or PcapCompileException
                                      or BpfValidationException)
        {
            int errno = e switch
            {
                ControlRefusal r => r.Errno,
                ZbufException z when z.Errno == ControlRefusal.ENOMEM => ControlRefusal.ENOMEM,
                _ => ControlRefusal.EINVAL,
            };
            Reply(op, sequence, -errno, e.Message);
            return true;
        }
        finally
        {
            // Descriptors a request carried are ours to close once it is served (mapped ones keep their own copy).
            foreach (SafeFileHandle fd in _received)
                fd.Dispose();
            _received.Clear();
        }
    }

    private void Reply(ControlOp op, uint sequence, int status, string reason) =>
        _channel.Send(PayloadWriter.Reply(op, sequence, status, System.Text.Encoding.UTF8.GetBytes(reason)), []);

    private (byte[], SafeFileHandle[]) Dispatch(ControlOp op, ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        switch (op)
        {
            case ControlOp.SetBufferMode:
                uint mode = r.U32("mode");
                r.End("SET_BUFMODE");
                return mode switch
                {
                    ControlProtocol.BufferModeZeroCopy => Ok(),
                    ControlProtocol.BufferModeBuffered => throw new ControlRefusal(ControlRefusal.EOPNOTSUPP,
                        "buffered mode (copies through read(2)) is not offered: only zero-copy buffers (mode 2)"),
                    _ => throw new ControlRefusal(ControlRefusal.EINVAL, $"unknown buffer mode {mode}"),
                };
            case ControlOp.GetMaxBufferSize:
                r.End("GET_ZMAX");
                return Ok(new PayloadWriter().U32((uint)_context.MaxBufferBytes));
            case ControlOp.Attach:
                return Attach(r.I32("queue"), r.Text());
            case ControlOp.SetBuffers:
                return LoanBuffers(r);
            case ControlOp.AllocateBuffers:
                return AllocateBuffers(r);
            case ControlOp.SetFilter:
                return SetFilter(r);
            case ControlOp.SetFilterExpression:
                return SetFilterExpression(r.Text());
            case ControlOp.SetSnapLength:
                uint snaplen = r.U32("snaplen");
                r.End("SET_SNAPLEN");
                if (snaplen == 0)
                    throw new ControlRefusal(ControlRefusal.EINVAL, "snap length must be at least 1");
                return Reconfigure(_options with { SnapLength = snaplen });
            case ControlOp.SetTimestampFormat:
                uint format = r.U32("format");
                r.End("SET_TSTAMP");
                if (format > (uint)TimestampFormat.Bintime)
                    throw new ControlRefusal(ControlRefusal.EINVAL, $"unknown timestamp format {format} (0 nanotime, 1 microtime, 2 bintime)");
                return Reconfigure(_options with { TimestampFormat = (TimestampFormat)format });
            case ControlOp.SetImmediate:
                uint on = r.U32("on");
                r.End("SET_IMMEDIATE");
                return Reconfigure(_options with { Immediate = on != 0 });
            case ControlOp.SetTimeout:
                uint ms = r.U32("milliseconds");
                r.End("SET_TIMEOUT");
                return Reconfigure(_options with { ReadTimeout = TimeSpan.FromMilliseconds(ms) });
            case ControlOp.Rotate:
                r.End("ROTATE");
                foreach (var d in _descriptors)
                    d.Descriptor.RequestRotate();
                return Ok();
            case ControlOp.Flush:
                r.End("FLUSH");
                foreach (var d in _descriptors)
                    d.Descriptor.RequestFlush();
                return Ok();
            case ControlOp.GetStatistics:
                r.End("GET_STATS");
                return Ok(Statistics());
            case ControlOp.Lock:
                r.End("LOCK");
                _locked = true;
                return Ok();
            case ControlOp.GetWakeup:
                r.End("GET_WAKEUP");
                _wakeup ??= new WakeupSignal();
                foreach (var d in _descriptors)
                    d.Descriptor.Observer = _wakeup;
                return (Array.Empty<byte>(), _wakeup.Descriptors);
            case ControlOp.List:
                r.End("LIST");
                return Ok(new PayloadWriter().Text(DescriptorTable.Format(_context.Registry.All)));
            case ControlOp.Close:
                return Ok();
            default:
                throw new ControlRefusal(ControlRefusal.EINVAL, $"unknown request {(ushort)op}");
        }
    }

    private static (byte[], SafeFileHandle[]) Ok(PayloadWriter? payload = null) => (payload?.ToArray() ?? [], []);

    private void RefuseIfLocked(string what)
    {
        if (_locked)
            throw new ControlRefusal(ControlRefusal.EPERM, $"{what} refused: the descriptor is locked (LOCK)");
    }

    private (byte[], SafeFileHandle[]) Attach(int queue, string name)
    {
        RefuseIfLocked("ATTACH");
        if (_interface is not null)
            throw new ControlRefusal(ControlRefusal.EBUSY, $"already attached to {_interface.Name}; open another connection for another interface");
        CaptureInterface iface = _context.Interfaces.FirstOrDefault(i => i.Answers(name))
            ?? throw new ControlRefusal(ControlRefusal.ENXIO,
                $"no interface '{name}' (interfaces: {string.Join(", ", _context.Interfaces.Select(i => i.Name))})");
        if (queue != ControlProtocol.AllQueues && (queue < 0 || queue >= iface.Queues.Count))
            throw new ControlRefusal(ControlRefusal.EINVAL, $"{iface.Name} has queues 0-{iface.Queues.Count - 1}, not {queue}");
        _interface = iface;
        _pollers = queue == ControlProtocol.AllQueues ? iface.Queues : [iface.Queues[queue]];
        _options = _options with { LinkType = iface.LinkType, SnapLength = Math.Min(_options.SnapLength, iface.SnapLength) };
        return Ok(new PayloadWriter().U32((uint)_pollers.Count).U32((uint)iface.LinkType).U32(iface.SnapLength));
    }

    private void RequireAttachedWithoutBuffers(string what)
    {
        RefuseIfLocked(what);
        if (_interface is null)
            throw new ControlRefusal(ControlRefusal.EINVAL, $"{what}: attach to an interface first (ATTACH)");
        if (_descriptors.Count > 0)
            throw new ControlRefusal(ControlRefusal.EBUSY, $"{what}: buffers are already registered for this connection");
    }

    private int CheckSize(uint bytes)
    {
        if (bytes == 0 || bytes % Environment.SystemPageSize != 0)
            throw new ControlRefusal(ControlRefusal.EINVAL, $"buffer size {bytes} is not a positive multiple of the page size {Environment.SystemPageSize}");
        if (bytes > _context.MaxBufferBytes)
            throw new ControlRefusal(ControlRefusal.EINVAL, $"buffer size {bytes} is above the maximum {_context.MaxBufferBytes} (GET_ZMAX)");
        return (int)bytes;
    }

    private (byte[], SafeFileHandle[]) LoanBuffers(PayloadReader r)
    {
        int bytes = CheckSize(r.U32("buffer_bytes"));
        r.End("SET_ZBUF");
        RequireAttachedWithoutBuffers("SET_ZBUF");
        int needed = 2 * _pollers.Count;
        if (_received.Count != needed)
            throw new ControlRefusal(ControlRefusal.EINVAL,
                $"SET_ZBUF carries {_received.Count} descriptor(s); {_interface!.Name} attached with {_pollers.Count} queue(s) needs {needed} (A and B per queue)");
        var seen = new Dictionary<(ulong, ulong), int>();
        for (int i = 0; i < _received.Count; i++)
        {
            long size = RandomAccess.GetLength(_received[i]);
            if (size != bytes)
                throw new ControlRefusal(ControlRefusal.EINVAL, $"buffer {i} is {size} bytes, not the declared {bytes}");
            var identity = SharedBuffer.FileIdentity(_received[i]);
            if (seen.TryGetValue(identity, out int first))
                throw new ControlRefusal(ControlRefusal.EINVAL, $"buffers {first} and {i} are the same memfd (inode {identity.Item2})");
            seen[identity] = i;
        }
        var buffers = new List<SharedBuffer>();
        try
        {
            foreach (SafeFileHandle fd in _received)
            {
                // Map our own duplicate: the fd in _received is closed after the request.
                buffers.Add(SharedBuffer.Attach(File.OpenHandle($"/proc/self/fd/{fd.DangerousGetHandle()}", FileMode.Open, FileAccess.ReadWrite)));
            }
        }
        catch (Exception e) when (e is ZbufException or IOException or UnauthorizedAccessException)
        {
            buffers.ForEach(b => b.Dispose());
            throw new ControlRefusal(ControlRefusal.EINVAL, $"cannot map a loaned buffer: {e.Message}");
        }
        StartCapture(buffers);
        return Ok();
    }

    private (byte[], SafeFileHandle[]) AllocateBuffers(PayloadReader r)
    {
        int bytes = CheckSize(r.U32("buffer_bytes"));
        uint policy = r.U32("hugepages");
        r.End("ALLOC_ZBUF");
        RequireAttachedWithoutBuffers("ALLOC_ZBUF");
        if (policy > (uint)HugepagePolicy.Never)
            throw new ControlRefusal(ControlRefusal.EINVAL, $"unknown hugepage policy {policy} (0 prefer, 1 require, 2 never)");
        var buffers = new List<SharedBuffer>();
        try
        {
            for (int i = 0; i < 2 * _pollers.Count; i++)
            {
                buffers.Add(SharedBuffer.Create($"zbuf-c{_id}", bytes, (HugepagePolicy)policy, out string? notice));
                if (notice is not null && i == 0)
                    _context.Log.WriteLine($"appliance: notice: consumer {Describe}: {notice}");
            }
        }
        catch (ZbufException e)
        {
            buffers.ForEach(b => b.Dispose());
            throw new ControlRefusal(ControlRefusal.ENOMEM, e.Message);
        }
        StartCapture(buffers);
        bool huge = buffers.All(b => b.IsHugepageBacked);
        return (new PayloadWriter().U32((uint)bytes).U32(huge ? 1u : 0u).ToArray(), buffers.Select(b => b.Fd).ToArray());
    }

    /// <summary>Buffers in queue order (A0, B0, A1, B1, ...): one descriptor per queue, attached to its poll thread.</summary>
    private void StartCapture(List<SharedBuffer> buffers)
    {
        for (int q = 0; q < _pollers.Count; q++)
        {
            QueuePoller poller = _pollers[q];
            var descriptor = new ZbufDescriptor(new BufferPair(buffers[2 * q], buffers[2 * q + 1]), _options) { Observer = _wakeup };
            var tap = new CaptureTap(descriptor, _filter);
            var entry = new RegisteredDescriptor($"c{_id}.{q}", poller.Queue.Device, poller.Queue.QueueId,
                $"{_peer.Pid}/{_command}", _peer.Pid, descriptor, () => Flags(descriptor));
            _descriptors.Add((descriptor, tap, entry));
            _context.Registry.Add(entry);
            poller.Attach(tap);
        }
    }

    private string Flags(ZbufDescriptor d) => Runtime.RecorderRuntime.Flags(d) + (_locked ? "l" : "-");

    private (byte[], SafeFileHandle[]) SetFilter(PayloadReader r)
    {
        RefuseIfLocked("SET_FILTER");
        uint count = r.U32("count");
        if (count == 0 || count > _context.MaxFilterInstructions)
            throw new ControlRefusal(ControlRefusal.EINVAL, $"a program has 1 to {_context.MaxFilterInstructions} instructions, not {count}");
        var program = new BpfInstruction[count];
        for (int i = 0; i < count; i++)
            program[i] = new BpfInstruction(r.U16("code"), r.U8("jt"), r.U8("jf"), r.U32("k"));
        r.End("SET_FILTER");
        Install(new BpfProgram(program)); // the validator's reason names the failing instruction
        return Ok();
    }

    private (byte[], SafeFileHandle[]) SetFilterExpression(string expression)
    {
        RefuseIfLocked("SET_FILTER_EXPR");
        if (_interface is null)
            throw new ControlRefusal(ControlRefusal.EINVAL, "SET_FILTER_EXPR: attach to an interface first: the expression is compiled for its link type");
        BpfProgram program = PcapExpression.Compile(expression, LinkTypeMap.LinkTypeToDlt(_interface.LinkType), (int)_options.SnapLength);
        Install(program);
        return Ok(new PayloadWriter().U32((uint)program.Length));
    }

    /// <summary>Swaps the filter on every queue and flushes, as BIOCSETF resets the descriptor.</summary>
    private void Install(BpfProgram program)
    {
        _filter = PacketFilter.Create(program, _context.FilterEngine);
        foreach (var d in _descriptors)
        {
            d.Tap.Filter = _filter;
            d.Descriptor.RequestFlush();
        }
    }

    private (byte[], SafeFileHandle[]) Reconfigure(DescriptorOptions options)
    {
        RefuseIfLocked("configuration");
        _options = options;
        foreach (var d in _descriptors)
            d.Descriptor.Reconfigure(options with { LinkType = d.Descriptor.Options.LinkType });
        return Ok();
    }

    private PayloadWriter Statistics()
    {
        var w = new PayloadWriter().U32((uint)_descriptors.Count);
        foreach (var d in _descriptors)
        {
            DescriptorStatistics s = d.Descriptor.Statistics;
            w.U64(s.Received).U64(s.Matched).U64(s.Captured).U64(s.Dropped).U64(s.CapturedBytes).U64(s.HandOvers).U64(s.Timeouts);
        }
        return w.U64(_interface?.NicDropped() ?? 0);
    }

    /// <summary>Ends the connection from our side (appliance stop): <see cref="Run"/> returns.</summary>
    public void Disconnect() => _channel.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);

    /// <summary>Detaches every descriptor (the poll threads let go of them first), then unmaps and closes.</summary>
    public void Dispose()
    {
        foreach (var d in _descriptors)
        {
            _pollers.First(p => p.Queue.Device == d.Entry.Device && p.Queue.QueueId == d.Entry.Queue).Detach(d.Tap);
            _context.Registry.Remove(d.Entry);
            d.Descriptor.Dispose();
        }
        _descriptors.Clear();
        _wakeup?.Dispose();
        _channel.Dispose();
    }
}
