using System.Buffers.Binary;

namespace Egress.WebRtc.Dtls;

/// <summary>Drops the client's ChangeCipherSpec and epoch-1 records until its CertificateVerify has been fully delivered.</summary>
/// <remarks>
/// BouncyCastle switches its read epoch as soon as it reads a ChangeCipherSpec and then discards epoch-0 records.
/// If the CertificateVerify was lost but the ChangeCipherSpec got through, the retransmitted CertificateVerify can
/// never be read and the handshake stalls until timeout. Dropping the early records is ordinary loss to DTLS: the
/// client retransmits its whole flight. Every handshake we accept has a CertificateVerify, because we require a
/// client certificate and never resume sessions.
/// </remarks>
internal sealed class ChangeCipherSpecGate
{
    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;
    private const byte ChangeCipherSpecType = 20;
    private const byte HandshakeType = 22;
    private const byte CertificateVerifyType = 15;

    // Far above any real CertificateVerify (an RSA-4096 signature is 512 bytes); beyond it, stop interfering.
    private const int MaxTrackedLength = 4096;

    private readonly Lock _sync = new();
    private bool[]? _covered;
    private int _coveredCount;
    private bool _open;

    /// <summary>True once a complete CertificateVerify has passed; from then on nothing is filtered.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_sync)
            {
                return _open;
            }
        }
    }

    /// <summary>Copies the records of <paramref name="datagram"/> that may pass into <paramref name="output"/> (at least as long); returns the bytes written.</summary>
    public int Filter(ReadOnlySpan<byte> datagram, Span<byte> output)
    {
        lock (_sync)
        {
            var written = 0;
            var offset = 0;
            while (offset + RecordHeaderLength <= datagram.Length)
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 11)..]);
                var end = offset + RecordHeaderLength + length;
                if (end > datagram.Length)
                {
                    break; // Truncated record: BouncyCastle would discard it too.
                }

                var record = datagram[offset..end];
                var epoch = BinaryPrimitives.ReadUInt16BigEndian(record[3..]);
                if (record[0] == HandshakeType && epoch == 0)
                {
                    Observe(record[RecordHeaderLength..]);
                }

                var early = epoch > 0 || record[0] == ChangeCipherSpecType;
                if (_open || !early)
                {
                    record.CopyTo(output[written..]);
                    written += record.Length;
                }

                offset = end;
            }

            return written;
        }
    }

    private void Observe(ReadOnlySpan<byte> messages)
    {
        while (!_open && messages.Length >= HandshakeHeaderLength)
        {
            var type = messages[0];
            var length = ReadUInt24(messages[1..]);
            var fragmentOffset = ReadUInt24(messages[6..]);
            var fragmentLength = ReadUInt24(messages[9..]);
            if (messages.Length < HandshakeHeaderLength + fragmentLength)
            {
                return;
            }

            if (type == CertificateVerifyType)
            {
                Cover(length, fragmentOffset, fragmentLength);
            }

            messages = messages[(HandshakeHeaderLength + fragmentLength)..];
        }
    }

    private void Cover(int length, int fragmentOffset, int fragmentLength)
    {
        if (length is 0 or > MaxTrackedLength)
        {
            _open = true;
            return;
        }

        if (_covered is null || _covered.Length != length)
        {
            _covered = new bool[length];
            _coveredCount = 0;
        }

        var end = Math.Min(length, fragmentOffset + fragmentLength);
        for (var i = fragmentOffset; i < end; i++)
        {
            if (!_covered[i])
            {
                _covered[i] = true;
                _coveredCount++;
            }
        }

        _open = _coveredCount == length;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] << 16 | bytes[1] << 8 | bytes[2];
}
