using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Egress.WebRtc.Srtp;

/// <summary>AES in counter mode (RFC 3711 §4.1.1) built from a reusable ECB transform.</summary>
/// <remarks>
/// Aes.EncryptEcb creates a native cipher per call (about 66 bytes of garbage each time), so one ECB
/// ICryptoTransform is kept and fed whole batches of counter blocks; that path allocates nothing.
/// </remarks>
internal sealed class AesCounterMode : IDisposable
{
    private const int BlockSize = 16;

    // Large enough that a full-MTU packet needs a single native call.
    private const int BatchBlocks = 128;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[BatchBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[BatchBlocks * BlockSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.SetKey(key);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs <paramref name="data"/> with the keystream that starts at counter block <paramref name="iv"/>.</summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        var low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        ulong block = 0;
        while (!data.IsEmpty)
        {
            var chunk = Math.Min(data.Length, _keystream.Length);
            var blocks = (chunk + BlockSize - 1) / BlockSize;
            var counters = _counters.AsSpan();
            for (var i = 0; i < blocks; i++, block++)
            {
                // Full 128-bit addition: SRTP IVs leave the low 16 bits clear, but correctness should not depend on it.
                var sum = low + block;
                var carry = sum < low ? 1UL : 0UL;
                BinaryPrimitives.WriteUInt64BigEndian(counters[(i * BlockSize)..], high + carry);
                BinaryPrimitives.WriteUInt64BigEndian(counters[((i * BlockSize) + 8)..], sum);
            }

            _ecb.TransformBlock(_counters, 0, blocks * BlockSize, _keystream, 0);
            Xor(data[..chunk], _keystream.AsSpan(0, chunk));
            data = data[chunk..];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        ref var d = ref MemoryMarshal.GetReference(data);
        ref var k = ref MemoryMarshal.GetReference(keystream);
        var length = (nuint)data.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = (nuint)Vector<byte>.Count;
            for (; i + width <= length; i += width)
            {
                (Vector.LoadUnsafe(ref d, i) ^ Vector.LoadUnsafe(ref k, i)).StoreUnsafe(ref d, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref d, i) ^= Unsafe.Add(ref k, i);
        }
    }
}
