using Probe.Capture.Tests;

namespace Probe.Ingest.Tests;

/// <summary>
/// -C/-W/-G produce the files tcpdump would name and keep, each readable by tcpdump, with no packet missing or
/// repeated across files. Offline, tcpdump itself is the oracle (same packets in, so the same split points);
/// live, the rotated files together hold exactly the packets of one unrotated capture.
/// </summary>
public sealed class RotationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("-C", "1")]                 // file, file1, file2, ...
    [InlineData("-C", "1", "-W", "3")]      // file0..file2, reused as a ring
    [InlineData("-C", "1", "-W", "12")]     // two digits: file00..file11
    public void Size_rotation_names_and_splits_files_as_tcpdump_does(params string[] rotation)
    {
        string source = Corpus.Full("tcpdump-tests/pim-packet-assortment.pcap"); // 275 KB
        string tcpdumpDir = Directory.CreateDirectory(_dir.File("tcpdump")).FullName;
        string zcapDir = Directory.CreateDirectory(_dir.File("zcap")).FullName;
        // Millions of bytes are coarse for a 275 KB file: replay it 10 times through tcpdump to make 2.7 MB.
        string big = _dir.File("big.pcap");
        Tool.Result merge = Tool.Run("sh", "-c", $"mergecap -a -F pcap -w {big} {string.Join(' ', Enumerable.Repeat(source, 10))}");
        Assert.True(merge.ExitCode == 0, merge.Stderr);

        Tool.Result tcpdump = Tool.Run("tcpdump", ["-Z", "root", "-r", big, "-w", Path.Combine(tcpdumpDir, "cap"), .. rotation]);
        Assert.True(tcpdump.ExitCode == 0, tcpdump.Stderr); // -Z root: tcpdump would otherwise drop to its own user, who cannot write here
        Tool.Result zcap = Tool.Zcap(["-r", big, "-w", Path.Combine(zcapDir, "cap"), .. rotation]);
        Assert.True(zcap.ExitCode == 0, zcap.Stderr);

        string[] expected = Directory.GetFiles(tcpdumpDir).Select(Path.GetFileName).Order().ToArray()!;
        string[] actual = Directory.GetFiles(zcapDir).Select(Path.GetFileName).Order().ToArray()!;
        Assert.True(expected.Length > 1, "the test should make tcpdump rotate");
        Assert.Equal(expected, actual);
        foreach (string name in expected)
            Assert.Equal(File.ReadAllBytes(Path.Combine(tcpdumpDir, name)), File.ReadAllBytes(Path.Combine(zcapDir, name)));
    }

    [Fact]
    public async Task Live_time_and_size_rotation_loses_and_repeats_nothing()
    {
        using var appliance = new LiveAppliance(frames: 20_000, ratePps: 10_000, passes: 1, waitForConsumers: 2);
        string all = _dir.File("all.pcap");
        string pattern = _dir.File("rot-%Y%m%d%H%M%S.pcap");
        Task<Tool.Result> whole = Task.Run(() => appliance.Zcap("-i", "demo0", "-w", all, "-c", "20000"));
        Task<Tool.Result> rotated = Task.Run(() => appliance.Zcap("-i", "demo0", "-w", pattern, "-G", "1", "-C", "3", "-c", "20000"));
        Tool.Result[] results = await Task.WhenAll(whole, rotated).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));

        string[] files = Directory.GetFiles(_dir.Path, "rot-*").Order().ToArray();
        Assert.True(files.Length >= 2, $"expected time rotation into several files, got {files.Length}");
        Assert.All(files, f => Assert.Matches(@"rot-\d{14}\.pcap\d*$", f));
        // Each file is readable by tcpdump, and together (in name order) they are the unrotated capture.
        string together = string.Concat(files.Select(f => Tool.Decode(f)));
        Assert.Equal(Tool.Decode(all), together);
    }
}
