using System.Runtime.InteropServices;

namespace Probe.Filter;

/// <summary>
/// One packet of a receive burst, as <see cref="IPacketFilter.RunBurst"/> takes them: where its bytes are,
/// how many were captured, and its length on the wire. The bytes must stay where they are for the call.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly unsafe struct PacketRef(byte* data, uint captureLength, uint wireLength)
{
    // Fields, not auto-properties, so the IL compiler can name them (ldfld) without depending on
    // compiler-generated backing-field names.
    internal readonly byte* DataField = data;
    internal readonly uint CaptureLengthField = captureLength;
    internal readonly uint WireLengthField = wireLength;

    public byte* Data => DataField;

    public uint CaptureLength => CaptureLengthField;

    public uint WireLength => WireLengthField;

    /// <summary>The captured bytes.</summary>
    public ReadOnlySpan<byte> Bytes => new(DataField, checked((int)CaptureLengthField));
}
