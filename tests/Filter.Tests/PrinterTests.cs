using Probe.Filter.Expressions;
using Probe.Filter.Tests.Interop;
using Probe.Filter.Tests.Support;

namespace Probe.Filter.Tests;

/// <summary>-d, -dd and -ddd output byte-identical to the real tcpdump's, and each line to libpcap's bpf_image.</summary>
[Collection(LibpcapImageCollection.Name)]
public sealed class PrinterTests
{
    public static TheoryData<string> Valid => new(Corpus.ValidExpressions);

    [Theory]
    [MemberData(nameof(Valid))]
    public void TheDumpsEqualTcpdumps(string expression)
    {
        BpfProgram program = PcapExpression.Compile(expression, LinkType.Ethernet, PcapExpression.DefaultSnapLength);
        foreach ((string flag, BpfDumpFormat format) in new[] { ("-d", BpfDumpFormat.Image), ("-dd", BpfDumpFormat.CArray), ("-ddd", BpfDumpFormat.Decimal) })
        {
            Tcpdump.Result tcpdump = Tcpdump.Run(flag, "-y", "EN10MB", expression);
            Assert.True(tcpdump.ExitCode == 0, $"tcpdump {flag} '{expression}': {tcpdump.StandardError}");
            Assert.Equal(tcpdump.StandardOutput, BpfProgramPrinter.Format(program, format));
        }
    }

    /// <summary>Every opcode (known or not), jump offsets, negative-looking constants, Linux's ancillary offsets, indexes past 999.</summary>
    [Fact]
    public void EveryInstructionImageEqualsBpfImage()
    {
        var random = new Random(RandomProgramTests.Seed);
        for (int n = 0; n < 300_000; n++)
        {
            ushort code = random.Next(4) switch
            {
                0 => (ushort)random.Next(0x10000),
                1 => (ushort)random.Next(0x100),
                _ => RandomPrograms.AllOpcodes[random.Next(RandomPrograms.AllOpcodes.Count)],
            };
            uint k = random.Next(4) switch
            {
                0 => 0xfffff000u + (uint)random.Next(80),
                1 => (uint)random.Next(100),
                _ => (uint)random.NextInt64(1L << 32),
            };
            var insn = new BpfInstruction(code, (byte)random.Next(256), (byte)random.Next(256), k);
            int index = random.Next(3) == 0 ? random.Next(int.MaxValue) : random.Next(2000);
            Assert.Equal(Libpcap.BpfImage(insn, index), BpfProgramPrinter.Image(insn, index));
        }
    }
}
