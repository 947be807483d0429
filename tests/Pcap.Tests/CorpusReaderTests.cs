namespace Probe.Pcap.Tests;

/// <summary>Every corpus file read by <see cref="PcapFileReader"/> and by libpcap: same verdict, header, packets and fault.</summary>
public sealed class CorpusReaderTests
{
    public static TheoryData<string> CorpusFiles => Corpus.Names();

    [Fact]
    public void CorpusIsPresentAndLarge()
    {
        // Guards the theory below against silently running over nothing.
        Assert.True(Corpus.Files.Count >= 200, $"only {Corpus.Files.Count} capture files under {Corpus.Root}");
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void ReadsLikeLibpcap(string name)
    {
        DifferentialAssert.SameAsLibpcap(Corpus.PathOf(name));
    }
}
