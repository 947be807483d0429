namespace Probe.Filter.Compiler;

/// <summary>
/// The shape of a compiled program run on one packet: the packet's first byte, the captured length and
/// the wire length in, the bytes to keep out. The packet is a managed reference, so it may point into an
/// array or into native memory alike.
/// </summary>
internal delegate uint CompiledBpfFunction(ref byte packet, uint captureLength, uint wireLength);

/// <summary>
/// The same program run over a burst: <c>results[i]</c> for the packet at <c>packets + i * stride</c> bytes,
/// i &lt; count (a <see cref="PacketBurst"/>).
/// </summary>
internal unsafe delegate void CompiledBpfBurstFunction(PacketRef* packets, int stride, int count, uint* results);
