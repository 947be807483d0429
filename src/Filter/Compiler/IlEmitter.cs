using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;

namespace Probe.Filter.Compiler;

/// <summary>
/// Generates the IL of one program, in one of two shapes: a method that runs it on one packet
/// (<see cref="CompiledBpfFunction"/>) or one that loops over a burst (<see cref="CompiledBpfBurstFunction"/>).
/// The body is the same; only where the packet comes from and where a result goes differ. The evaluation
/// stack is empty between BPF instructions.
/// </summary>
internal sealed unsafe class IlEmitter
{
    private static readonly MethodInfo ReverseUInt32 = typeof(BinaryPrimitives).GetMethod(nameof(BinaryPrimitives.ReverseEndianness), [typeof(uint)])!;
    private static readonly MethodInfo ReverseUInt16 = typeof(BinaryPrimitives).GetMethod(nameof(BinaryPrimitives.ReverseEndianness), [typeof(ushort)])!;
    private static readonly FieldInfo PacketData = typeof(PacketRef).GetField(nameof(PacketRef.DataField), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly FieldInfo PacketCaptureLength = typeof(PacketRef).GetField(nameof(PacketRef.CaptureLengthField), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly FieldInfo PacketWireLength = typeof(PacketRef).GetField(nameof(PacketRef.WireLengthField), BindingFlags.Instance | BindingFlags.NonPublic)!;

    // Arguments of both shapes. Argument 0 is the delegate's closed-over target, unused: a delegate
    // bound to an instance-shaped method is invoked without the shuffle thunk an open static one needs.
    //   one packet: (object, ref byte packet, uint captureLength, uint wireLength) -> uint
    //   burst:      (object, PacketRef* packets, int stride, int count, uint* results) -> void
    private const short PacketArg = 1, CaptureLengthArg = 2, WireLengthArg = 3;
    private const short PacketsArg = 1, StrideArg = 2, CountArg = 3, ResultsArg = 4;

    public static readonly Type[] SinglePacketParameters = [typeof(object), typeof(byte).MakeByRefType(), typeof(uint), typeof(uint)];
    public static readonly Type[] BurstParameters = [typeof(object), typeof(PacketRef*), typeof(int), typeof(int), typeof(uint*)];

    private readonly BpfInstruction[] _program;
    private readonly ILGenerator _il;
    private readonly ControlFlow _flow;
    private readonly Label[] _labels;
    private readonly Label _reject;
    private readonly LocalBuilder _a, _x;
    private readonly LocalBuilder?[] _scratch = new LocalBuilder?[BpfOpcode.MemoryWords];
    private readonly LocalBuilder? _backwardJumpsLeft;

    // The burst shape's per-packet state: null in the one-packet shape, which reads its arguments.
    private readonly LocalBuilder? _data, _captureLength, _wireLength, _result;
    private readonly Label _store;

    private IlEmitter(BpfProgram program, ILGenerator il, bool burst)
    {
        _program = program.InstructionArray;
        _il = il;
        _flow = ControlFlow.Analyse(_program);
        _labels = new Label[program.Length];
        for (int i = 0; i < program.Length; i++)
        {
            if (_flow.JumpTarget[i])
                _labels[i] = il.DefineLabel();
        }
        _reject = il.DefineLabel();
        _a = il.DeclareLocal(typeof(uint));
        _x = il.DeclareLocal(typeof(uint));
        for (int i = 0; i < _program.Length; i++)
        {
            if (_flow.Reachable[i] && UsesScratch(_program[i].Code))
                _scratch[_program[i].K] ??= il.DeclareLocal(typeof(uint));
        }
        if (program.HasBackwardJumps)
            _backwardJumpsLeft = il.DeclareLocal(typeof(int));
        if (burst)
        {
            _data = il.DeclareLocal(typeof(byte*));
            _captureLength = il.DeclareLocal(typeof(uint));
            _wireLength = il.DeclareLocal(typeof(uint));
            _result = il.DeclareLocal(typeof(uint));
            _store = il.DefineLabel();
        }
    }

    /// <summary>The one-packet shape. DynamicMethod zero-initialises locals: A, X and the scratch words start at 0.</summary>
    public static void EmitSinglePacket(BpfProgram program, ILGenerator il)
    {
        var emitter = new IlEmitter(program, il, burst: false);
        emitter.ResetBackwardJumps();
        emitter.EmitBody();
        il.MarkLabel(emitter._reject);
        emitter.Ldc(0);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// The burst shape: for each packet, A, X, the scratch words and the loop budget are reset (each run
    /// starts afresh, as a separate call would), the body runs, and its result is stored.
    /// </summary>
    public static void EmitBurst(BpfProgram program, ILGenerator il) => new IlEmitter(program, il, burst: true).EmitBurstLoop();

    private void EmitBurstLoop()
    {
        LocalBuilder index = _il.DeclareLocal(typeof(int));
        LocalBuilder packet = _il.DeclareLocal(typeof(PacketRef*));
        Label top = _il.DefineLabel(), condition = _il.DefineLabel();
        Ldc(0);
        Stloc(index);
        _il.Emit(OpCodes.Br, condition);

        _il.MarkLabel(top);
        _il.Emit(OpCodes.Ldarg, PacketsArg);
        Ldloc(index);
        _il.Emit(OpCodes.Conv_I);
        _il.Emit(OpCodes.Ldarg, StrideArg);
        _il.Emit(OpCodes.Conv_I);
        _il.Emit(OpCodes.Mul);
        _il.Emit(OpCodes.Add);
        Stloc(packet);
        Ldloc(packet); _il.Emit(OpCodes.Ldfld, PacketData); Stloc(_data!);
        Ldloc(packet); _il.Emit(OpCodes.Ldfld, PacketCaptureLength); Stloc(_captureLength!);
        Ldloc(packet); _il.Emit(OpCodes.Ldfld, PacketWireLength); Stloc(_wireLength!);
        Ldc(0); Stloc(_a);
        Ldc(0); Stloc(_x);
        foreach (LocalBuilder? word in _scratch)
        {
            if (word is not null)
            {
                Ldc(0);
                Stloc(word);
            }
        }
        ResetBackwardJumps();
        EmitBody();
        _il.MarkLabel(_reject);
        Ldc(0);
        Stloc(_result!);
        _il.MarkLabel(_store);
        _il.Emit(OpCodes.Ldarg, ResultsArg);
        Ldloc(index);
        _il.Emit(OpCodes.Conv_I);
        Ldc(sizeof(uint));
        _il.Emit(OpCodes.Mul);
        _il.Emit(OpCodes.Add);
        Ldloc(_result!);
        _il.Emit(OpCodes.Stind_I4);
        Ldloc(index);
        Ldc(1);
        _il.Emit(OpCodes.Add);
        Stloc(index);

        _il.MarkLabel(condition);
        Ldloc(index);
        _il.Emit(OpCodes.Ldarg, CountArg);
        _il.Emit(OpCodes.Blt, top);
        _il.Emit(OpCodes.Ret);
    }

    private void ResetBackwardJumps()
    {
        if (_backwardJumpsLeft is not null)
        {
            Ldc(BpfExecutionLimits.MaxBackwardJumps);
            Stloc(_backwardJumpsLeft);
        }
    }

    private void EmitBody()
    {
        for (int i = 0; i < _program.Length; i++)
        {
            if (!_flow.Reachable[i])
                continue;
            if (_flow.JumpTarget[i])
                _il.MarkLabel(_labels[i]);
            if (_flow.BlockStart[i] && _flow.AbsoluteReach[i] != 0)
                EmitBlockBoundsCheck(_flow.AbsoluteReach[i]);
            EmitInstruction(_program[i], i);
        }
    }

    /// <summary>The value on the stack is the run's result: return it, or store it and go on to the next packet.</summary>
    private void ReturnTop()
    {
        if (_result is null)
        {
            _il.Emit(OpCodes.Ret);
            return;
        }
        Stloc(_result);
        _il.Emit(OpCodes.Br, _store);
    }

    private void LoadPacket()
    {
        if (_data is null)
            _il.Emit(OpCodes.Ldarg, PacketArg);
        else
            Ldloc(_data);
    }

    private void LoadCaptureLength()
    {
        if (_captureLength is null)
            _il.Emit(OpCodes.Ldarg, CaptureLengthArg);
        else
            Ldloc(_captureLength);
    }

    private void LoadWireLength()
    {
        if (_wireLength is null)
            _il.Emit(OpCodes.Ldarg, WireLengthArg);
        else
            Ldloc(_wireLength);
    }

    private static bool UsesScratch(ushort code) =>
        code is BpfOpcode.ST or BpfOpcode.STX or (BpfOpcode.LD | BpfOpcode.MEM) or (BpfOpcode.LDX | BpfOpcode.MEM);

    /// <summary>Rejects unless the packet holds <paramref name="reach"/> bytes (see <see cref="ControlFlow.AbsoluteReach"/>).</summary>
    private void EmitBlockBoundsCheck(ulong reach)
    {
        if (reach > uint.MaxValue)
        {
            _il.Emit(OpCodes.Br, _reject);
            return;
        }
        LoadCaptureLength();
        Ldc((uint)reach);
        _il.Emit(OpCodes.Blt_Un, _reject);
    }

    private void EmitInstruction(BpfInstruction insn, int index)
    {
        uint k = insn.K;
        switch (insn.Code)
        {
            case BpfOpcode.RET | BpfOpcode.K: Ldc(k); ReturnTop(); break;
            case BpfOpcode.RET | BpfOpcode.A: Ldloc(_a); ReturnTop(); break;

            // Absolute loads: the block's entry check has already proven them in bounds.
            case BpfOpcode.LD | BpfOpcode.W | BpfOpcode.ABS: LoadAbsolute(k, OpCodes.Ldind_U4, ReverseUInt32); Stloc(_a); break;
            case BpfOpcode.LD | BpfOpcode.H | BpfOpcode.ABS: LoadAbsolute(k, OpCodes.Ldind_U2, ReverseUInt16); Stloc(_a); break;
            case BpfOpcode.LD | BpfOpcode.B | BpfOpcode.ABS: LoadAbsolute(k, OpCodes.Ldind_U1, null); Stloc(_a); break;
            case BpfOpcode.LDX | BpfOpcode.MSH | BpfOpcode.B:
                LoadAbsolute(k, OpCodes.Ldind_U1, null);
                Ldc(0xf); _il.Emit(OpCodes.And); Ldc(2); _il.Emit(OpCodes.Shl);
                Stloc(_x);
                break;

            case BpfOpcode.LD | BpfOpcode.W | BpfOpcode.IND: LoadIndirect(k, 4, OpCodes.Ldind_U4, ReverseUInt32); break;
            case BpfOpcode.LD | BpfOpcode.H | BpfOpcode.IND: LoadIndirect(k, 2, OpCodes.Ldind_U2, ReverseUInt16); break;
            case BpfOpcode.LD | BpfOpcode.B | BpfOpcode.IND: LoadIndirect(k, 1, OpCodes.Ldind_U1, null); break;

            case BpfOpcode.LD | BpfOpcode.W | BpfOpcode.LEN: LoadWireLength(); Stloc(_a); break;
            case BpfOpcode.LDX | BpfOpcode.W | BpfOpcode.LEN: LoadWireLength(); Stloc(_x); break;
            case BpfOpcode.LD | BpfOpcode.IMM: Ldc(k); Stloc(_a); break;
            case BpfOpcode.LDX | BpfOpcode.IMM: Ldc(k); Stloc(_x); break;
            case BpfOpcode.LD | BpfOpcode.MEM: Ldloc(Scratch(k)); Stloc(_a); break;
            case BpfOpcode.LDX | BpfOpcode.MEM: Ldloc(Scratch(k)); Stloc(_x); break;
            case BpfOpcode.ST: Ldloc(_a); Stloc(Scratch(k)); break;
            case BpfOpcode.STX: Ldloc(_x); Stloc(Scratch(k)); break;

            case BpfOpcode.JMP | BpfOpcode.JA: EmitJumpAlways(index, k); break;
            case BpfOpcode.JMP | BpfOpcode.JEQ | BpfOpcode.K: EmitConditional(insn, index, () => Ldc(k), OpCodes.Beq, OpCodes.Bne_Un); break;
            case BpfOpcode.JMP | BpfOpcode.JGT | BpfOpcode.K: EmitConditional(insn, index, () => Ldc(k), OpCodes.Bgt_Un, OpCodes.Ble_Un); break;
            case BpfOpcode.JMP | BpfOpcode.JGE | BpfOpcode.K: EmitConditional(insn, index, () => Ldc(k), OpCodes.Bge_Un, OpCodes.Blt_Un); break;
            case BpfOpcode.JMP | BpfOpcode.JSET | BpfOpcode.K: EmitConditional(insn, index, () => { Ldc(k); _il.Emit(OpCodes.And); }, OpCodes.Brtrue, OpCodes.Brfalse); break;
            case BpfOpcode.JMP | BpfOpcode.JEQ | BpfOpcode.X: EmitConditional(insn, index, () => Ldloc(_x), OpCodes.Beq, OpCodes.Bne_Un); break;
            case BpfOpcode.JMP | BpfOpcode.JGT | BpfOpcode.X: EmitConditional(insn, index, () => Ldloc(_x), OpCodes.Bgt_Un, OpCodes.Ble_Un); break;
            case BpfOpcode.JMP | BpfOpcode.JGE | BpfOpcode.X: EmitConditional(insn, index, () => Ldloc(_x), OpCodes.Bge_Un, OpCodes.Blt_Un); break;
            case BpfOpcode.JMP | BpfOpcode.JSET | BpfOpcode.X: EmitConditional(insn, index, () => { Ldloc(_x); _il.Emit(OpCodes.And); }, OpCodes.Brtrue, OpCodes.Brfalse); break;

            case BpfOpcode.ALU | BpfOpcode.ADD | BpfOpcode.K: AluConstant(OpCodes.Add, k); break;
            case BpfOpcode.ALU | BpfOpcode.SUB | BpfOpcode.K: AluConstant(OpCodes.Sub, k); break;
            case BpfOpcode.ALU | BpfOpcode.MUL | BpfOpcode.K: AluConstant(OpCodes.Mul, k); break;
            case BpfOpcode.ALU | BpfOpcode.DIV | BpfOpcode.K: AluConstant(OpCodes.Div_Un, k); break; // k != 0: validated
            case BpfOpcode.ALU | BpfOpcode.MOD | BpfOpcode.K: AluConstant(OpCodes.Rem_Un, k); break;
            case BpfOpcode.ALU | BpfOpcode.AND | BpfOpcode.K: AluConstant(OpCodes.And, k); break;
            case BpfOpcode.ALU | BpfOpcode.OR | BpfOpcode.K: AluConstant(OpCodes.Or, k); break;
            case BpfOpcode.ALU | BpfOpcode.XOR | BpfOpcode.K: AluConstant(OpCodes.Xor, k); break;
            // libpcap's x86-64 build shifts by k mod 32 (SHL/SHR mask the count); IL leaves counts of
            // 32 or more unspecified, so the mask is applied here.
            case BpfOpcode.ALU | BpfOpcode.LSH | BpfOpcode.K: AluConstant(OpCodes.Shl, k & 31); break;
            case BpfOpcode.ALU | BpfOpcode.RSH | BpfOpcode.K: AluConstant(OpCodes.Shr_Un, k & 31); break;

            case BpfOpcode.ALU | BpfOpcode.ADD | BpfOpcode.X: AluX(OpCodes.Add); break;
            case BpfOpcode.ALU | BpfOpcode.SUB | BpfOpcode.X: AluX(OpCodes.Sub); break;
            case BpfOpcode.ALU | BpfOpcode.MUL | BpfOpcode.X: AluX(OpCodes.Mul); break;
            case BpfOpcode.ALU | BpfOpcode.AND | BpfOpcode.X: AluX(OpCodes.And); break;
            case BpfOpcode.ALU | BpfOpcode.OR | BpfOpcode.X: AluX(OpCodes.Or); break;
            case BpfOpcode.ALU | BpfOpcode.XOR | BpfOpcode.X: AluX(OpCodes.Xor); break;
            case BpfOpcode.ALU | BpfOpcode.DIV | BpfOpcode.X: RejectIfXIsZero(); AluX(OpCodes.Div_Un); break;
            case BpfOpcode.ALU | BpfOpcode.MOD | BpfOpcode.X: RejectIfXIsZero(); AluX(OpCodes.Rem_Un); break;
            case BpfOpcode.ALU | BpfOpcode.LSH | BpfOpcode.X: ShiftByX(OpCodes.Shl); break;
            case BpfOpcode.ALU | BpfOpcode.RSH | BpfOpcode.X: ShiftByX(OpCodes.Shr_Un); break;
            case BpfOpcode.ALU | BpfOpcode.NEG: Ldloc(_a); _il.Emit(OpCodes.Neg); Stloc(_a); break;

            case BpfOpcode.MISC | BpfOpcode.TAX: Ldloc(_a); Stloc(_x); break;
            case BpfOpcode.MISC | BpfOpcode.TXA: Ldloc(_x); Stloc(_a); break;

            default:
                throw new InvalidProgramException($"unknown opcode 0x{insn.Code:x} at instruction {index}: the program was not validated");
        }
    }

    /// <summary>Pushes the big-endian value at packet + k; the caller has checked the bounds.</summary>
    private void LoadAbsolute(uint k, OpCode load, MethodInfo? reverse)
    {
        LoadPacket();
        if (k != 0)
        {
            Ldc(k);
            _il.Emit(OpCodes.Conv_U);
            _il.Emit(OpCodes.Add);
        }
        ReadAt(load, reverse);
    }

    /// <summary>A = the big-endian value at packet + X + k, or reject when X + k + size passes the captured bytes.</summary>
    private void LoadIndirect(uint k, uint size, OpCode load, MethodInfo? reverse)
    {
        // In 64 bits: X + k + size can pass 2^32 and must not wrap back into range.
        Ldloc(_x);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Ldc_I8, (long)k + size);
        _il.Emit(OpCodes.Add);
        LoadCaptureLength();
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Bgt_Un, _reject);

        LoadPacket();
        Ldloc(_x);
        if (k != 0)
        {
            Ldc(k);
            _il.Emit(OpCodes.Add); // no overflow: X + k < captured length, checked above
        }
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        ReadAt(load, reverse);
        Stloc(_a);
    }

    private void ReadAt(OpCode load, MethodInfo? reverse)
    {
        if (load != OpCodes.Ldind_U1)
            _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(load);
        if (reverse is not null)
            _il.Emit(OpCodes.Call, reverse);
    }

    private void EmitJumpAlways(int index, uint k)
    {
        int target = unchecked((int)((uint)index + 1 + k));
        if (target <= index)
        {
            // A backward jump: count it, so a loop ends (in a reject) instead of hanging the thread.
            _il.Emit(OpCodes.Ldloc, _backwardJumpsLeft!);
            Ldc(1);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Stloc, _backwardJumpsLeft!);
            Ldc(0);
            _il.Emit(OpCodes.Blt, _reject);
        }
        if (target != index + 1)
            _il.Emit(OpCodes.Br, _labels[target]);
    }

