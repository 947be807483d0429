namespace Probe.Zbuf.Control;

/// <summary>Requests of the control protocol (docs/control-protocol.md; C: native/include/probe_control.h).</summary>
public enum ControlOp : ushort
{
    SetBufferMode = 1,
    GetMaxBufferSize = 2,
    Attach = 3,
    SetBuffers = 4,
    AllocateBuffers = 5,
    SetFilter = 6,
    SetFilterExpression = 7,
    SetSnapLength = 8,
    SetTimestampFormat = 9,
    SetImmediate = 10,
    SetTimeout = 11,
    Rotate = 12,
    Flush = 13,
    GetStatistics = 14,
    Lock = 15,
    GetWakeup = 16,
    List = 17,
    Close = 18,
}
