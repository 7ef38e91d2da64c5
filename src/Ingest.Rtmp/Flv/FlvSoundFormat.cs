namespace Ingest.Rtmp.Flv;

/// <summary>FLV AudioTagHeader SoundFormat (upper nibble of the first byte).</summary>
public enum FlvSoundFormat : byte
{
    /// <summary>Linear PCM, platform endian.</summary>
    LinearPcmPlatformEndian = 0,

    /// <summary>ADPCM.</summary>
    Adpcm = 1,

    /// <summary>MP3.</summary>
    Mp3 = 2,

    /// <summary>Linear PCM, little endian.</summary>
    LinearPcmLittleEndian = 3,

    /// <summary>Nellymoser 16 kHz mono.</summary>
    Nellymoser16kMono = 4,

    /// <summary>Nellymoser 8 kHz mono.</summary>
    Nellymoser8kMono = 5,

    /// <summary>Nellymoser.</summary>
    Nellymoser = 6,

    /// <summary>G.711 A-law.</summary>
    G711ALaw = 7,

    /// <summary>G.711 mu-law.</summary>
    G711MuLaw = 8,

    /// <summary>Enhanced RTMP v2 ExAudioTagHeader follows (reserved in legacy FLV); the codec is a FourCC.</summary>
    ExHeader = 9,

    /// <summary>AAC.</summary>
    Aac = 10,

    /// <summary>Speex.</summary>
    Speex = 11,

    /// <summary>MP3 8 kHz.</summary>
    Mp38k = 14,

    /// <summary>Device-specific sound.</summary>
    DeviceSpecific = 15,
}
