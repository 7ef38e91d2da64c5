using Egress.WebRtc.Dtls;

namespace Egress.WebRtc.Tests.Dtls;

public sealed class ChangeCipherSpecGateTests
{
    [Fact]
    public void ChangeCipherSpecAndEpochOneRecords_AreDropped_UntilCertificateVerifyCompletes()
    {
        var gate = new ChangeCipherSpecGate();

        Assert.Equal(0, Filter(gate, Ccs()));
        Assert.Equal(0, Filter(gate, EpochOne()));
        Assert.False(gate.IsOpen);

        var certificateVerify = Handshake(15, length: 8, offset: 0, fragment: 8);
        Assert.Equal(certificateVerify.Length, Filter(gate, certificateVerify));
        Assert.True(gate.IsOpen);
        Assert.Equal(Ccs().Length, Filter(gate, Ccs()));
        Assert.Equal(EpochOne().Length, Filter(gate, EpochOne()));
    }

    [Fact]
    public void OtherHandshakeRecords_AlwaysPass()
    {
        var gate = new ChangeCipherSpecGate();
        var clientKeyExchange = Handshake(16, length: 4, offset: 0, fragment: 4);

        Assert.Equal(clientKeyExchange.Length, Filter(gate, clientKeyExchange));
        Assert.False(gate.IsOpen);
    }

    [Fact]
    public void WholeFlightInOneDatagram_PassesIntact()
    {
        var gate = new ChangeCipherSpecGate();
        byte[] flight = [.. Handshake(11, 3, 0, 3), .. Handshake(15, 8, 0, 8), .. Ccs(), .. EpochOne()];

        var output = new byte[flight.Length];
        Assert.Equal(flight.Length, gate.Filter(flight, output));
        Assert.Equal(flight, output);
    }

    [Fact]
    public void FlightMissingCertificateVerify_LosesOnlyTheEarlyRecords()
    {
        var gate = new ChangeCipherSpecGate();
        var certificate = Handshake(11, 3, 0, 3);
        byte[] flight = [.. certificate, .. Ccs(), .. EpochOne()];

        var output = new byte[flight.Length];
        var written = gate.Filter(flight, output);

        Assert.Equal(certificate, output[..written]);
    }

    [Fact]
    public void FragmentedCertificateVerify_OpensOnlyWhenAllBytesArrived()
    {
        var gate = new ChangeCipherSpecGate();

        Filter(gate, Handshake(15, length: 10, offset: 0, fragment: 4));
        Filter(gate, Handshake(15, length: 10, offset: 0, fragment: 4)); // duplicate fragment adds nothing
        Assert.False(gate.IsOpen);

        Filter(gate, Handshake(15, length: 10, offset: 4, fragment: 6));
        Assert.True(gate.IsOpen);
    }

    [Fact]
    public void TruncatedRecord_IsDropped()
    {
        var gate = new ChangeCipherSpecGate();
        var record = Handshake(11, 3, 0, 3);

        Assert.Equal(0, Filter(gate, record[..^1]));
    }

    private static int Filter(ChangeCipherSpecGate gate, byte[] datagram) => gate.Filter(datagram, new byte[datagram.Length]);

    private static byte[] Ccs() => Record(20, epoch: 0, [1]);

    private static byte[] EpochOne() => Record(22, epoch: 1, new byte[40]);

    private static byte[] Handshake(byte type, int length, int offset, int fragment)
    {
        var body = new byte[12 + fragment];
        body[0] = type;
        WriteUInt24(body.AsSpan(1), length);
        WriteUInt24(body.AsSpan(6), offset);
        WriteUInt24(body.AsSpan(9), fragment);
        return Record(22, epoch: 0, body);
    }

    private static byte[] Record(byte type, ushort epoch, byte[] body)
    {
        var record = new byte[13 + body.Length];
        record[0] = type;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[3] = (byte)(epoch >> 8);
        record[4] = (byte)epoch;
        record[11] = (byte)(body.Length >> 8);
        record[12] = (byte)body.Length;
        body.CopyTo(record, 13);
        return record;
    }

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)(value >> 16);
        target[1] = (byte)(value >> 8);
        target[2] = (byte)value;
    }
}
