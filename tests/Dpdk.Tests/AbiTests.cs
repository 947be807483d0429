using System.Diagnostics;
using System.Runtime.InteropServices;
using Probe.Ingest.Dpdk.Interop;

namespace Probe.Ingest.Tests;

/// <summary>Every struct the managed side mirrors, checked field by field against a C compile of probe_dpdk.h.</summary>
public class AbiTests
{
    private static readonly (string CStruct, Type Mirror, string[] CFields, string[] CsFields)[] Structs =
    [
        ("pdk_rx_pkt", typeof(PdkRxPkt), ["data", "data_len", "pkt_len", "ts_sec", "ts_nsec", "rss_hash", "flags"],
            ["Data", "DataLength", "PacketLength", "Seconds", "Nanoseconds", "RssHash", "Flags"]),
        // The shim writes bursts straight into the poll loop's RxPacket array.
        ("pdk_rx_pkt", typeof(RxPacket), ["data", "data_len", "pkt_len", "ts_sec", "ts_nsec", "rss_hash"],
            ["Data", "CaptureLength", "WireLength", "Seconds", "Nanoseconds", "RssHash"]),
        ("pdk_port_conf", typeof(PdkPortConf), ["nb_rx_queues", "nb_rx_desc", "nb_mbufs", "mbuf_cache_size", "mbuf_data_room", "flags", "reserved"],
            ["RxQueues", "RxDescriptors", "Mbufs", "MbufCacheSize", "MbufDataRoom", "Flags", "Reserved"]),
        ("pdk_port_info", typeof(PdkPortInfo), ["name", "driver", "port_id", "max_rx_queues", "nb_rx_queues", "socket_id", "flags",
                "timestamp_source", "if_index", "rx_offload_capa", "flow_type_rss_offloads", "rss_hf", "mac"],
            ["Name", "Driver", "PortId", "MaxRxQueues", "RxQueues", "SocketId", "Flags", "TimestampSource", "IfIndex",
                "RxOffloadCapabilities", "FlowTypeRssOffloads", "RssHashFunctions", "Mac"]),
        ("pdk_port_stats", typeof(PdkPortStats), ["ipackets", "ibytes", "imissed", "ierrors", "rx_nombuf", "q_ipackets", "q_ibytes", "q_errors"],
            ["InPackets", "InBytes", "InMissed", "InErrors", "RxNoMbuf", "QueueInPackets", "QueueInBytes", "QueueErrors"]),
    ];

    [Fact]
    public void Mirrors_match_the_shim_header()
    {
        var program = new System.Text.StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include \"probe_dpdk.h\"\nint main(void) {\n");
        var expected = new List<string>();
        foreach (var (c, mirror, cFields, csFields) in Structs)
        {
            program.Append($"printf(\"{c} size %zu\\n\", sizeof(struct {c}));\n");
            expected.Add($"{c} size {Marshal.SizeOf(mirror)}");
            for (int i = 0; i < cFields.Length; i++)
            {
                program.Append($"printf(\"{c}.{cFields[i]} %zu\\n\", offsetof(struct {c}, {cFields[i]}));\n");
                expected.Add($"{c}.{cFields[i]} {Marshal.OffsetOf(mirror, csFields[i])}");
            }
        }
        program.Append($"printf(\"abi %d\\n\", PDK_ABI_VERSION);\nreturn 0;\n}}\n");
        expected.Add($"abi {Pdk.AbiVersion}");

        string dir = Directory.CreateTempSubdirectory("pdk-abi").FullName;
        File.WriteAllText(Path.Combine(dir, "abi.c"), program.ToString());
        string include = Path.Combine(RepoPaths.Root, "native", "dpdk");
        Assert.Equal("", Run("cc", $"-std=c11 -Wall -Werror -I {include} -o {dir}/abi {dir}/abi.c"));
        Assert.Equal(expected, Run($"{dir}/abi", "").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Directory.Delete(dir, true);
    }

    private static string Run(string file, string args)
    {
        using Process p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return output;
    }
}
