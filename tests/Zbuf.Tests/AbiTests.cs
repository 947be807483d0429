using System.Diagnostics;
using Probe.Zbuf;

namespace Probe.Zbuf.Tests;

/// <summary>Every offset and size that C# mirrors, checked against a C compile of native/include/probe_zbuf.h.</summary>
public class AbiTests
{
    private const string Program = """
        #include <stdio.h>
        #include "probe_zbuf.h"
        #define P(name, value) printf("%s %zu\n", name, (size_t)(value))
        int main(void) {
            P("header.size", sizeof(struct pz_buffer_header));
            P("header.kernel_gen", offsetof(struct pz_buffer_header, kernel_gen));
            P("header.kernel_len", offsetof(struct pz_buffer_header, kernel_len));
            P("header.user_gen", offsetof(struct pz_buffer_header, user_gen));
            P("header.pad", offsetof(struct pz_buffer_header, pad));
            P("header.pad_words", sizeof(((struct pz_buffer_header *)0)->pad) / sizeof(uint32_t));
            P("record.sec", offsetof(struct pz_record_header, tstamp.sec));
            P("record.frac", offsetof(struct pz_record_header, tstamp.frac));
            P("record.caplen", offsetof(struct pz_record_header, caplen));
            P("record.datalen", offsetof(struct pz_record_header, datalen));
            P("record.hdrlen", offsetof(struct pz_record_header, hdrlen));
            P("record.size", PZ_RECORD_HEADER_SIZE);
            P("record.alignment", PZ_RECORD_ALIGNMENT);
            P("hdrlen.14", PZ_HDRLEN(14));
            P("hdrlen.16", PZ_HDRLEN(16));
            P("hdrlen.0", PZ_HDRLEN(0));
            P("hdrlen.4", PZ_HDRLEN(4));
            return 0;
        }
        """;

    [Fact]
    public void Csharp_layout_matches_the_C_header()
    {
        Dictionary<string, int> c = CompileAndRun();
        var expected = new Dictionary<string, int>
        {
            ["header.size"] = SharedHeader.Size,
            ["header.kernel_gen"] = SharedHeader.KernelGenOffset,
            ["header.kernel_len"] = SharedHeader.KernelLenOffset,
            ["header.user_gen"] = SharedHeader.UserGenOffset,
            ["header.pad"] = SharedHeader.PadOffset,
            ["header.pad_words"] = SharedHeader.PadWords,
            ["record.sec"] = RecordHeader.SecondsOffset,
            ["record.frac"] = RecordHeader.FractionOffset,
            ["record.caplen"] = RecordHeader.CaptureLengthOffset,
            ["record.datalen"] = RecordHeader.WireLengthOffset,
            ["record.hdrlen"] = RecordHeader.HeaderLengthOffset,
            ["record.size"] = RecordHeader.Size,
            ["record.alignment"] = RecordHeader.Alignment,
            ["hdrlen.14"] = RecordHeader.HeaderLengthFor(14),
            ["hdrlen.16"] = RecordHeader.HeaderLengthFor(16),
            ["hdrlen.0"] = RecordHeader.HeaderLengthFor(0),
            ["hdrlen.4"] = RecordHeader.HeaderLengthFor(4),
        };
        Assert.Equal(expected.OrderBy(p => p.Key), c.OrderBy(p => p.Key));
    }

    private static Dictionary<string, int> CompileAndRun()
    {
        string dir = Directory.CreateTempSubdirectory("zbuf-abi").FullName;
        try
        {
            string source = Path.Combine(dir, "abi.c");
            string binary = Path.Combine(dir, "abi");
            File.WriteAllText(source, Program);
            Run("cc", $"-std=c11 -Wall -Werror -I {Path.Combine(RepoPaths.Root, "native", "include")} -o {binary} {source}");
            return Run(binary, "")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' '))
                .ToDictionary(f => f[0], f => int.Parse(f[1]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Run(string file, string arguments)
    {
        using Process p = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {arguments} failed: {error}");
        return output;
    }
}
