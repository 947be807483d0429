namespace Probe.Filter;

/// <summary>How a run of a program ended: what made the result what it is.</summary>
public enum BpfExit
{
    /// <summary>A <c>ret</c> instruction gave the result.</summary>
    Return,

    /// <summary>A packet load reached past the captured bytes: rejected (0).</summary>
    OutOfBounds,

    /// <summary>A division or modulus by X found X = 0: rejected (0).</summary>
    DivisionByZero,

    /// <summary>More than <see cref="BpfExecutionLimits.MaxBackwardJumps"/> backward jumps: rejected (0).</summary>
    LoopLimit,
}
