using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Egress.WebRtc.Srtp;

/// <summary>AES-128-GCM (NIST SP 800-38D) on AES-NI and PCLMULQDQ: counter mode eight blocks at a time, then GHASH.</summary>
/// <remarks>
/// Eight counter blocks go through the rounds together so the AES units stay busy (an AESENC has a latency of
/// several cycles but issues every cycle or two). Encryption and hashing are two passes over a packet that sits in
/// L1; fusing them would save little at SRTP's sizes and cost clarity.
/// </remarks>
internal sealed class X86Aes128Gcm : Aes128Gcm
{
    private const int BlockSize = 16;
    private const int Lanes = 8;

    private Aes128RoundKeys _keys;
    private GhashKey _hash;

    public X86Aes128Gcm(ReadOnlySpan<byte> key)
    {
        _keys = Aes128RoundKeys.Expand(key);
        _hash = GhashKey.Create(_keys.Encrypt(Vector128<byte>.Zero));
    }

    public override void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> aad)
    {
        var counter = CounterBase(nonce);
        ApplyKeystream(counter, data);
        ComputeTag(counter, data, aad).CopyTo(tag);
    }

    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        var counter = CounterBase(nonce);
        Span<byte> expected = stackalloc byte[TagLength];
        ComputeTag(counter, data, aad).CopyTo(expected);
        if (tag.Length != TagLength || !CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            return false;
        }

        ApplyKeystream(counter, data);
        return true;
    }

    public override void Dispose()
    {
        _keys.Clear();
        _hash.Clear();
    }

    /// <summary>The nonce in bytes 0–11 of a counter block; the big-endian block counter goes in bytes 12–15.</summary>
    private static Vector128<ulong> CounterBase(ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException($"AES-GCM here takes a {NonceLength}-byte nonce, got {nonce.Length}.", nameof(nonce));
        }

        return Vector128.Create(MemoryMarshal.Read<ulong>(nonce), MemoryMarshal.Read<uint>(nonce[8..]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> CounterBlock(Vector128<ulong> counterBase, uint counter) =>
        counterBase.WithElement(1, counterBase.GetElement(1) | ((ulong)BinaryPrimitives.ReverseEndianness(counter) << 32)).AsByte();

    private Vector128<byte> ComputeTag(Vector128<ulong> counterBase, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> aad)
    {
        var hash = _hash.Update(Vector128<ulong>.Zero, aad);
        hash = _hash.Update(hash, ciphertext);
        hash = _hash.Finish(hash, aad.Length, ciphertext.Length);

        // Counter 1 (J0) masks the tag; the data's keystream starts at 2.
        return GhashKey.ToBytes(hash) ^ _keys.Encrypt(CounterBlock(counterBase, 1));
    }

    private void ApplyKeystream(Vector128<ulong> counterBase, Span<byte> data)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        var length = (nuint)data.Length;
        nuint offset = 0;
        var counter = 2u;
        while (length - offset >= Lanes * BlockSize)
        {
            ApplyEight(counterBase, counter, ref Unsafe.Add(ref start, offset));
            counter += Lanes;
            offset += Lanes * BlockSize;
        }

        while (length - offset >= BlockSize)
        {
            var keystream = _keys.Encrypt(CounterBlock(counterBase, counter++));
            (Vector128.LoadUnsafe(ref start, offset) ^ keystream).StoreUnsafe(ref start, offset);
            offset += BlockSize;
        }

        if (offset < length)
        {
            Span<byte> keystream = stackalloc byte[BlockSize];
            _keys.Encrypt(CounterBlock(counterBase, counter)).CopyTo(keystream);
            var tail = data[(int)offset..];
            for (var i = 0; i < tail.Length; i++)
            {
                tail[i] ^= keystream[i];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ApplyEight(Vector128<ulong> counterBase, uint counter, ref byte blocks)
    {
        var first = _keys[0];
        var b0 = CounterBlock(counterBase, counter) ^ first;
        var b1 = CounterBlock(counterBase, counter + 1) ^ first;
        var b2 = CounterBlock(counterBase, counter + 2) ^ first;
        var b3 = CounterBlock(counterBase, counter + 3) ^ first;
        var b4 = CounterBlock(counterBase, counter + 4) ^ first;
        var b5 = CounterBlock(counterBase, counter + 5) ^ first;
        var b6 = CounterBlock(counterBase, counter + 6) ^ first;
        var b7 = CounterBlock(counterBase, counter + 7) ^ first;
        for (var round = 1; round < Aes128RoundKeys.Count - 1; round++)
        {
            var key = _keys[round];
            b0 = X86Aes.Encrypt(b0, key);
            b1 = X86Aes.Encrypt(b1, key);
            b2 = X86Aes.Encrypt(b2, key);
            b3 = X86Aes.Encrypt(b3, key);
            b4 = X86Aes.Encrypt(b4, key);
            b5 = X86Aes.Encrypt(b5, key);
            b6 = X86Aes.Encrypt(b6, key);
            b7 = X86Aes.Encrypt(b7, key);
        }

        var last = _keys[Aes128RoundKeys.Count - 1];
        XorStore(ref blocks, 0, X86Aes.EncryptLast(b0, last));
        XorStore(ref blocks, 1, X86Aes.EncryptLast(b1, last));
        XorStore(ref blocks, 2, X86Aes.EncryptLast(b2, last));
        XorStore(ref blocks, 3, X86Aes.EncryptLast(b3, last));
        XorStore(ref blocks, 4, X86Aes.EncryptLast(b4, last));
        XorStore(ref blocks, 5, X86Aes.EncryptLast(b5, last));
        XorStore(ref blocks, 6, X86Aes.EncryptLast(b6, last));
        XorStore(ref blocks, 7, X86Aes.EncryptLast(b7, last));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorStore(ref byte blocks, nuint index, Vector128<byte> keystream)
    {
        var offset = index * BlockSize;
        (Vector128.LoadUnsafe(ref blocks, offset) ^ keystream).StoreUnsafe(ref blocks, offset);
    }
}
