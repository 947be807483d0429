namespace Probe.Filter.Tests.Support;

/// <summary>
/// Seeded generator of valid classic BPF programs, packets and wire lengths, biased toward the edges:
/// loads that end exactly at (or one past) the captured length, offsets that wrap in 32 bits, X = 0 before
/// a division, shifts of 31, 32 and more, jumps to the last instruction and of 255. Jumps are forward
/// only, and a scratch word is read only where every path has written it (libpcap does not zero its
/// scratch memory, so an unwritten word would make the oracle read stack garbage).
/// </summary>
internal sealed class RandomPrograms(int seed)
{
    private readonly Random _random = new(seed);

    public const int MaxPacketLength = 96;

    private static readonly ushort[] Opcodes =
    [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0c, 0x14, 0x15, 0x16, 0x1c, 0x1d,
        0x20, 0x24, 0x25, 0x28, 0x2c, 0x2d, 0x30, 0x34, 0x35, 0x3c, 0x3d, 0x40, 0x44, 0x45, 0x48, 0x4c, 0x4d,
        0x50, 0x54, 0x5c, 0x60, 0x61, 0x64, 0x6c, 0x74, 0x7c, 0x80, 0x81, 0x84, 0x87, 0x94, 0x9c, 0xa4, 0xac, 0xb1,
    ];

    /// <summary>Every opcode an engine runs: the generator draws from exactly these.</summary>
    public static IReadOnlyList<ushort> AllOpcodes => Opcodes;

    // Bytes packets are made of: a small alphabet makes equality tests and X = 0 likely.
    private static readonly byte[] Alphabet = [0x00, 0x00, 0x01, 0x02, 0x04, 0x06, 0x11, 0x20, 0x45, 0x80, 0xfe, 0xff];

    public BpfInstruction[] NextProgram()
    {
        int roll = _random.Next(100);
        int length = roll < 2 ? _random.Next(256, 300) : roll < 10 ? _random.Next(1, 4) : _random.Next(2, 40);
        var program = new BpfInstruction[length];
        // written[i]: the scratch words written on every path reaching i (-1: no path found yet).
        var written = new int[length];
        Array.Fill(written, -1);
        written[0] = 0;
        for (int i = 0; i < length; i++)
        {
            int known = written[i] < 0 ? 0 : written[i]; // unreachable code may read anything: libpcap never runs it
            BpfInstruction insn = i == length - 1 ? NextReturn() : NextInstruction(i, length, known);
            program[i] = insn;
            int after = known | (insn.Code is 0x02 or 0x03 ? 1 << (int)insn.K : 0);
            switch (BpfOpcode.Class(insn.Code))
            {
                case BpfOpcode.RET:
                    break;
                case BpfOpcode.JMP when BpfOpcode.Operation(insn.Code) == BpfOpcode.JA:
                    Merge(written, i + 1 + (int)insn.K, after);
                    break;
                case BpfOpcode.JMP:
                    Merge(written, i + 1 + insn.JumpTrue, after);
                    Merge(written, i + 1 + insn.JumpFalse, after);
                    break;
                default:
                    Merge(written, i + 1, after);
                    break;
            }
        }
        return program;
    }

    public byte[] NextPacket()
    {
        int roll = _random.Next(100);
        int length = roll < 5 ? 0 : roll < 20 ? _random.Next(1, 6) : _random.Next(MaxPacketLength + 1);
        var packet = new byte[length];
        for (int i = 0; i < length; i++)
            packet[i] = _random.Next(4) == 0 ? (byte)_random.Next(256) : Alphabet[_random.Next(Alphabet.Length)];
        return packet;
    }

    public uint NextWireLength(int captured) => _random.Next(8) switch
    {
        0 => 0,
        1 => uint.MaxValue,
        2 => (uint)_random.NextInt64(0, 1L << 32),
        3 => (uint)_random.Next(captured + 1),
        4 or 5 => (uint)(captured + _random.Next(1600)),
        _ => (uint)captured,
    };

    private static void Merge(int[] written, int target, int mask)
    {
        if (target < written.Length)
            written[target] = written[target] < 0 ? mask : written[target] & mask;
    }

