using System.Globalization;
using Probe.Pcap;
using Probe.Zbuf.SharedMemory;

namespace Probe.Capture;

/// <summary>
/// getopt-style parsing with tcpdump's option letters: flags combine ("-nr FILE", "-dd"), an option's value may
/// be attached ("-c10") or the next argument, "--" ends options, and whatever remains is the filter expression.
/// </summary>
public static class ZcapArgumentParser
{
    private const string WithValue = "rwscBFyCGWi";
    private const string Flags = "dnqvhp";

    public static ZcapOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ZcapOptions();
        var expression = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                expression.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                options = ParseLong(options, arg, args, ref i);
                continue;
            }
            if (arg.Length < 2 || arg[0] != '-')
            {
                expression.Add(arg);
                continue;
            }
            for (int j = 1; j < arg.Length; j++)
            {
                char letter = arg[j];
                if (WithValue.Contains(letter))
                {
                    string value = j + 1 < arg.Length ? arg[(j + 1)..]
                        : i + 1 < args.Count ? args[++i]
                        : throw new UsageException($"option requires an argument -- '{letter}'");
                    options = ApplyValue(options, letter, value);
                    break;
                }
                if (!Flags.Contains(letter))
                    throw new UsageException($"invalid option -- '{letter}'");
                options = letter switch
                {
                    'd' => options with { DumpLevel = options.DumpLevel + 1 },
                    'h' => options with { ShowHelp = true },
                    _ => options, // -n, -q, -v, -p: accepted for tcpdump compatibility; zcap prints no packets
                };
            }
        }
        return expression.Count == 0 ? options : options with { Expression = string.Join(' ', expression) };
    }

    private static ZcapOptions ApplyValue(ZcapOptions options, char letter, string value) => letter switch
    {
        'r' => options with { ReadFile = value },
        'w' => options with { WriteFile = value },
        's' => options with { SnapLength = (int)ParseNumber(value, "snaplen", 0, int.MaxValue) },
        'c' => options with { Count = ParseNumber(value, "packet count", 1, long.MaxValue) },
        'B' => options with { BufferKiB = (int)ParseNumber(value, "buffer size", 1, 1 << 20) },
        'F' => options with { FilterFile = value },
        'C' => options with { Rotation = options.Rotation with { MaxFileBytes = ParseNumber(value, "file size", 1, int.MaxValue) * 1_000_000 } },
        'G' => options with { Rotation = options.Rotation with { Seconds = (int)ParseNumber(value, "rotation seconds", 1, int.MaxValue) } },
        'i' => options with { Interface = value },
        'W' => options with { Rotation = options.Rotation with { FileCount = (int)ParseNumber(value, "number of output files", 1, int.MaxValue) } },
        'y' => options with { LinkTypeName = value },
        _ => throw new UsageException($"option -{letter} is not supported in this version of zcap"),
    };

    private static ZcapOptions ParseLong(ZcapOptions options, string arg, IReadOnlyList<string> args, ref int i)
    {
        string name = arg, value = "";
        int equals = arg.IndexOf('=');
        if (equals > 0)
        {
            name = arg[..equals];
            value = arg[(equals + 1)..];
        }
        string NextValue(ref int index) => equals > 0 ? value
            : index + 1 < args.Count ? args[++index]
            : throw new UsageException($"option '{name}' requires an argument");

        return name switch
        {
            "--help" => options with { ShowHelp = true },
            "--version" => options with { ShowVersion = true },
            "--nano" => options with { Precision = TimestampPrecision.Nanosecond },
            "--micro" => options with { Precision = TimestampPrecision.Microsecond },
            "--pcapng" => options with { OutputFormat = CaptureFileFormat.PcapNg },
            "--time-stamp-precision" => NextValue(ref i) switch
            {
                "nano" => options with { Precision = TimestampPrecision.Nanosecond },
                "micro" => options with { Precision = TimestampPrecision.Microsecond },
                string other => throw new UsageException($"unsupported time stamp precision {other}"),
            },
            "--immediate-mode" => options with { Immediate = true },
            "--socket" => options with { ControlSocket = NextValue(ref i) },
            "--buffer-size" => options with { BufferKiB = (int)ParseNumber(NextValue(ref i), "buffer size", 1, 1 << 20) },
            "--hugepages" => NextValue(ref i) switch
            {
                "prefer" => options with { Hugepages = HugepagePolicy.Prefer },
                "require" => options with { Hugepages = HugepagePolicy.Require },
                "never" => options with { Hugepages = HugepagePolicy.Never },
                string other => throw new UsageException($"--hugepages must be prefer, require or never, not '{other}'"),
            },
            _ => throw new UsageException($"unrecognized option '{arg}'"),
        };
    }

    private static long ParseNumber(string text, string what, long min, long max)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
            throw new UsageException($"invalid {what} {text}");
        return value;
    }
}
