namespace Egress.WebRtc.Srtp;

/// <summary>Splits the DTLS "EXTRACTOR-dtls_srtp" output into master keys (RFC 5764 §4.2).</summary>
public static class DtlsSrtpKeyingMaterial
{
    /// <summary>Exporter label to pass to the DTLS stack when extracting SRTP keying material.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>
    /// Splits client_write_key | server_write_key | client_write_salt | server_write_salt.
    /// A DTLS server protects with the server_write pair and unprotects with the client_write pair.
    /// </summary>
    public static DtlsSrtpMasterKeys Split(SrtpProtectionProfile profile, ReadOnlySpan<byte> material, bool localIsDtlsServer)
    {
        var keyLength = profile.MasterKeyLength();
        var saltLength = profile.MasterSaltLength();
        if (material.Length != profile.KeyingMaterialLength())
        {
            throw new ArgumentException(
                $"Expected {profile.KeyingMaterialLength()} bytes of keying material for {profile}.", nameof(material));
        }

        var client = new SrtpMasterKey(
            material[..keyLength],
            material.Slice(2 * keyLength, saltLength));
        var server = new SrtpMasterKey(
            material.Slice(keyLength, keyLength),
            material.Slice((2 * keyLength) + saltLength, saltLength));
        return localIsDtlsServer ? new DtlsSrtpMasterKeys(server, client) : new DtlsSrtpMasterKeys(client, server);
    }

    /// <summary>Same as <see cref="Split"/> for the SFU's usual role of DTLS server.</summary>
    public static DtlsSrtpMasterKeys SplitForServer(SrtpProtectionProfile profile, ReadOnlySpan<byte> material) =>
        Split(profile, material, localIsDtlsServer: true);
}
