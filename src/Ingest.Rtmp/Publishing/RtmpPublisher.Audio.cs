using System.Diagnostics;
using Ingest.Rtmp.Flv;
using Ingest.Rtmp.Protocol;
using Media.FFmpeg;
using Media.FFmpeg.Audio;
using Microsoft.Extensions.Logging;
using Sfu.Core.Media;
using Sfu.Core.Streams;

namespace Ingest.Rtmp.Publishing;

/// <summary>AAC in: frames on the AAC track, and Opus RTP for browsers through the codec bridge.</summary>
internal sealed partial class RtmpPublisher
{
    private void OnAacSequenceHeader(ReadOnlySpan<byte> data)
    {
        var parsed = AudioSpecificConfig.Parse(data);
        if (!parsed.IsOk || parsed.Value is null)
        {
            throw new RtmpProtocolException($"malformed AAC sequence header: {parsed.Reason}");
        }

        _aac = parsed.Value;
        var codec = MediaCodec.Aac(_aac.OutputSampleRate, _aac.Channels, Convert.ToHexStringLower(_aac.Bytes.Span));
        if (_audio is null)
        {
            var existing = Stream.FindTrack("audio");
            _audio = existing ?? new MediaTrack("audio", MediaKind.Audio, codec, (uint)Random.Shared.NextInt64(1, uint.MaxValue));
            _audio.UpdateCodec(codec, _aac.Bytes);
            if (existing is null)
            {
                Stream.AddTrack(_audio);
            }
            else
            {
                _audio.BeginNewSource();
            }
        }
        else
        {
            _audio.UpdateCodec(codec, _aac.Bytes);
        }

        _logger.LogInformation("Stream '{Stream}' audio: {Config}", Stream.Name, _aac);
        StartOpusBridge(data);
    }

    /// <summary>Browsers cannot play AAC: transcode it to Opus on the codec bridge when FFmpeg is there.</summary>
    private void StartOpusBridge(ReadOnlySpan<byte> audioSpecificConfig)
    {
        _opus?.Dispose();
        _opus = null;
        if (!FFmpegAvailability.IsAvailable)
        {
            return;
        }

        try
        {
            _opus = new AacToOpusTranscoder(audioSpecificConfig, _options.OpusBitrate);
        }
        catch (Exception ex) when (ex is NotSupportedException or FFmpegException)
        {
            _logger.LogWarning("Stream '{Stream}': audio is not transcoded to Opus, viewers get video only: {Reason}", Stream.Name, ex.Message);
            return;
        }

        if (_opusTrack is null)
        {
            var existing = Stream.FindTrack("audio-opus");
            _opusTrack = existing ?? new MediaTrack("audio-opus", MediaKind.Audio, MediaCodec.Opus(), (uint)Random.Shared.NextInt64(1, uint.MaxValue));
            _opusPublisher = new OpusRtpPublisher(_opusTrack, _pool);
            _opusTrack.UseMediaClock(Stream.Clock, _opusPublisher.TimestampBase);
            if (existing is null)
            {
                Stream.AddTrack(_opusTrack);
            }
            else
            {
                _opusTrack.BeginNewSource();
            }
        }
    }

    private void OnAacFrame(uint timestamp, ReadOnlyMemory<byte> data)
    {
        if (_audio is null || _aac is null)
        {
            if (!_warnedAudioBeforeHeader)
            {
                _warnedAudioBeforeHeader = true;
                _logger.LogWarning("Stream '{Stream}': dropping AAC frames that arrive before the AAC sequence header", Stream.Name);
            }

            return;
        }

        // RTMP carries whole milliseconds, so frame times jitter by up to 1 ms; count samples instead and only
        // follow the RTMP clock when it moves away by more than a frame (a gap or an encoder clock jump).
        int rate = _aac.OutputSampleRate;
        long audioMs = _audioClock.Unwrap(timestamp);
        Stream.Clock.Anchor(audioMs, Stopwatch.GetTimestamp());
        long fromClock = audioMs * rate / 1000;
        int frameSamples = _aac.SamplesPerFrame * (_aac.OutputSampleRate / Math.Max(1, _aac.SampleRate));
        if (_nextAudioTimestamp < 0 || Math.Abs(fromClock - _nextAudioTimestamp) > frameSamples)
        {
            _nextAudioTimestamp = fromClock;
        }

        _audio.PublishFrame(new MediaFrame(data, _nextAudioTimestamp, true, Stopwatch.GetTimestamp()));
        if (_opus is not null)
        {
            long coreTimestamp = _nextAudioTimestamp * _opus.Config.SampleRate / rate;
            _opus.Push(data.Span, coreTimestamp, _opusPublisher!);
        }

        _nextAudioTimestamp += frameSamples;
    }
}
