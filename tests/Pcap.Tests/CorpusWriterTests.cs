namespace Probe.Pcap.Tests;

/// <summary>Every corpus file copied by us and by tcpdump, at both precisions: identical bytes, identical tcpdump text.</summary>
public sealed class CorpusWriterTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public static TheoryData<string> CorpusFiles => Corpus.Names();

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void CopyEqualsTcpdumpCopy(string name)
    {
        string path = Corpus.PathOf(name);
        bool copied = TcpdumpCopyAssert.SameAsTcpdump(path, _scratch);

        // tcpdump copies exactly the files libpcap opens, except one whose DLT it has no name for.
        bool opens = LibpcapOracle.Read(path, TimestampPrecision.Microsecond).Opened;
        Assert.Equal(opens && name != "libpcap-tests/linktype-reserved-field-not-zero.pcap", copied);
    }

    public void Dispose() => _scratch.Dispose();
}
