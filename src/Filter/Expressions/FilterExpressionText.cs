using System.Text;

namespace Probe.Filter.Expressions;

/// <summary>How tcpdump turns its command line or a -F file into the text it hands pcap_compile.</summary>
public static class FilterExpressionText
{
    /// <summary>
    /// The remaining arguments joined with single spaces, as tcpdump's copy_argv does; no arguments
    /// is the empty expression (accept all).
    /// </summary>
    public static string FromArguments(IEnumerable<string> arguments) => string.Join(' ', arguments);

    /// <summary>
    /// A -F file's text as tcpdump's read_infile prepares it: every '#' up to the end of its line
    /// becomes spaces (comments), everything else, newlines included, is kept.
    /// </summary>
    /// <exception cref="IOException">the file cannot be read (the message names the file and the reason).</exception>
    public static string FromFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"can't open {path}: {e.Message}", e);
        }
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'#')
            {
                while (i < bytes.Length && bytes[i] != (byte)'\n')
                    bytes[i++] = (byte)' ';
            }
        }
        return Encoding.UTF8.GetString(bytes);
    }
}
