using System.Net.Sockets;

namespace Probe.Appliance.Control;

/// <summary>SO_PEERCRED of a connected Unix socket: who is on the other end, as the kernel vouches.</summary>
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static PeerCredentials Of(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        int n = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        if (n != 12)
            throw new IOException($"SO_PEERCRED returned {n} bytes");
        return new PeerCredentials(BitConverter.ToInt32(ucred), BitConverter.ToUInt32(ucred[4..]), BitConverter.ToUInt32(ucred[8..]));
    }

    /// <summary>The peer's command name (/proc/PID/comm), for logs and `appliance stat`.</summary>
    public string Command
    {
        get
        {
            try
            {
                return File.ReadAllText($"/proc/{Pid}/comm").Trim();
            }
            catch (IOException)
            {
                return "?";
            }
        }
    }
}
