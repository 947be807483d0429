using System.Net.Sockets;
using Probe.Zbuf.Control;

namespace Probe.Appliance.Control;

/// <summary>
/// Listens on the control socket (SOCK_SEQPACKET, mode 0660), admits peers whose SO_PEERCRED uid or gid is on the
/// allow-list, and runs each consumer's session on its own thread. A refused peer is told why and logged.
/// </summary>
internal sealed class ControlServer : IDisposable
{
    private readonly Socket _listener;
    private readonly ControlContext _context;
    private readonly IReadOnlySet<uint> _uids;
    private readonly IReadOnlySet<uint> _gids;
    private readonly Thread _acceptor;
    private readonly List<(ControlSession Session, Thread Thread)> _sessions = [];
    private readonly Lock _lock = new();
    private int _nextId;
    private volatile bool _stopping;

    public ControlServer(string path, IEnumerable<uint> allowUids, IEnumerable<uint> allowGids, ControlContext context)
    {
        Path = path;
        _context = context;
        _uids = allowUids.ToHashSet();
        _gids = allowGids.ToHashSet();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            // A socket file left by a crashed run: refuse to steal it from a live appliance, reuse it otherwise.
            if (IsLive(path))
                throw new IOException($"another appliance is serving the control socket {path}");
            File.Delete(path);
        }
        _listener = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        _listener.Listen(64);
        _acceptor = new Thread(Accept) { IsBackground = true, Name = "control-accept" };
        _acceptor.Start();
    }

    public string Path { get; }

    private void Accept()
    {
        while (!_stopping)
        {
            Socket peer;
            try
            {
                peer = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var credentials = PeerCredentials.Of(peer);
            var channel = new MessageChannel(peer);
            if (!_uids.Contains(credentials.Uid) && !_gids.Contains(credentials.Gid))
            {
                string reason = $"uid {credentials.Uid} and gid {credentials.Gid} are not in control_allow_uids or control_allow_gids";
                _context.Log.WriteLine($"appliance: control: refused pid {credentials.Pid} ({credentials.Command}): {reason}");
                Task.Run(() => Refuse(channel, reason));
                continue;
            }
            var session = new ControlSession(channel, credentials, _context, Interlocked.Increment(ref _nextId).ToString());
            var thread = new Thread(() => Serve(session)) { IsBackground = true, Name = $"control-{credentials.Pid}" };
            lock (_lock)
                _sessions.Add((session, thread));
            thread.Start();
        }
    }

    private void Serve(ControlSession session)
    {
        _context.Log.WriteLine($"appliance: control: consumer {session.Describe} connected");
        session.Run();
        session.Dispose();
        lock (_lock)
            _sessions.RemoveAll(s => s.Session == session);
        _context.Log.WriteLine($"appliance: control: consumer {session.Describe} gone: its descriptors are closed");
    }

    /// <summary>
    /// A refused peer gets one reply carrying the reason. The connection is then drained before it is closed:
    /// closing with the peer's request unread would reset the connection and lose the reply.
    /// </summary>
    private static void Refuse(MessageChannel channel, string reason)
    {
        using (channel)
        {
            try
            {
                channel.Send(PayloadWriter.Reply(0, 0, -1 /* EPERM */, System.Text.Encoding.UTF8.GetBytes("connection refused: " + reason)), []);
                channel.Socket.Shutdown(SocketShutdown.Send);
                channel.Socket.ReceiveTimeout = 1000;
                var discard = new byte[ControlProtocol.MaxMessage];
                var fds = new List<Microsoft.Win32.SafeHandles.SafeFileHandle>();
                while (channel.Socket.Poll(1_000_000, SelectMode.SelectRead) && channel.Receive(discard, fds) > 0)
                {
                    fds.ForEach(fd => fd.Dispose());
                    fds.Clear();
                }
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidDataException)
            {
            }
        }
    }

    private static bool IsLive(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _listener.Dispose();
        (ControlSession Session, Thread Thread)[] sessions;
        lock (_lock)
            sessions = [.. _sessions];
        // Ending a session's connection ends its thread, which tears the session down itself.
        foreach (var (session, _) in sessions)
            session.Disconnect();
        foreach (var (_, thread) in sessions)
            thread.Join(TimeSpan.FromSeconds(5));
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
