using Probe.Filter.Expressions;
using Probe.Filter.Tests.Support;

namespace Probe.Filter.Tests;

/// <summary>Link-type names and the file-header mapping, checked against libpcap reading real and generated files.</summary>
public sealed class LinkTypeTests
{
    [Fact]
    public void NamesAndValuesRoundTrip()
    {
        int named = 0;
        for (int dlt = 0; dlt < 400; dlt++)
        {
            if (LinkType.ValueToName(dlt) is not { } name)
                continue;
            named++;
            Assert.Equal(dlt, LinkType.NameToValue(name));
            Assert.Equal(dlt, LinkType.NameToValue(name.ToLowerInvariant()));
        }
        Assert.True(named > 100, $"libpcap named only {named} link types");
        Assert.Null(LinkType.NameToValue("NO_SUCH_LINK_TYPE"));
        Assert.Null(LinkType.ValueToName(-5));
    }

    [Fact]
    public void TheNamedConstantsAreLibpcapsValues()
    {
        Assert.Equal(LinkType.Null, LinkType.NameToValue("NULL"));
        Assert.Equal(LinkType.Ethernet, LinkType.NameToValue("EN10MB"));
        Assert.Equal(LinkType.Ppp, LinkType.NameToValue("PPP"));
        Assert.Equal(LinkType.Raw, LinkType.NameToValue("RAW"));
        Assert.Equal(LinkType.LinuxSll, LinkType.NameToValue("LINUX_SLL"));
        Assert.Equal(LinkType.LinuxSll2, LinkType.NameToValue("LINUX_SLL2"));
    }

    [Fact]
    public void CorpusLinkTypeNamesAreWhatLibpcapReportsForTheirFiles()
    {
        foreach ((string linkType, _, string fileName, _) in Corpus.LinkTypeExpressions)
        {
            CaptureFile file = CaptureFile.TryRead(Path.Combine(Corpus.Root, fileName))!;
            Assert.Equal(LinkType.NameToValue(linkType), file.Dlt);
            Assert.Equal(linkType, LinkType.ValueToName(file.Dlt));
        }
    }

    /// <summary>A pcap header with each link-type field, opened by libpcap: the DLT it reports is ours.</summary>
    [Fact]
    public void FileLinkTypesMapToTheDltLibpcapReports()
    {
        var fields = Enumerable.Range(0, 300).Select(v => (uint)v)
            .Concat<uint>([0x40000001u, 0x30000001u, 0x1000_0065u, 0x0400_0000u | 106, 1000, 0x03FFFFFF, 0xFC000000 | 101]);
        int opened = 0;
        foreach (uint field in fields)
        {
            if (CaptureFile.DatalinkOfHeader(field) is not int dlt)
                continue;
            opened++;
            Assert.True(dlt == LinkType.FromFileLinkType(field), $"link-type field 0x{field:x}: libpcap says DLT {dlt}, ours {LinkType.FromFileLinkType(field)}");
        }
        Assert.True(opened > 250, $"libpcap opened only {opened} of the generated files");
        Assert.Equal(LinkType.Raw, LinkType.FromFileLinkType(101));
    }
}
