using System.Buffers.Binary;

namespace Probe.Capture.Tests;

/// <summary>
/// Broken capture files: zcap names the file and the byte offset of the fault, exits non-zero, and every packet
/// before the fault is still in the output, as tcpdump would have written it.
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    private const string Source = "tcpdump-tests/dhcp-rfc4388.pcap";
    private readonly string _dir = Directory.CreateTempSubdirectory("zcap-bad").FullName;
    private readonly byte[] _original = File.ReadAllBytes(Corpus.Full(Source));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Byte offset of each record header in the (little-endian, microsecond) source file.</summary>
    private List<int> RecordOffsets()
    {
        var offsets = new List<int>();
        for (int at = 24; at < _original.Length; at += 16 + (int)BinaryPrimitives.ReadUInt32LittleEndian(_original.AsSpan(at + 8)))
            offsets.Add(at);
        return offsets;
    }

    [Fact]
    public void Truncated_record_header_keeps_the_packets_before_it()
    {
        int third = RecordOffsets()[2];
        AssertFault(_original[..(third + 7)], faultOffset: third, packetsBefore: 2,
            "truncated dump file; tried to read 16 header bytes, only got 7");
    }

    [Fact]
    public void Truncated_record_data_keeps_the_packets_before_it()
    {
        int fifth = RecordOffsets()[4];
        AssertFault(_original[..(fifth + 16 + 10)], faultOffset: fifth, packetsBefore: 4, "truncated dump file; tried to read");
    }

    [Fact]
    public void A_capture_length_above_the_maximum_is_refused_at_its_record()
    {
        byte[] bad = _original.ToArray();
        int third = RecordOffsets()[2];
        BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(third + 8), 300_000);
        AssertFault(bad, faultOffset: third, packetsBefore: 2, "invalid packet capture length 300000, bigger than snaplen of 262144");
    }

    [Theory]
    [InlineData(0, "truncated dump file")]
    [InlineData(10, "truncated dump file")]
    public void A_short_file_header_is_refused_and_no_output_is_created(int length, string reason)
    {
        AssertRefused(_original[..length], reason);
    }

    [Fact]
    public void A_bad_magic_number_is_refused_and_no_output_is_created()
    {
        byte[] bad = _original.ToArray();
        bad[0] = 0x42;
        AssertRefused(bad, "offset 0: unknown file format");
    }

    private void AssertRefused(byte[] content, string reason)
    {
        string input = Write(content), output = Path.Combine(_dir, "out.pcap");
        Tool.Result zcap = Tool.Zcap("-r", input, "-w", output);
        Assert.NotEqual(0, zcap.ExitCode);
        Assert.Contains($"zcap: {input}: offset 0: ", zcap.Stderr);
        Assert.Contains(reason, zcap.Stderr);
        Assert.False(File.Exists(output), "nothing should be written for a file that cannot be opened");
    }

    private void AssertFault(byte[] content, int faultOffset, int packetsBefore, string reason)
    {
        string input = Write(content), output = Path.Combine(_dir, "out.pcap");
        Tool.Result zcap = Tool.Zcap("-r", input, "-w", output);
        Assert.NotEqual(0, zcap.ExitCode);
        Assert.Contains($"zcap: {input}: offset {faultOffset}: {reason}", zcap.Stderr);
        Assert.Contains($"{packetsBefore} packets captured", zcap.Stderr);
        // The packets before the fault, exactly as tcpdump reads them from the intact file.
        string expected = Tool.Run("tcpdump", "-r", Corpus.Full(Source), "-c", packetsBefore.ToString(), "-tt", "-nn", "-x").Stdout;
        Assert.Equal(expected, Tool.Decode(output));
    }

    private string Write(byte[] content)
    {
        string path = Path.Combine(_dir, "in.pcap");
        File.WriteAllBytes(path, content);
        return path;
    }
}
