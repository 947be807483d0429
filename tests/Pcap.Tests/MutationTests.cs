namespace Probe.Pcap.Tests;

/// <summary>
/// Differential fuzzing against libpcap: small corpus files of each flavour (pcap micro/nano, both byte orders,
/// pcapng with EPB/SPB/ISB/options) cut at every length and corrupted at seeded random places, header fields included.
/// Whatever libpcap makes of each variant (refusal, fault after N records, records) we must make too.
/// </summary>
public sealed class MutationTests : IDisposable
{
    private const int Seed = 20240611;
    private const int CorruptionsPerFile = 150;

    // Every cut within the first bytes (file header, first records or blocks), then every third one.
    private const int EveryCutBelow = 256;
    private const int CutStride = 3;

    private readonly TempDirectory _scratch = new();

    public static TheoryData<string> SeedFiles =>
    [
        "tcpdump-tests/tcp-handshake-nano.pcap",
        "tcpdump-tests/timestamp_invalid_micro.pcap",
        "tcpdump-tests/pptp.pcap",
        "tcpdump-tests/aoe-oobr-1.pcap",
        "zeek-traces/http/get-to-ssh-server.pcap",
        "tcpdump-tests/icmp-length-zero.pcapng",
        "tcpdump-tests/vsock-1.pcapng",
        "pcapng-test-generator/output_be/basic/test010.pcapng",
        "pcapng-test-generator/output_le/basic/test009.pcapng",
        "pcapng-test-generator/output_le/basic/test018.pcapng",
    ];

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void TruncationsReadLikeLibpcap(string name)
    {
        byte[] original = File.ReadAllBytes(Corpus.PathOf(name));
        int faults = 0;
        int cuts = 0;
        for (int length = 0; length < original.Length; length += length < EveryCutBelow ? 1 : CutStride)
        {
            cuts++;
            string path = _scratch.File($"cut-{length}", original[..length]);
            CaptureContents libpcap = DifferentialAssert.SameAsLibpcap(path);
            faults += libpcap.ReadError is not null || libpcap.OpenError is not null ? 1 : 0;
        }

        // Guards the loop: most cuts land inside a record or block and must be reported.
        Assert.True(faults > cuts / 2, $"only {faults} of {cuts} truncations were faults");
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void RandomCorruptionsReadLikeLibpcap(string name)
    {
        byte[] original = File.ReadAllBytes(Corpus.PathOf(name));
        var random = new Random(Seed ^ name.Length ^ original.Length);
        ReadOnlySpan<uint> interesting = [0, 1, 3, 12, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 262144, 262145, 65535, 1_000_000, 1_000_000_000];
        for (int i = 0; i < CorruptionsPerFile; i++)
        {
            byte[] mutated = (byte[])original.Clone();

            // Header fields live near the start and at record boundaries; a window of 256 bytes catches plenty.
            int position = random.Next(Math.Min(mutated.Length, 256));
            switch (random.Next(3))
            {
                case 0:
                    mutated[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    mutated[position] = (byte)random.Next(256);
                    break;
                default:
                    position = Math.Min(position & ~3, mutated.Length - 4);
                    uint value = interesting[random.Next(interesting.Length)];
                    BitConverter.TryWriteBytes(mutated.AsSpan(position), random.Next(2) == 0 ? value : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value));
                    break;
            }

            string path = _scratch.File($"mutant-{i}", mutated);
            DifferentialAssert.SameAsLibpcap(path);
        }
    }

    public void Dispose() => _scratch.Dispose();
}
