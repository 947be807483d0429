namespace Probe.Filter.Expressions;

/// <summary>libpcap refused a filter expression. <see cref="Exception.Message"/> is libpcap's own text, unchanged.</summary>
public sealed class PcapCompileException(string libpcapMessage, string expression) : Exception(libpcapMessage)
{
    public string Expression { get; } = expression;
}
