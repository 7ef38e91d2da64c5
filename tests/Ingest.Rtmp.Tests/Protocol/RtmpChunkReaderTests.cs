using System.Buffers.Binary;
using CsCheck;
using Ingest.Rtmp.Protocol;

namespace Ingest.Rtmp.Tests.Protocol;

public sealed class RtmpChunkReaderTests
{
    private static byte[] Payload(int length, byte seed = 1) =>
        Enumerable.Range(0, length).Select(i => (byte)(i * 7 + seed)).ToArray();

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    [Fact]
    public void Type0HeaderCarriesEverything()
    {
        var encoder = new ChunkEncoder();
        encoder.Write(3, RtmpMessageType.CommandAmf0, 0, 1234, Payload(100));

        var message = Assert.Single(ChunkReaderHarness.Decode(encoder.ToArray()));
        Assert.Equal((3, RtmpMessageType.CommandAmf0, 0u, 1234u), (message.Csid, message.Type, message.StreamId, message.Timestamp));
        Assert.Equal(Payload(100), message.Payload);
    }

    [Fact]
    public void LongMessageSpansType3ContinuationChunks()
    {
        var encoder = new ChunkEncoder();
        encoder.Write(6, RtmpMessageType.Video, 1, 40, Payload(1000));
        var bytes = encoder.ToArray();

        // 1000 bytes at 128 per chunk: one 12-byte header and seven 1-byte continuation headers.
        Assert.Equal(1000 + 12 + 7, bytes.Length);
        Assert.Equal(Payload(1000), Assert.Single(ChunkReaderHarness.Decode(bytes)).Payload);
    }

    [Fact]
    public void Type1Type2AndType3HeadersAccumulateTimestampDeltas()
    {
        var encoder = new ChunkEncoder();
        encoder.Write(4, RtmpMessageType.Audio, 1, 1000, Payload(10));
        encoder.Write(4, RtmpMessageType.Audio, 1, 1023, Payload(12)); // type 1: new length
        encoder.Write(4, RtmpMessageType.Audio, 1, 1050, Payload(12)); // type 2: new delta
        encoder.Write(4, RtmpMessageType.Audio, 1, 1077, Payload(12)); // type 3: same delta
        var bytes = encoder.ToArray();
        Assert.Equal(0x40 | 4, bytes[12 + 10]);
        Assert.Equal(0x80 | 4, bytes[12 + 10 + 8 + 12]);
        Assert.Equal(0xC0 | 4, bytes[12 + 10 + 8 + 12 + 4 + 12]);

        var messages = ChunkReaderHarness.Decode(bytes);
        Assert.Equal([1000u, 1023u, 1050u, 1077u], messages.Select(m => m.Timestamp));
        Assert.All(messages, m => Assert.Equal(1u, m.StreamId));
    }

