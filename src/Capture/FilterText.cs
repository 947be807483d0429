using Probe.Filter.Expressions;

namespace Probe.Capture;

/// <summary>The filter expression of a command line: -F FILE (as tcpdump reads it) or the remaining arguments.</summary>
internal static class FilterText
{
    public static string? Of(ZcapOptions options) =>
        options.FilterFile is not null ? FilterExpressionText.FromFile(options.FilterFile) : options.Expression;
}
