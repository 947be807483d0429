using Probe.Filter.Expressions;
using Probe.Filter.Tests.Support;
using Xunit.Abstractions;

namespace Probe.Filter.Tests;

/// <summary>
/// Every capture in the shared corpus that libpcap reads, filtered by every corpus expression for its link
/// type (valid.txt for EN10MB, by_linktype.tsv for the others) compiled by libpcap for that link type and
/// the file's snap length: the interpreter, the compiled code and libpcap's bpf_filter agree on every packet.
/// </summary>
public sealed class CorpusDifferentialTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<CaptureFile>> Files = new(() =>
        Corpus.AllFiles().Select(CaptureFile.TryRead).OfType<CaptureFile>().ToList());

    [Fact]
    public void EveryEngineGivesLibpcapsResultOnEveryCorpusPacket()
    {
        // One engine set per distinct program: most expressions compile to the same code for many files.
        var engines = new Dictionary<string, Engines>();
        var failures = new List<string>();
        int files = 0, refused = 0;
        long cases = 0, accepted = 0;
        foreach (CaptureFile file in Files.Value)
        {
            files++;
            foreach (string expression in ExpressionsFor(file.Dlt))
            {
                // As for a live capture on the file's link type (pcap_open_dead), and as tcpdump -r compiles
                // for the file itself; the two differ for some link types (DLT_NULL), both are cases.
                foreach (BpfProgram program in CompileBothWays(expression, file, ref refused))
                {
                    string key = BpfProgramPrinter.Format(program, BpfDumpFormat.Decimal);
                    if (!engines.TryGetValue(key, out Engines? compiled))
                        engines[key] = compiled = new Engines(program);
                    if (compiled.BurstDisagreement(file.Packets) is { } burstDisagreement && failures.Count < 20)
                        failures.Add($"{file.Name}, '{expression}': {burstDisagreement}");
                    foreach (CapturedPacket packet in file.Packets)
                    {
                        cases++;
                        if (compiled.Oracle(packet.Bytes, packet.WireLength) != 0)
                            accepted++;
                        if (compiled.Disagreement(packet.Bytes, packet.WireLength) is { } disagreement && failures.Count < 20)
                            failures.Add($"{file.Name}, '{expression}': {disagreement}");
                    }
                }
            }
        }
        output.WriteLine($"{files} files libpcap reads, {engines.Count} distinct programs " +
                         $"({refused} expression/file pairs libpcap refuses), {cases} cases, {accepted} accepted");
        Assert.Empty(failures);
        Assert.True(files > 150, $"libpcap read only {files} corpus files");
        Assert.True(cases > 100_000 && accepted > 1_000 && cases - accepted > 1_000, $"{cases} cases, {accepted} accepted");
    }

    private static IEnumerable<BpfProgram> CompileBothWays(string expression, CaptureFile file, ref int refused)
    {
        var programs = new List<BpfProgram>();
        try
        {
            programs.Add(PcapExpression.Compile(expression, file.Dlt, file.SnapLength));
            programs.Add(PcapExpression.CompileForCaptureFile(expression, file.Path));
        }
        catch (PcapCompileException)
        {
            refused++; // libpcap cannot compile it for this link type: not a case
        }
        return programs.DistinctBy(p => BpfProgramPrinter.Format(p, BpfDumpFormat.Decimal));
    }

    /// <summary>The packet counts by_linktype.tsv records (verified with tcpdump) are what libpcap's program and ours match.</summary>
    [Fact]
    public void LinkTypeExpressionsMatchTheRecordedPacketCounts()
    {
        foreach ((string linkType, string expression, string fileName, int matching) in Corpus.LinkTypeExpressions)
        {
            CaptureFile file = CaptureFile.TryRead(Path.Combine(Corpus.Root, fileName)) ?? throw new InvalidOperationException($"libpcap cannot read {fileName}");
            Assert.Equal(LinkType.NameToValue(linkType), file.Dlt);
            var engines = new Engines(PcapExpression.CompileForCaptureFile(expression, file.Path));
            Assert.Equal(matching, file.Packets.Count(p => engines.Oracle(p.Bytes, p.WireLength) != 0));
            Assert.Equal(matching, file.Packets.Count(p => engines.Compiled.Run(p.Bytes, p.WireLength) != 0));
            Assert.Equal(matching, file.Packets.Count(p => engines.Interpreter.Run(p.Bytes, p.WireLength) != 0));
        }
    }

    private static IEnumerable<string> ExpressionsFor(int dlt)
    {
        if (dlt == LinkType.Ethernet)
        {
            foreach (string expression in Corpus.ValidExpressions)
                yield return expression;
        }
        foreach ((string linkType, string expression, _, _) in Corpus.LinkTypeExpressions)
        {
            if (LinkType.NameToValue(linkType) == dlt)
                yield return expression;
        }
    }
}