    [Fact]
    public void Type3NewMessageAfterType0RepeatsTheTimestampAsDelta()
    {
        // ffmpeg's and librtmp's reading: after a type-0 header the "delta" for a type-3 message is its timestamp.
        var encoder = new ChunkEncoder();
        encoder.Write(5, RtmpMessageType.Audio, 1, 20, Payload(5));
        encoder.Write(5, RtmpMessageType.Audio, 1, 40, Payload(5), forceFormat: 3);
        Assert.Equal([20u, 40u], ChunkReaderHarness.Decode(encoder.ToArray()).Select(m => m.Timestamp));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ExtendedTimestampOnType0AndContinuationChunks(bool repeatOnContinuation)
    {
        var encoder = new ChunkEncoder { RepeatExtendedTimestampOnContinuation = repeatOnContinuation };
        encoder.Write(6, RtmpMessageType.Video, 1, 0x01000000, Payload(400));
        encoder.Write(6, RtmpMessageType.Video, 1, 0x01000000 + 33, Payload(300));

        var messages = ChunkReaderHarness.Decode(encoder.ToArray());
        Assert.Equal([0x01000000u, 0x01000021u], messages.Select(m => m.Timestamp));
        Assert.Equal(Payload(400), messages[0].Payload);
        Assert.Equal(Payload(300), messages[1].Payload);
    }

    [Fact]
    public void ExtendedTimestampOnType3NewMessage()
    {
        var encoder = new ChunkEncoder();
        encoder.Write(6, RtmpMessageType.Video, 1, 0xFFFFFF + 5, Payload(10));
        encoder.Write(6, RtmpMessageType.Video, 1, 2 * (0xFFFFFFu + 5), Payload(10), forceFormat: 3);
        Assert.Equal([0x1000004u, 0x2000008u], ChunkReaderHarness.Decode(encoder.ToArray()).Select(m => m.Timestamp));
    }

    [Fact]
    public void TimestampDeltasWrapAt32Bits()
    {
        var encoder = new ChunkEncoder();
        encoder.Write(4, RtmpMessageType.Audio, 1, 0xFFFFFFF0, Payload(3));
        encoder.Write(4, RtmpMessageType.Audio, 1, 0x00000010, Payload(3));
        Assert.Equal([0xFFFFFFF0u, 0x10u], ChunkReaderHarness.Decode(encoder.ToArray()).Select(m => m.Timestamp));
    }

    [Fact]
    public void SetChunkSizeTakesEffectForTheFollowingChunks()
    {
        var encoder = new ChunkEncoder();
        encoder.Write(2, RtmpMessageType.SetChunkSize, 0, 0, UInt32(4096));
        encoder.ChunkSize = 4096;
        encoder.Write(6, RtmpMessageType.Video, 1, 0, Payload(5000));
        encoder.Write(2, RtmpMessageType.SetChunkSize, 0, 0, UInt32(60));
        encoder.ChunkSize = 60;
        encoder.Write(6, RtmpMessageType.Video, 1, 33, Payload(700));

        var messages = ChunkReaderHarness.Decode(encoder.ToArray());
        Assert.Equal(4, messages.Count);
        Assert.Equal(Payload(5000), messages[1].Payload);
        Assert.Equal(Payload(700), messages[3].Payload);
    }

    [Fact]
    public void InterleavedChunkStreamsReassembleIndependently()
    {
        // Audio (csid 4, 300 bytes) and video (csid 6, 200 bytes) alternate chunk by chunk at 128 bytes.
        var audio = Payload(300, 3);
        var video = Payload(200, 9);
        var bytes = new List<byte>();
        bytes.AddRange([0x04, 0, 0, 10, 0, 0x01, 0x2C, 8, 1, 0, 0, 0]);
        bytes.AddRange(audio.AsSpan(0, 128));
        bytes.AddRange([0x06, 0, 0, 20, 0, 0, 200, 9, 1, 0, 0, 0]);
        bytes.AddRange(video.AsSpan(0, 128));
        bytes.Add(0xC4);
        bytes.AddRange(audio.AsSpan(128, 128));
        bytes.Add(0xC6);
        bytes.AddRange(video.AsSpan(128, 72));
        bytes.Add(0xC4);
        bytes.AddRange(audio.AsSpan(256, 44));

        var messages = ChunkReaderHarness.Decode([.. bytes]);
        Assert.Equal(2, messages.Count);
        Assert.Equal((6, RtmpMessageType.Video, 20u), (messages[0].Csid, messages[0].Type, messages[0].Timestamp));
        Assert.Equal(video, messages[0].Payload);
        Assert.Equal((4, RtmpMessageType.Audio, 10u), (messages[1].Csid, messages[1].Type, messages[1].Timestamp));
        Assert.Equal(audio, messages[1].Payload);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(319)]
    [InlineData(320)]
    [InlineData(65599)]
    public void TwoAndThreeByteChunkStreamIds(int csid)
    {
        var encoder = new ChunkEncoder();
        encoder.Write(csid, RtmpMessageType.Video, 1, 7, Payload(300));
        var message = Assert.Single(ChunkReaderHarness.Decode(encoder.ToArray()));
        Assert.Equal(csid, message.Csid);
        Assert.Equal(Payload(300), message.Payload);
    }

    [Fact]
    public void AbortDropsThePartialMessage()
    {
        var bytes = new List<byte>();
        bytes.AddRange([0x06, 0, 0, 0, 0, 0x01, 0x00, 9, 1, 0, 0, 0]); // 256-byte video message
        bytes.AddRange(Payload(128));
        bytes.AddRange([0x02, 0, 0, 0, 0, 0, 4, 2, 0, 0, 0, 0, 0, 0, 0, 6]); // Abort csid 6
        bytes.AddRange([0x06, 0, 0, 5, 0, 0, 3, 9, 1, 0, 0, 0, 0xAA, 0xBB, 0xCC]);

        var messages = ChunkReaderHarness.Decode([.. bytes]);
        Assert.Equal(RtmpMessageType.Abort, messages[0].Type);
        Assert.Equal([0xAA, 0xBB, 0xCC], messages[1].Payload);
    }

    [Fact]
    public void ZeroLengthMessageIsDelivered()
    {
        var encoder = new ChunkEncoder();
        encoder.Write(3, RtmpMessageType.CommandAmf0, 0, 0, []);
        encoder.Write(3, RtmpMessageType.CommandAmf0, 0, 0, Payload(4));
        var messages = ChunkReaderHarness.Decode(encoder.ToArray());
        Assert.Empty(messages[0].Payload);
        Assert.Equal(Payload(4), messages[1].Payload);
    }

    [Fact]
    public void OversizedMessageIsRefusedWithItsSize()
    {
        var encoder = new ChunkEncoder();
        encoder.Write(6, RtmpMessageType.Video, 1, 0, Payload(2000));
        var error = Assert.Throws<RtmpProtocolException>(() => ChunkReaderHarness.Decode(encoder.ToArray(), maxMessageSize: 1000));
        Assert.Contains("2000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC5, 1, 2, 3 }, "type-3")]
    [InlineData(new byte[] { 0x85, 0, 0, 1 }, "type-2")]
    public void HeaderThatReferencesNothingIsRefused(byte[] bytes, string expected)
    {
        var error = Assert.Throws<RtmpProtocolException>(() => ChunkReaderHarness.Decode(bytes));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewHeaderInTheMiddleOfAMessageIsRefused()
    {
        var bytes = new List<byte>();
        bytes.AddRange([0x06, 0, 0, 0, 0, 0x01, 0x00, 9, 1, 0, 0, 0]);
        bytes.AddRange(Payload(128));
        bytes.AddRange([0x46, 0, 0, 1, 0, 0, 3, 9, 1, 2, 3]);
        var error = Assert.Throws<RtmpProtocolException>(() => ChunkReaderHarness.Decode([.. bytes]));
        Assert.Contains("middle", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x80000000u)]
    [InlineData(RtmpChunkReader.MaxChunkSize + 1u)]
    public void InvalidChunkSizeIsRefused(uint size)
    {
        using var reader = new RtmpChunkReader(1000);
        Assert.Throws<RtmpProtocolException>(() => reader.SetChunkSize(size));
    }

    [Fact]
    public void TooManyChunkStreamsIsRefused()
    {
        var encoder = new ChunkEncoder();
        for (int csid = 3; csid < 3 + 65; csid++)
        {
            encoder.Write(csid, RtmpMessageType.Audio, 1, 0, Payload(1));
        }

        Assert.Throws<RtmpProtocolException>(() => ChunkReaderHarness.Decode(encoder.ToArray()));
    }

    private static readonly int[] ChunkStreamIds = [3, 4, 5, 6, 70, 400];
    private static readonly RtmpMessageType[] MessageTypes = [RtmpMessageType.Audio, RtmpMessageType.Video, RtmpMessageType.DataAmf0];

    [Fact]
    public void RandomMessagesChunkSizesAndSplitsRoundTrip()
    {
        var genMessage =
            from csid in Gen.Int[0, 5].Select(i => ChunkStreamIds[i])
            from type in Gen.Int[0, 2].Select(i => MessageTypes[i])
            from delta in Gen.Frequency((6, Gen.UInt[0, 100]), (1, Gen.UInt[0xFFFF00, 0x2000000]), (1, Gen.UInt))
            from length in Gen.Frequency((4, Gen.Int[0, 300]), (1, Gen.Int[300, 9000]))
            from chunkSize in Gen.Frequency((5, Gen.Const(0)), (1, Gen.Int[1, 5000]))
            select (csid, type, delta, length, chunkSize);
        var gen =
            from messages in genMessage.List[1, 40]
            from pieces in Gen.Int[1, 700].List[1, 30]
            from repeat in Gen.Bool
            select (messages, pieces, repeat);

        gen.Sample(t =>
        {
            var encoder = new ChunkEncoder { RepeatExtendedTimestampOnContinuation = t.repeat };
            var expected = new List<(int, RtmpMessageType, uint, byte[])>();
            var clocks = new Dictionary<int, uint>();
            byte seed = 0;
            foreach (var (csid, type, delta, length, chunkSize) in t.messages)
            {
                if (chunkSize > 0)
                {
                    encoder.Write(2, RtmpMessageType.SetChunkSize, 0, 0, UInt32((uint)chunkSize));
                    encoder.ChunkSize = chunkSize;
                    expected.Add((2, RtmpMessageType.SetChunkSize, 0, UInt32((uint)chunkSize)));
                }

                uint timestamp = unchecked(clocks.GetValueOrDefault(csid) + delta);
                clocks[csid] = timestamp;
                var payload = Payload(length, seed++);
                encoder.Write(csid, type, 1, timestamp, payload);
                expected.Add((csid, type, timestamp, payload));
            }

            // A trailing message: without it, an encoder that omits repeated extended timestamps leaves the reader
            // unable to tell (until more bytes come) whether the last chunk's first four bytes are a timestamp.
            encoder.Write(2, RtmpMessageType.Acknowledgement, 0, 0, UInt32(1));
            expected.Add((2, RtmpMessageType.Acknowledgement, 0, UInt32(1)));

            var decoded = ChunkReaderHarness.Decode(encoder.ToArray(), t.pieces.Concat(Enumerable.Repeat(512, 10_000)));
            Assert.Equal(expected.Count, decoded.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Item1, decoded[i].Csid);
                Assert.Equal(expected[i].Item2, decoded[i].Type);
                Assert.Equal(expected[i].Item3, decoded[i].Timestamp);
                Assert.Equal(expected[i].Item4, decoded[i].Payload);
            }
        }, iter: 300);
    }

    [Fact]
    public void RandomBytesOnlyEverRaiseProtocolErrors()
    {
        Gen.Byte.Array[0, 3000].Sample(bytes =>
        {
            try
            {
                ChunkReaderHarness.Decode(bytes, [37, 100, 1, 1000], maxMessageSize: 65536);
            }
            catch (RtmpProtocolException)
            {
            }
        }, iter: 2000);
    }
}
