using System.Globalization;
using System.Text.RegularExpressions;

namespace Probe.Perf.Tests;

/// <summary>Checks of what the section contract (perf/lib/results.sh) says a section writes.</summary>
internal static partial class SectionFiles
{
    public const string TsvHeader = "case\tmetric\tunit\tmedian\tmin\tmax\truns";

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// NAME.tsv: the header, at least one row, and in every row numbers where the statistics go, with
    /// min &lt;= median &lt;= max and at least one run. Returns a description of every problem found.
    /// </summary>
    public static IEnumerable<string> TsvProblems(string path)
    {
        if (!File.Exists(path))
        {
            yield return $"{path} is missing";
            yield break;
        }
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != TsvHeader)
            yield return $"{path}: the first line is not the header '{TsvHeader.Replace("\t", "\\t", StringComparison.Ordinal)}'";
        if (lines.Length < 2)
            yield return $"{path} has no rows";
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split('\t');
            if (f.Length != 7)
            {
                yield return $"{path}: '{line}' has {f.Length} columns, not 7";
                continue;
            }
            if (!Number(f[3], out double median) || !Number(f[4], out double min) || !Number(f[5], out double max))
            {
                yield return $"{path}: '{line}': median, min or max is not a number";
                continue;
            }
            if (!(min <= median && median <= max))
                yield return $"{path}: '{line}': not min <= median <= max";
            if (!int.TryParse(f[6], NumberStyles.None, CultureInfo.InvariantCulture, out int runs) || runs < 1)
                yield return $"{path}: '{line}': runs is not a positive whole number";
        }
    }

    private static bool Number(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>The relative file names of the images a markdown fragment shows: ![text](NAME).</summary>
    public static IReadOnlyList<string> ImageReferences(string markdown) =>
        ImageReference().Matches(markdown).Select(m => m.Groups[1].Value).ToArray();

    /// <summary>Null if the file is a PNG (signature, then an IHDR chunk with a non-zero size), else why not.</summary>
    public static string? PngProblem(string path)
    {
        if (!File.Exists(path))
            return $"{path} is missing";
        byte[] head = new byte[24];
        using (FileStream f = File.OpenRead(path))
            if (f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
                return $"{path} is too short to be a PNG";
        if (!head.AsSpan(0, 8).SequenceEqual(PngSignature))
            return $"{path} does not start with the PNG signature";
        if (head[12] != 'I' || head[13] != 'H' || head[14] != 'D' || head[15] != 'R')
            return $"{path}: the first chunk is not IHDR";
        uint width = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(16));
        uint height = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(20));
        return width == 0 || height == 0 ? $"{path}: the image is {width} x {height}" : null;
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex ImageReference();
}
