using Probe.Filter.Compiler;
using Probe.Filter.Tests.Interop;

namespace Probe.Filter.Tests.Support;

/// <summary>One program on every engine under test, plus libpcap's bpf_filter called directly as the oracle.</summary>
internal sealed class Engines
{
    private readonly BpfInstruction[] _instructions;
    private readonly IPacketFilter _libpcap;

    public Engines(BpfProgram program)
    {
        Program = program;
        _instructions = program.Instructions.ToArray();
        Interpreter = PacketFilter.Create(program, FilterEngine.Interpreter);
        Compiled = PacketFilter.Create(program, FilterEngine.Compiled);
        _libpcap = PacketFilter.Create(program, FilterEngine.Libpcap);
        // The compiled engine must really be compiled code here, not the interpreter it falls back to.
        Assert.True(Compiled is CompiledFilter or ConstantFilter, $"the compiler fell back to {Compiled.GetType().Name} for\n{program}");
    }

    public BpfProgram Program { get; }

    public IPacketFilter Interpreter { get; }

    public IPacketFilter Compiled { get; }

    public uint Oracle(ReadOnlySpan<byte> packet, uint wireLength) => Libpcap.BpfFilter(_instructions, packet, wireLength);

    /// <summary>How many burst checks met the compiled filter's fallback loop (its burst shape still compiling); every check also runs the generated burst code.</summary>
    public static int FallbackBursts;

    /// <summary>
    /// Runs the packets as one burst (RunBurst) on the compiled code, the interpreter and libpcap's engine
    /// (the interface's per-packet loop): null when every result is libpcap's bpf_filter result. The
    /// compiled filter runs twice: as it is (its burst shape may still be compiling in the background, in
    /// which case it loops over the one-packet code) and once its burst shape is ready. Every engine reads the
    /// burst twice: as PacketRefs, and strided over wider records that begin with a PacketRef (as the poll loop
    /// hands over its RxPacket array), whose other bytes must not be read as packets.
    /// </summary>
    public unsafe string? BurstDisagreement(IReadOnlyList<CapturedPacket> packets)
    {
        // All packets side by side in one block on the pinned object heap, as frames sit in a receive ring.
        byte[] block = GC.AllocateArray<byte>(Math.Max(1, packets.Sum(p => p.Bytes.Length)), pinned: true);
        var refs = new PacketRef[packets.Count];
        byte* start = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref block[0]);
        int offset = 0;
        for (int i = 0; i < packets.Count; i++)
        {
            packets[i].Bytes.CopyTo(block, offset);
            refs[i] = new PacketRef(start + offset, (uint)packets[i].Bytes.Length, packets[i].WireLength);
            offset += packets[i].Bytes.Length;
        }

        var runs = new List<(string Name, IPacketFilter Filter)>();
        if (Compiled is CompiledFilter compiled)
        {
            if (!compiled.HasCompiledBurst)
                Interlocked.Increment(ref FallbackBursts);
            runs.Add(("compiled, as created", compiled));
            runs.Add(("compiled, burst shape", new CompiledBurstReady(compiled)));
        }
        else
        {
            runs.Add(("compiled", Compiled));
        }
        runs.Add(("interpreter", Interpreter));
        runs.Add(("libpcap engine", _libpcap));
        var wide = new WideRecord[packets.Count];
        for (int i = 0; i < packets.Count; i++)
            wide[i] = new WideRecord(refs[i], refs[(i + 1) % refs.Length], 0x5A5A5A5A ^ i);
        foreach ((string name, IPacketFilter filter) in runs)
        {
            var results = new uint[packets.Count];
            var strided = new uint[packets.Count];
            filter.RunBurst(refs, results);
            filter.RunBurst(PacketBurst.OverPrefix<WideRecord>(wide), strided);
            for (int i = 0; i < packets.Count; i++)
            {
                uint expected = Oracle(packets[i].Bytes, packets[i].WireLength);
                if (results[i] != expected || strided[i] != expected)
                {
                    return $"burst of {packets.Count}, packet {i}: libpcap {expected}, {name} {results[i]} (strided: {strided[i]}); wire length {packets[i].WireLength}, " +
                           $"{packets[i].Bytes.Length} bytes captured: {Convert.ToHexString(packets[i].Bytes)}\n{Program}";
                }
            }
        }
        GC.KeepAlive(block);
        return null;
    }

    /// <summary>A 40-byte record that begins with a PacketRef, like Ingest's RxPacket; the rest is another packet's ref and noise.</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private readonly record struct WideRecord(PacketRef Packet, PacketRef Other, long Noise);

    /// <summary>The compiled filter once its burst shape is compiled: RunBurst then runs the generated loop.</summary>
    private sealed class CompiledBurstReady(CompiledFilter filter) : IPacketFilter
    {
        public uint Run(ReadOnlySpan<byte> packet, uint wireLength) => filter.Run(packet, wireLength);

        public void RunBurst(PacketBurst packets, Span<uint> results)
        {
            filter.BurstCompilation.Wait();
            Assert.True(filter.HasCompiledBurst, $"the JIT refused the burst shape of\n{filter.Program}");
            filter.RunBurst(packets, results);
        }
    }

    /// <summary>Null when all three agree; otherwise a description of the disagreement, for the failure message.</summary>
    public string? Disagreement(ReadOnlySpan<byte> packet, uint wireLength)
    {
        uint expected = Oracle(packet, wireLength);
        uint interpreted = Interpreter.Run(packet, wireLength);
        uint compiled = Compiled.Run(packet, wireLength);
        if (interpreted == expected && compiled == expected)
            return null;
        return $"libpcap {expected}, interpreter {interpreted}, compiled {compiled}; wire length {wireLength}, " +
               $"{packet.Length} bytes captured: {Convert.ToHexString(packet)}\n{Program}";
    }
}
