using System.Globalization;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// Which processes hold a BPF program open: an fd on the program itself, or on a bpf_link to it. A netlink-attached
/// XDP program that no process holds was left behind by a run that ended without detaching it. Found by reading
/// /proc/PID/fdinfo of every bpf-prog and bpf_link fd (their "prog_id:" line); processes this one may not inspect
/// (another pid namespace, no ptrace access) are not seen.
/// </summary>
internal static class BpfProgramHolders
{
    public sealed record Holder(int Pid, string Command)
    {
        public override string ToString() => $"pid {Pid} ({Command})";
    }

    public static IReadOnlyList<Holder> Find(uint programId)
    {
        var holders = new List<Holder>();
        string wanted = programId.ToString(CultureInfo.InvariantCulture);
        foreach (string processDir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(processDir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                continue;
            try
            {
                if (HoldsProgram(processDir, wanted))
                    holders.Add(new Holder(pid, File.ReadAllText(Path.Combine(processDir, "comm")).Trim()));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited while we looked, or is not ours to inspect.
            }
        }
        return holders;
    }

    private static bool HoldsProgram(string processDir, string programId)
    {
        foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(processDir, "fd")))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue;
            }
            if (target is not ("anon_inode:bpf-prog" or "anon_inode:bpf_link"))
                continue;
            string info = Path.Combine(processDir, "fdinfo", Path.GetFileName(fd));
            foreach (string line in File.ReadLines(info))
            {
                if (line.StartsWith("prog_id:", StringComparison.Ordinal) && line.AsSpan(8).Trim().SequenceEqual(programId))
                    return true;
            }
        }
        return false;
    }
}
