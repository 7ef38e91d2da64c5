namespace Sfu.Core.Media;

/// <summary>What the publisher says about its stream (RTMP <c>onMetaData</c>); every field is optional.</summary>
public sealed record StreamMetadata
{
    /// <summary>Video width in pixels.</summary>
    public int? Width { get; init; }

    /// <summary>Video height in pixels.</summary>
    public int? Height { get; init; }

    /// <summary>Nominal frame rate.</summary>
    public double? FrameRate { get; init; }

    /// <summary>Video bitrate in kbit/s.</summary>
    public double? VideoBitrateKbps { get; init; }

    /// <summary>Audio bitrate in kbit/s.</summary>
    public double? AudioBitrateKbps { get; init; }

    /// <summary>Video codec as announced: an FLV codec id number or an Enhanced RTMP FourCC.</summary>
    public string? VideoCodec { get; init; }

    /// <summary>Audio codec as announced: an FLV sound format number or a FourCC.</summary>
    public string? AudioCodec { get; init; }

    /// <summary>Audio sample rate in Hz.</summary>
    public double? AudioSampleRate { get; init; }

    /// <summary>Audio channel count.</summary>
    public int? AudioChannels { get; init; }

    /// <summary>Encoder name, e.g. <c>obs-output module</c> or <c>Lavf59.27.100</c>.</summary>
    public string? Encoder { get; init; }
}
