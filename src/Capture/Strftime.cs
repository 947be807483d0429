using System.Globalization;
using System.Text;

namespace Probe.Capture;

/// <summary>The strftime(3) conversions tcpdump's -G file names use (local time, C locale).</summary>
public static class Strftime
{
    public static string Format(string pattern, DateTimeOffset time)
    {
        var text = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '%' || i + 1 == pattern.Length)
            {
                text.Append(pattern[i]);
                continue;
            }
            char c = pattern[++i];
            text.Append(c switch
            {
                'Y' => time.Year.ToString("D4", CultureInfo.InvariantCulture),
                'y' => (time.Year % 100).ToString("D2", CultureInfo.InvariantCulture),
                'm' => time.Month.ToString("D2", CultureInfo.InvariantCulture),
                'd' => time.Day.ToString("D2", CultureInfo.InvariantCulture),
                'e' => time.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2),
                'H' => time.Hour.ToString("D2", CultureInfo.InvariantCulture),
                'M' => time.Minute.ToString("D2", CultureInfo.InvariantCulture),
                'S' => time.Second.ToString("D2", CultureInfo.InvariantCulture),
                'j' => time.DayOfYear.ToString("D3", CultureInfo.InvariantCulture),
                's' => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                'b' => time.ToString("MMM", CultureInfo.InvariantCulture),
                'a' => time.ToString("ddd", CultureInfo.InvariantCulture),
                'F' => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                'T' => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                '%' => "%",
                _ => "%" + c,
            });
        }
        return text.ToString();
    }
}
