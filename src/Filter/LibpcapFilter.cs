using System.Runtime.CompilerServices;
using Probe.Filter.Interop;

namespace Probe.Filter;

/// <summary>
/// A program run by libpcap's own <c>bpf_filter</c>: the oracle the other engines are tested and
/// benchmarked against.
/// </summary>
public sealed unsafe class LibpcapFilter : IPacketFilter
{
    // On the pinned object heap: the address stays valid for the object's lifetime and no call pins anything.
    private readonly BpfInstruction[] _pinned;
    private readonly BpfInstruction* _instructions;
    private readonly bool _mayLoop;

    public LibpcapFilter(BpfProgram program)
    {
        Program = program;
        _mayLoop = program.HasBackwardJumps;
        _pinned = GC.AllocateArray<BpfInstruction>(program.Length, pinned: true);
        program.Instructions.Span.CopyTo(_pinned);
        _instructions = (BpfInstruction*)Unsafe.AsPointer(ref _pinned[0]);
    }

    public BpfProgram Program { get; }

    public uint Run(ReadOnlySpan<byte> packet, uint wireLength)
    {
        fixed (byte* bytes = packet)
        {
            // A looping program may never return from libpcap (it has no bound), so it must not run
            // without a GC transition; see Libpcap.BpfFilter.
            return _mayLoop
                ? Libpcap.BpfFilterWithTransition(_instructions, bytes, wireLength, (uint)packet.Length)
                : Libpcap.BpfFilter(_instructions, bytes, wireLength, (uint)packet.Length);
        }
    }
}
