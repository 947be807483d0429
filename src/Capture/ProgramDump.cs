using Probe.Filter;
using Probe.Filter.Expressions;
using Probe.Pcap;

namespace Probe.Capture;

/// <summary>zcap -d/-dd/-ddd: compile the expression as tcpdump would and print the program, capturing nothing.</summary>
internal static class ProgramDump
{
    public static int Run(ZcapOptions options, TextWriter output)
    {
        string expression = FilterText.Of(options) ?? "";
        BpfProgram program;
        if (options.ReadFile is not null && options.LinkTypeName is null)
        {
            program = PcapExpression.CompileForCaptureFile(expression, options.ReadFile);
        }
        else
        {
            int dlt = LinkTypeFromName(options.LinkTypeName) ?? LinkType.Ethernet;
            int snaplen = options.SnapLength is > 0 and int s ? s : PcapExpression.DefaultSnapLength;
            program = PcapExpression.Compile(expression, dlt, snaplen);
        }
        output.Write(BpfProgramPrinter.Format(program, (BpfDumpFormat)Math.Min(options.DumpLevel, 3)));
        return 0;
    }

    /// <summary>-y NAME, as tcpdump resolves it; an unknown name is a usage error with tcpdump's wording.</summary>
    public static int? LinkTypeFromName(string? name) =>
        name is null ? null : LinkType.NameToValue(name) ?? throw new UsageException($"invalid data link type {name}");
}
