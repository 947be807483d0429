using System.Text;
using Xunit.Abstractions;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>The port's log for a test: each line goes to the test output and is kept for assertions.</summary>
public sealed class TestLog : TextWriter
{
    private readonly ITestOutputHelper? _output;
    private readonly StringBuilder _line = new();
    private readonly List<string> _lines = [];

    public TestLog(ITestOutputHelper? output) => _output = output;

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
                return _lines.ToArray();
        }
    }

    public override void Write(char value)
    {
        lock (_lines)
        {
            if (value != '\n')
            {
                _line.Append(value);
                return;
            }
            _lines.Add(_line.ToString());
            _output?.WriteLine(_line.ToString());
            _line.Clear();
        }
    }
}
