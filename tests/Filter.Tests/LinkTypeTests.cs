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
}
