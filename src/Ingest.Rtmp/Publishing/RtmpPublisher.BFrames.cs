using Media.FFmpeg;
using Media.FFmpeg.Video;
using Microsoft.Extensions.Logging;
using Sfu.Core.Codecs.H264;
using Sfu.Core.Media;

namespace Ingest.Rtmp.Publishing;

/// <summary>The B-frame policy: detection, refusal, and the switch to a re-encoder that drops them.</summary>
internal sealed partial class RtmpPublisher
{
    /// <summary>Applies <see cref="RtmpServerOptions.BFrames"/> once the stream is known to reorder frames.</summary>
    private void CheckBFrames(long presentationMs, bool keyframe)
    {
        if (_bFrames is null || _bFrames.HasBFrames is not null)
        {
            return;
        }

        _bFrames.OnFrame(presentationMs, keyframe);
        if (_bFrames.HasBFrames == false)
        {
            _undecidedGop.Clear();
        }

        if (_bFrames.HasBFrames != true || _options.BFrames == BFramePolicy.Passthrough)
        {
            return;
        }

        if (_options.BFrames == BFramePolicy.Transcode && StartReencoding())
        {
            _logger.LogInformation("Stream '{Stream}': B-frames detected, re-encoding without them for WebRTC viewers", Stream.Name);
            return;
        }

        string reason = _options.BFrames == BFramePolicy.Transcode
            ? "H.264 with B-frames cannot be re-encoded on this server, and WebRTC players mishandle it"
            : "H.264 with B-frames is refused because WebRTC players mishandle it";
        throw new UnsupportedMediaException(
            reason + ": set B-frames to 0 (OBS: Settings → Output → Advanced → Streaming: x264 options 'bframes=0', "
            + "or 'Max B-frames' 0 for NVENC/QuickSync; ffmpeg: -bf 0).");
    }

    /// <summary>Keeps the current GOP while it is unknown whether the stream has B-frames, so a re-encoder can start at its keyframe.</summary>
    private void BufferWhileUndecided(ReadOnlySpan<byte> data, bool keyframe, long decode90k, long presentation90k)
    {
        if (_bFrames?.HasBFrames is not null || _options.BFrames != BFramePolicy.Transcode)
        {
            return;
        }

        if (keyframe)
        {
            _undecidedGop.Clear();
        }

        if (_undecidedGop.Count < MaxBufferedGopFrames)
        {
            _undecidedGop.Add((data.ToArray(), decode90k, presentation90k));
        }
    }

    private bool StartReencoding()
    {
        if (!FFmpegAvailability.IsAvailable || _video?.Width is not { } width || _video.Height is not { } height || _undecidedGop.Count == 0)
        {
            return false;
        }

        var metadata = Stream.Metadata;
        double frameRate = metadata.FrameRate is > 0 and < 240 ? metadata.FrameRate.Value : 30;
        int bitrate = metadata.VideoBitrateKbps is > 100 ? (int)(metadata.VideoBitrateKbps.Value * 1000) : 2_500_000;
        H264Reencoder reencoder;
        try
        {
            reencoder = new H264Reencoder(width, height, frameRate, bitrate, keyframeIntervalFrames: (int)Math.Round(frameRate * 2));
        }
        catch (Exception ex) when (ex is FFmpegException or NotSupportedException or InvalidOperationException)
        {
            _logger.LogWarning("Stream '{Stream}': cannot start the H.264 re-encoder: {Reason}", Stream.Name, ex.Message);
            return false;
        }

        _reencode = new VideoReencodePath(reencoder, PublishReencoded, _lastForwardedPresentation90k);
        // Viewers' joins, PLIs and FIRs arrive aggregated and spaced by the track (MediaTrack.KeyframeRequests), so
        // they cannot drive the encoder into a keyframe storm.
        _video.KeyframeRequested += _ => reencoder.RequestKeyframe();

        // The decoder must start at the GOP's keyframe: replay what was forwarded since, then the current frame follows.
        foreach (var (frame, decode90k, presentation90k) in _undecidedGop)
        {
            _reencode.Push(frame, _nalLengthSize, _sourceSps, _sourcePps, decode90k, presentation90k);
        }

        _undecidedGop.Clear();
        return true;
    }

    private void PublishReencoded(ReadOnlySpan<byte> avcc, long presentation90k, bool keyframe)
    {
        if (keyframe)
        {
            AdoptInBandParameterSets(avcc);
        }

        PacketizeAndPublish(avcc, 4, presentation90k);
    }

    /// <summary>The re-encoded stream has its own SPS/PPS; the track's codec and the packetizer follow them.</summary>
    private void AdoptInBandParameterSets(ReadOnlySpan<byte> avcc)
    {
        ReadOnlySpan<byte> sps = default;
        ReadOnlySpan<byte> pps = default;
        var reader = new AvccNalUnitReader(avcc, 4);
        while (reader.MoveNext())
        {
            var nal = reader.Current;
            if (nal.Length > 0 && (nal[0] & 0x1F) == 7)
            {
                sps = nal;
            }
            else if (nal.Length > 0 && (nal[0] & 0x1F) == 8)
            {
                pps = nal;
            }
        }

        if (sps.IsEmpty || pps.IsEmpty || sps.SequenceEqual(_reencodedSps))
        {
            return;
        }

        _reencodedSps = sps.ToArray();
        _packetizer!.SetParameterSets(sps, pps);
        if (H264SpsParser.TryParse(sps, out var parsed))
        {
            _video!.UpdateCodec(MediaCodec.H264(parsed.ProfileLevelId), _video.CodecConfig, parsed.Width, parsed.Height);
        }
    }
}
