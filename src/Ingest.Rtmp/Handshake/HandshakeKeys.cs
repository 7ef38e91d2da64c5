namespace Ingest.Rtmp.Handshake;

/// <summary>The well-known Flash Player / Flash Media Server keys of the digest handshake.</summary>
internal static class HandshakeKeys
{
    /// <summary>"Genuine Adobe Flash Player 001" + <see cref="Suffix"/> (62 bytes); the first 30 bytes sign C1.</summary>
    public static readonly byte[] FlashPlayer = [.. "Genuine Adobe Flash Player 001"u8, .. Suffix];

    /// <summary>"Genuine Adobe Flash Media Server 001" + <see cref="Suffix"/> (68 bytes); the first 36 bytes sign S1.</summary>
    public static readonly byte[] FlashMediaServer = [.. "Genuine Adobe Flash Media Server 001"u8, .. Suffix];

    public const int FlashPlayerTextLength = 30;
    public const int FlashMediaServerTextLength = 36;

    private static ReadOnlySpan<byte> Suffix =>
    [
        0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57,
        0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE,
    ];

    /// <summary>Key that validates a client's C1 digest.</summary>
    public static ReadOnlySpan<byte> ClientDigestKey => FlashPlayer.AsSpan(0, FlashPlayerTextLength);

    /// <summary>Key that signs the server's S1 digest.</summary>
    public static ReadOnlySpan<byte> ServerDigestKey => FlashMediaServer.AsSpan(0, FlashMediaServerTextLength);
}
