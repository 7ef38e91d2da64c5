using Media.FFmpeg.Native;

namespace Media.FFmpeg;

/// <summary>Probes once whether the system FFmpeg 5.1 libraries (with the AAC decoder and libopus encoder) are usable.</summary>
/// <remarks>
/// The probe never throws: the server checks <see cref="IsAvailable"/> at startup, logs <see cref="Reason"/> once
/// and runs video-only instead of failing on the first audio track.
/// </remarks>
public static class FFmpegAvailability
{
    /// <summary>Decoder used for AAC input.</summary>
    public const string AacDecoderName = "aac";

    /// <summary>Encoder used for Opus output; the native "opus" encoder is experimental in FFmpeg 5.1.</summary>
    public const string OpusEncoderName = "libopus";

    private static readonly Lazy<string?> Failure = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when audio transcoding can be used.</summary>
    public static bool IsAvailable => Failure.Value is null;

    /// <summary>Why audio transcoding is unavailable, or null when it is available.</summary>
    public static string? Reason => Failure.Value;

    /// <summary>Throws <see cref="InvalidOperationException"/> with <see cref="Reason"/> when unavailable.</summary>
    public static void EnsureAvailable()
    {
        if (Failure.Value is { } reason)
        {
            throw new InvalidOperationException(reason);
        }
    }

    private static string? Probe()
    {
        try
        {
            FFmpegVersion.EnsureCompatible();

            // Publisher-controlled garbage would otherwise write one stderr line per bad frame;
            // failures surface through DecodeErrors and FFmpegException instead.
            AvUtil.av_log_set_level(FFmpegLayout.AV_LOG_FATAL);
            if (AvCodec.avcodec_find_decoder_by_name(AacDecoderName) == 0)
            {
                return $"FFmpeg has no '{AacDecoderName}' decoder; audio transcoding disabled.";
            }

            if (AvCodec.avcodec_find_encoder_by_name(OpusEncoderName) == 0)
            {
                return $"FFmpeg has no '{OpusEncoderName}' encoder (install Debian's libavcodec59 built with libopus); audio transcoding disabled.";
            }

            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            return $"FFmpeg unavailable, audio transcoding disabled: {ex.Message}";
        }
    }
}
