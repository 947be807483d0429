namespace Probe.Zbuf.Control;

/// <summary>The appliance refused a request: <see cref="Status"/> is -errno, the message its reason.</summary>
public sealed class ControlException(ControlOp op, int status, string reason) : Exception($"{op}: {reason}")
{
    public ControlOp Op { get; } = op;
    public int Status { get; } = status;
    public string Reason { get; } = reason;
}
