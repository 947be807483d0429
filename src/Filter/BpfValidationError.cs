namespace Probe.Filter;

/// <summary>Why a program is invalid: the first failing instruction (null when the program as a whole is at fault) and the reason.</summary>
public sealed record BpfValidationError(int? InstructionIndex, string Reason)
{
    public string Message => InstructionIndex is int index
        ? $"invalid BPF program: instruction {index}: {Reason}"
        : $"invalid BPF program: {Reason}";

    public override string ToString() => Message;
}
