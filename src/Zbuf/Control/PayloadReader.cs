using System.Buffers.Binary;
using System.Text;

namespace Probe.Zbuf.Control;

/// <summary>Reads little-endian fields; running past the end is an <see cref="InvalidDataException"/> naming the field.</summary>
public ref struct PayloadReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _at;

    public readonly int Remaining => _bytes.Length - _at;

    public ushort U16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));
    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));
    public int I32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));
    public ulong U64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));
    public byte U8(string field) => Take(1, field)[0];

    /// <summary>The rest as UTF-8 text.</summary>
    public string Text()
    {
        string text = Encoding.UTF8.GetString(_bytes[_at..]);
        _at = _bytes.Length;
        return text;
    }

    /// <summary>Requires that nothing is left: a payload longer than its op defines is refused too.</summary>
    public readonly void End(string what)
    {
        if (Remaining != 0)
            throw new InvalidDataException($"{what}: {Remaining} unexpected byte(s) after the payload");
    }

    private ReadOnlySpan<byte> Take(int n, string field)
    {
        if (Remaining < n)
            throw new InvalidDataException($"payload too short: {field} needs {n} byte(s), {Remaining} left");
        ReadOnlySpan<byte> span = _bytes.Slice(_at, n);
        _at += n;
        return span;
    }
}
