namespace Probe.Filter;

/// <summary>The configurable part of program validation (zbuf-protocol.md section 6).</summary>
public sealed record BpfValidationOptions
{
    /// <summary>
    /// libpcap's own rules (what its <c>bpf_validate</c> accepts, restricted to opcodes an engine
    /// runs): backward unconditional jumps are allowed because libpcap's compiler emits them for
    /// <c>ip6 protochain</c>, and there is no length limit.
    /// </summary>
    public static readonly BpfValidationOptions Libpcap = new();

    /// <summary>
    /// The kernel's stricter rules: jumps forward only (FreeBSD's <c>bpf_validate</c>) and at most
    /// <c>BPF_MAXINSNS</c> = 512 instructions. The opcode set stays libpcap's (FreeBSD's kernel table lacks
    /// mod and xor, which libpcap's compiler emits). Note that libpcap compiles <c>ip6 protochain</c> with a
    /// backward jump, so its programs do not all pass these rules.
    /// </summary>
    public static readonly BpfValidationOptions Kernel = new() { AllowBackwardJumps = false, MaxInstructions = 512 };

    /// <summary>
    /// Whether <c>ja</c> may jump backwards (its 32-bit offset wraps, as libpcap computes it). Engines bound
    /// a run to <see cref="BpfExecutionLimits.MaxBackwardJumps"/> backward jumps so a loop cannot hang the poll thread.
    /// </summary>
    public bool AllowBackwardJumps { get; init; } = true;

    /// <summary>The most instructions a program may have (the configured instruction count).</summary>
    public int MaxInstructions { get; init; } = int.MaxValue;
}