    private BpfInstruction NextReturn() => _random.Next(3) switch
    {
        0 => new BpfInstruction(0x16, 0, 0, 0),
        _ => new BpfInstruction(0x06, 0, 0, NextConstant()),
    };

    private BpfInstruction NextInstruction(int index, int length, int written)
    {
        while (true)
        {
            ushort code = Opcodes[_random.Next(Opcodes.Length)];
            int lastOffset = length - 2 - index; // the largest jump offset that stays inside the program
            switch (code)
            {
                case 0x60 or 0x61: // ld M[k], ldx M[k]: only a word written on every path
                    if (written == 0)
                        continue;
                    int word;
                    do word = _random.Next(16); while ((written & (1 << word)) == 0);
                    return new BpfInstruction(code, 0, 0, (uint)word);
                case 0x02 or 0x03:
                    return new BpfInstruction(code, 0, 0, (uint)_random.Next(16));
                case 0x05:
                    return new BpfInstruction(code, 0, 0, (uint)JumpOffset(lastOffset, int.MaxValue));
                case 0x06 or 0x16:
                    if (_random.Next(4) != 0) // a return in the middle leaves dead code behind: now and then
                        continue;
                    return NextReturn();
                case 0x15 or 0x25 or 0x35 or 0x45 or 0x1d or 0x2d or 0x3d or 0x4d:
                    return new BpfInstruction(code, (byte)JumpOffset(lastOffset, 255), (byte)JumpOffset(lastOffset, 255), NextComparand());
                case 0x20 or 0x28 or 0x30 or 0xb1:
                    return new BpfInstruction(code, 0, 0, NextOffset());
                case 0x40 or 0x48 or 0x50:
                    return new BpfInstruction(code, 0, 0, _random.Next(3) == 0 ? NextConstant() : NextOffset());
                case 0x34 or 0x94: // div, mod #k: never by a constant 0 (invalid)
                    uint divisor = NextConstant();
                    return new BpfInstruction(code, 0, 0, divisor == 0 ? 1 : divisor);
                case 0x64 or 0x74:
                    return new BpfInstruction(code, 0, 0, NextShift());
                case 0x01: // ldx #k: often 0 or a shift-sized value, for div/mod/lsh/rsh by X
                    return new BpfInstruction(code, 0, 0, _random.Next(3) == 0 ? 0 : _random.Next(2) == 0 ? NextShift() : NextConstant());
                default:
                    return new BpfInstruction(code, 0, 0, NextConstant());
            }
        }
    }

    /// <summary>A jump offset in [0, max] (capped by <paramref name="limit"/>), often exactly 0 or the last instruction.</summary>
    private int JumpOffset(int max, int limit)
    {
        max = Math.Min(max, limit);
        return _random.Next(4) switch
        {
            0 => 0,
            1 => max,
            _ => _random.Next(max + 1),
        };
    }

    /// <summary>Packet offsets around the packet sizes generated, plus ones that wrap or overflow in 32 bits.</summary>
    private uint NextOffset() => _random.Next(20) switch
    {
        0 => uint.MaxValue - (uint)_random.Next(4),
        1 => 0x80000000u - (uint)_random.Next(4),
        2 => 0xfffff000u + (uint)_random.Next(64), // Linux's SKF_AD_OFF ancillary range
        _ => (uint)_random.Next(MaxPacketLength + 4),
    };

    private uint NextShift() => _random.Next(6) == 0 ? NextConstant() : (uint)_random.Next(40);

    private uint NextComparand() => _random.Next(6) switch
    {
        0 => NextConstant(),
        1 => (uint)_random.Next(0x10000),
        _ => Alphabet[_random.Next(Alphabet.Length)],
    };

    private uint NextConstant() => _random.Next(10) switch
    {
        0 => 0,
        1 => 1,
        2 => uint.MaxValue,
        3 => 0x80000000,
        4 => (uint)_random.Next(64),
        5 => 262144,
        _ => (uint)_random.NextInt64(0, 1L << 32),
    };
}
