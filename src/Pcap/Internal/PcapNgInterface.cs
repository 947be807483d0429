namespace Probe.Pcap.Internal;

/// <summary>
/// One pcapng interface's time-stamp rules (if_tsresol, if_tsoffset) and their conversion to seconds plus the fraction
/// at microsecond and at nanosecond precision, with libpcap 1.10.3's integer arithmetic, overflow included.
/// </summary>
internal readonly struct PcapNgInterface
{
    private const ulong Micro = 1_000_000;
    private const ulong Nano = 1_000_000_000;

    private readonly ulong _resolution;
    private readonly ulong _offsetSeconds;
    private readonly bool _binary;
    private readonly ConversionKind _kind;

    private PcapNgInterface(uint snapLength, ulong resolution, bool binary, ulong offsetSeconds)
    {
        SnapLength = snapLength;
        _resolution = resolution;
        _binary = binary;
        _offsetSeconds = offsetSeconds;
        _kind = (resolution, binary) switch
        {
            (Micro, false) => ConversionKind.Microseconds,
            (Nano, false) => ConversionKind.Nanoseconds,
            _ => ConversionKind.General,
        };
    }

    // The two resolutions nearly every file uses get divisions by constants, which the JIT turns into multiplications.
    private enum ConversionKind
    {
        Microseconds,
        Nanoseconds,
        General,
    }

    public uint SnapLength { get; }

    /// <summary>Ticks per second (10^n or 2^n).</summary>
    public ulong Resolution => _resolution;

    /// <summary>
    /// Builds an interface from an IDB's options (libpcap's process_idb_options). Returns null and sets
    /// <paramref name="error"/> to libpcap's message when the options are malformed.
    /// </summary>
    public static PcapNgInterface? Parse(uint snapLength, ReadOnlySpan<byte> options, bool bigEndian, out string? error)
    {
        const int optionEndOfOptions = 0;
        const int optionTsResol = 9;
        const int optionTsOffset = 14;

        ulong resolution = Micro;
        bool binary = false;
        ulong offsetSeconds = 0;
        bool sawResolution = false;
        bool sawOffset = false;
        error = null;

        while (options.Length != 0)
        {
            if (options.Length < 4)
            {
                error = PcapNgReader.TooShort(PcapNgReader.InterfaceDescriptionType);
                return null;
            }

            ushort code = PcapNgReader.ReadUInt16(options, bigEndian);
            ushort length = PcapNgReader.ReadUInt16(options[2..], bigEndian);
            int padded = (length + 3) / 4 * 4;
            if (options.Length - 4 < padded)
            {
                error = PcapNgReader.TooShort(PcapNgReader.InterfaceDescriptionType);
                return null;
            }

            ReadOnlySpan<byte> value = options.Slice(4, length);
            options = options[(4 + padded)..];
            switch (code)
            {
                case optionEndOfOptions:
                    if (length != 0)
                    {
                        error = $"Interface Description Block has opt_endofopt option with length {length} != 0";
                        return null;
                    }

                    // Whatever follows opt_endofopt is not looked at.
                    return new PcapNgInterface(snapLength, resolution, binary, offsetSeconds);

                case optionTsResol:
                    if (length != 1)
                    {
                        error = $"Interface Description Block has if_tsresol option with length {length} != 1";
                        return null;
                    }

                    if (sawResolution)
                    {
                        error = "Interface Description Block has more than one if_tsresol option";
                        return null;
                    }

                    sawResolution = true;
                    byte tsresol = value[0];
                    if ((tsresol & 0x80) != 0)
                    {
                        int shift = tsresol & 0x7F;
                        if (shift > 63)
                        {
                            error = $"Interface Description Block if_tsresol option resolution 2^-{shift} is too high";
                            return null;
                        }

                        binary = true;
                        resolution = 1UL << shift;
                    }
                    else
                    {
                        // 10^19 is the largest power of ten below 2^64.
                        if (tsresol > 19)
                        {
                            error = $"Interface Description Block if_tsresol option resolution 10^-{tsresol} is too high";
                            return null;
                        }

                        binary = false;
                        resolution = 1;
                        for (int i = 0; i < tsresol; i++)
                        {
                            resolution *= 10;
                        }
                    }

                    break;

                case optionTsOffset:
                    if (length != 8)
                    {
                        error = $"Interface Description Block has if_tsoffset option with length {length} != 8";
                        return null;
                    }

                    if (sawOffset)
                    {
                        error = "Interface Description Block has more than one if_tsoffset option";
                        return null;
                    }

                    sawOffset = true;
                    offsetSeconds = PcapNgReader.ReadUInt64(value, bigEndian);
                    break;
            }
        }

        return new PcapNgInterface(snapLength, resolution, binary, offsetSeconds);
    }

    /// <summary>
    /// pcap_ng_next_packet's conversion: seconds = ticks / resolution + if_tsoffset, and the remaining ticks scaled to
    /// the requested unit (unsigned 64-bit arithmetic that may wrap, then stored in an int as libpcap does).
    /// </summary>
    public void Convert(ulong ticks, out long seconds, out ulong nanoseconds, out ulong microseconds)
    {
        unchecked
        {
            switch (_kind)
            {
                case ConversionKind.Microseconds:
                {
                    ulong fraction = ticks % Micro;
                    seconds = (long)((ticks / Micro) + _offsetSeconds);
                    microseconds = fraction;
                    nanoseconds = fraction * 1000;
                    return;
                }

                case ConversionKind.Nanoseconds:
                {
                    ulong fraction = ticks % Nano;
                    seconds = (long)((ticks / Nano) + _offsetSeconds);
                    nanoseconds = fraction;
                    microseconds = fraction / 1000;
                    return;
                }

                default:
                {
                    ulong fraction = ticks % _resolution;
                    seconds = (long)((ticks / _resolution) + _offsetSeconds);
                    nanoseconds = (ulong)(int)Scale(fraction, Nano);
                    microseconds = (ulong)(int)Scale(fraction, Micro);
                    return;
                }
            }
        }
    }

    private ulong Scale(ulong fraction, ulong wanted)
    {
        unchecked
        {
            if (_resolution == wanted)
            {
                return fraction;
            }

            if (_binary)
            {
                // libpcap multiplies first: for resolutions finer than 2^-34 s this wraps at nanosecond precision.
                return fraction * wanted / _resolution;
            }

            return _resolution > wanted ? fraction / (_resolution / wanted) : fraction * (wanted / _resolution);
        }
    }
}
