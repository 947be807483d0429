using System.Buffers.Binary;
using System.Text;

namespace Probe.Zbuf.Control;

/// <summary>Builds a control message: the 12-byte header, then little-endian fields.</summary>
public sealed class PayloadWriter
{
    private readonly List<byte> _bytes = new(64);

    public PayloadWriter U16(ushort v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); _bytes.AddRange(b); return this; }
    public PayloadWriter U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); _bytes.AddRange(b); return this; }
    public PayloadWriter I32(int v) => U32(unchecked((uint)v));
    public PayloadWriter U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); _bytes.AddRange(b); return this; }
    public PayloadWriter Bytes(ReadOnlySpan<byte> v) { _bytes.AddRange(v); return this; }
    public PayloadWriter Text(string v) => Bytes(Encoding.UTF8.GetBytes(v));

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    /// <summary>A request datagram: op, reserved, sequence, payload length, payload.</summary>
    public static byte[] Request(ControlOp op, uint sequence, ReadOnlySpan<byte> payload) =>
        new PayloadWriter().U16((ushort)op).U16(0).U32(sequence).U32((uint)payload.Length).Bytes(payload).ToArray();

    /// <summary>A reply datagram: op, reserved, sequence, status, payload.</summary>
    public static byte[] Reply(ControlOp op, uint sequence, int status, ReadOnlySpan<byte> payload) =>
        new PayloadWriter().U16((ushort)op).U16(0).U32(sequence).I32(status).Bytes(payload).ToArray();
}
