namespace Probe.Filter;

/// <summary>A program failed validation; <see cref="Error"/> names the instruction and the reason.</summary>
public sealed class BpfValidationException(BpfValidationError error) : Exception(error.Message)
{
    public BpfValidationError Error { get; } = error;

    public int? InstructionIndex => Error.InstructionIndex;

    public string Reason => Error.Reason;
}
