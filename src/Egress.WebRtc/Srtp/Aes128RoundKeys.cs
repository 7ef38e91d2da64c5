using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Sse2 = System.Runtime.Intrinsics.X86.Sse2;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Egress.WebRtc.Srtp;

/// <summary>The eleven AES-128 round keys (FIPS 197 §5.2), expanded with AES-NI's key-generation assist.</summary>
[InlineArray(Count)]
internal struct Aes128RoundKeys
{
    public const int Count = 11;

    private Vector128<byte> _first;

    public static Aes128RoundKeys Expand(ReadOnlySpan<byte> key)
    {
        // Written out, not looped: KeygenAssist takes its round constant as an instruction immediate.
        var keys = default(Aes128RoundKeys);
        var current = Vector128.Create(key);
        keys[0] = current;
        current = Next(current, X86Aes.KeygenAssist(current, 0x01));
        keys[1] = current;
        current = Next(current, X86Aes.KeygenAssist(current, 0x02));
        keys[2] = current;
        current = Next(current, X86Aes.KeygenAssist(current, 0x04));
        keys[3] = current;
        current = Next(current, X86Aes.KeygenAssist(current, 0x08));
        keys[4] = current;
        current = Next(current, X86Aes.KeygenAssist(current, 0x10));
        keys[5] = current;
        current = Next(current, X86Aes.KeygenAssist(current, 0x20));
        keys[6] = current;
        current = Next(current, X86Aes.KeygenAssist(current, 0x40));
        keys[7] = current;
        current = Next(current, X86Aes.KeygenAssist(current, 0x80));
        keys[8] = current;
        current = Next(current, X86Aes.KeygenAssist(current, 0x1B));
        keys[9] = current;
        current = Next(current, X86Aes.KeygenAssist(current, 0x36));
        keys[10] = current;
        return keys;
    }

    /// <summary>Encrypts one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Vector128<byte> Encrypt(Vector128<byte> block)
    {
        block ^= this[0];
        for (var round = 1; round < Count - 1; round++)
        {
            block = X86Aes.Encrypt(block, this[round]);
        }

        return X86Aes.EncryptLast(block, this[Count - 1]);
    }

    public void Clear()
    {
        for (var i = 0; i < Count; i++)
        {
            this[i] = default;
        }
    }

    // Each round key word is the previous word XOR the one before it in the previous key, the first word
    // taking the rotated, substituted and round-constant-mixed last word that KeygenAssist leaves in lane 3.
    private static Vector128<byte> Next(Vector128<byte> key, Vector128<byte> assist)
    {
        var broadcast = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ broadcast;
    }
}