    /// <summary>
    /// Compares A with the operand that <paramref name="pushOperand"/> pushes (for jset it also ands),
    /// then branches, falling through to whichever target is the next instruction.
    /// </summary>
    private void EmitConditional(BpfInstruction insn, int index, Action pushOperand, OpCode branchIfTrue, OpCode branchIfFalse)
    {
        int next = index + 1;
        int onTrue = next + insn.JumpTrue, onFalse = next + insn.JumpFalse;
        if (onTrue == onFalse)
        {
            // Both ways lead to the same place and the comparison has no effect.
            if (onTrue != next)
                _il.Emit(OpCodes.Br, _labels[onTrue]);
            return;
        }
        Ldloc(_a);
        pushOperand();
        if (onTrue == next)
        {
            _il.Emit(branchIfFalse, _labels[onFalse]);
        }
        else
        {
            _il.Emit(branchIfTrue, _labels[onTrue]);
            if (onFalse != next)
                _il.Emit(OpCodes.Br, _labels[onFalse]);
        }
    }

    private void AluConstant(OpCode operation, uint k)
    {
        Ldloc(_a);
        Ldc(k);
        _il.Emit(operation);
        Stloc(_a);
    }

    private void AluX(OpCode operation)
    {
        Ldloc(_a);
        Ldloc(_x);
        _il.Emit(operation);
        Stloc(_a);
    }

    private void RejectIfXIsZero()
    {
        Ldloc(_x);
        _il.Emit(OpCodes.Brfalse, _reject);
    }

    /// <summary>libpcap: A shifted by X when X &lt; 32, else 0 (C leaves wider shifts undefined).</summary>
    private void ShiftByX(OpCode shift)
    {
        Label inRange = _il.DefineLabel(), done = _il.DefineLabel();
        Ldloc(_x);
        Ldc(32);
        _il.Emit(OpCodes.Blt_Un, inRange);
        Ldc(0);
        Stloc(_a);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(inRange);
        AluX(shift);
        _il.MarkLabel(done);
    }

    private LocalBuilder Scratch(uint k) => _scratch[k] ?? throw new InvalidOperationException($"M[{k}] was not found in the pre-scan");

    private void Ldc(uint value) => _il.Emit(OpCodes.Ldc_I4, unchecked((int)value));

    private void Ldc(int value) => _il.Emit(OpCodes.Ldc_I4, value);

    private void Ldloc(LocalBuilder local) => _il.Emit(OpCodes.Ldloc, local);

    private void Stloc(LocalBuilder local) => _il.Emit(OpCodes.Stloc, local);
}
