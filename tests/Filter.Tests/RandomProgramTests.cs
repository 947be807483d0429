using System.Globalization;
using Probe.Filter.Tests.Support;
using Xunit.Abstractions;

namespace Probe.Filter.Tests;

/// <summary>
/// A million generated (valid program, packet, wire length) cases: the interpreter, the compiled code and
/// libpcap's bpf_filter must return the same value for each. The seed is fixed so CI is repeatable;
/// PROBE_FILTER_SEED picks another, and every failure prints the seed that produced it.
/// </summary>
public sealed class RandomProgramTests(ITestOutputHelper output)
{
    private const int Programs = 10_000;
    private const int PacketsPerProgram = 100;

    internal static int Seed { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("PROBE_FILTER_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
            ? seed
            : 20250601;

    [Fact]
    public void AMillionRandomCasesGiveLibpcapsResultOnEveryEngine()
    {
        var random = new RandomPrograms(Seed);
        var opcodes = new HashSet<ushort>();
        var exits = new Dictionary<BpfExit, long>();
        long cases = 0, accepted = 0, jumpsToLast = 0, longJumps = 0;
        for (int p = 0; p < Programs; p++)
        {
            BpfInstruction[] instructions = random.NextProgram();
            for (int i = 0; i < instructions.Length; i++)
            {
                BpfInstruction insn = instructions[i];
                opcodes.Add(insn.Code);
                if (BpfOpcode.Class(insn.Code) == BpfOpcode.JMP && insn.Code != (BpfOpcode.JMP | BpfOpcode.JA))
                {
                    jumpsToLast += (i + 1 + insn.JumpTrue == instructions.Length - 1 ? 1 : 0) + (i + 1 + insn.JumpFalse == instructions.Length - 1 ? 1 : 0);
                    longJumps += (insn.JumpTrue == 255 ? 1 : 0) + (insn.JumpFalse == 255 ? 1 : 0);
                }
            }
            var program = new BpfProgram(instructions);
            var engines = new Engines(program);
            var burst = new List<CapturedPacket>(PacketsPerProgram);
            for (int n = 0; n < PacketsPerProgram; n++)
            {
                byte[] packet = random.NextPacket();
                burst.Add(new CapturedPacket(packet, random.NextWireLength(packet.Length)));
            }
            // The cases as one burst first, while the burst shape is most likely still compiling, then
            // with it: every run in a burst starts from fresh A, X and scratch memory.
            string? burstDisagreement = engines.BurstDisagreement(burst);
            Assert.True(burstDisagreement is null, $"seed {Seed} (PROBE_FILTER_SEED), program {p}: {burstDisagreement}");
            for (int n = 0; n < PacketsPerProgram; n++)
            {
                (byte[] packet, uint wireLength) = (burst[n].Bytes, burst[n].WireLength);
                string? disagreement = engines.Disagreement(packet, wireLength);
                Assert.True(disagreement is null, $"seed {Seed} (PROBE_FILTER_SEED), program {p}, packet {n}: {disagreement}");
                cases++;
                BpfInterpreter.Run(program, packet, wireLength, out BpfExit exit);
                exits[exit] = exits.GetValueOrDefault(exit) + 1;
                if (engines.Oracle(packet, wireLength) != 0)
                    accepted++;
            }
        }

        output.WriteLine($"seed {Seed}: {cases} cases, {accepted} accepted; ends: {string.Join(", ", exits.Select(e => $"{e.Key} {e.Value}"))}; " +
                         $"{opcodes.Count} opcodes, {jumpsToLast} jumps to the last instruction, {longJumps} jumps of 255; " +
                         $"{Engines.FallbackBursts} bursts met the fallback loop");
        Assert.True(cases >= 1_000_000, $"only {cases} cases");
        Assert.Equal(RandomPrograms.AllOpcodes.Order(), opcodes.Order());
        Assert.True(exits.GetValueOrDefault(BpfExit.OutOfBounds) > 10_000, "too few out-of-bounds loads");
        Assert.True(exits.GetValueOrDefault(BpfExit.DivisionByZero) > 1_000, "too few divisions by a zero X");
        Assert.True(exits.GetValueOrDefault(BpfExit.Return) > 100_000, "too few runs reached a return");
        Assert.True(jumpsToLast > 1_000 && longJumps > 100, "too few jumps at the edges");
        Assert.InRange(accepted, cases / 10, cases * 9 / 10);
        // The generated burst loop runs in every check; the fallback loop only while the burst shape compiles.
        Assert.True(Engines.FallbackBursts > 0, "RunBurst never ran the compiled filter's fallback loop");
    }
}
