using System.Diagnostics;
using Ingest.Rtmp.Flv;
using Sfu.Core.Codecs.H264;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace EndToEnd.Infrastructure;

/// <summary>A test viewer on the core: reassembles what the server forwards so it can be checked frame by frame and decoded by ffprobe.</summary>
public sealed class StreamRecorder : IRtpPacketSink, IMediaFrameSink
{
    private readonly object _gate = new();
    private readonly H264Depacketizer _depacketizer = new();
    private readonly List<RecordedVideoFrame> _video = [];
    private readonly List<RecordedAudioFrame> _audio = [];
    private readonly MemoryStream _annexB = new();
    private int _packets;
    private int _maxPayload;

    private StreamRecorder(LiveStream stream)
    {
        Stream = stream;
    }

    /// <summary>The stream recorded.</summary>
    public LiveStream Stream { get; }

    /// <summary>Access units reassembled from RTP, in arrival order.</summary>
    public IReadOnlyList<RecordedVideoFrame> VideoFrames
    {
        get
        {
            lock (_gate)
            {
                return [.. _video];
            }
        }
    }

    /// <summary>AAC frames received.</summary>
    public IReadOnlyList<RecordedAudioFrame> AudioFrames
    {
        get
        {
            lock (_gate)
            {
                return [.. _audio];
            }
        }
    }

    /// <summary>RTP packets received.</summary>
    public int Packets => Volatile.Read(ref _packets);

    /// <summary>Largest RTP payload seen.</summary>
    public int MaxPayload => Volatile.Read(ref _maxPayload);

    /// <summary>Access units the depacketizer had to drop (sequence gaps, broken fragments).</summary>
    public int BrokenFrames => _depacketizer.DroppedAccessUnits;

    /// <summary>Attaches to a live stream's current and future tracks.</summary>
    public static StreamRecorder Attach(LiveStream stream)
    {
        var recorder = new StreamRecorder(stream);
        stream.TrackAdded += (_, track) => recorder.AttachTrack(track);
        foreach (var track in stream.Tracks)
        {
            recorder.AttachTrack(track);
        }

        return recorder;
    }

    /// <summary>Waits until the stream has ended (the publisher left).</summary>
    public async Task WaitForEndAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Stream.IsEnded)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"stream '{Stream.Name}' did not end within {timeout}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the video as an H.264 Annex-B elementary stream.</summary>
    public string WriteVideo(string path)
    {
        lock (_gate)
        {
            File.WriteAllBytes(path, _annexB.ToArray());
        }

        return path;
    }

    /// <summary>Writes the audio as ADTS frames using the track's AudioSpecificConfig.</summary>
    public string WriteAudio(string path)
    {
        var track = Stream.FindTrack(MediaKind.Audio) ?? throw new InvalidOperationException("no audio track");
        var config = AudioSpecificConfig.Parse(track.CodecConfig.Span).Value ?? throw new InvalidOperationException("bad AudioSpecificConfig");
        using var file = File.Create(path);
        var header = new byte[AdtsHeader.Length];
        foreach (var frame in AudioFrames)
        {
            if (!AdtsHeader.TryWrite(config, frame.Data.Length, header))
            {
                throw new InvalidOperationException($"cannot frame a {frame.Data.Length}-byte AAC frame as ADTS");
            }

            file.Write(header);
            file.Write(frame.Data);
        }

        return path;
    }

    /// <inheritdoc/>
    public void OnPacket(MediaTrack track, RtpPacket packet)
    {
        Interlocked.Increment(ref _packets);
        lock (_gate)
        {
            _maxPayload = Math.Max(_maxPayload, packet.Payload.Length);
            if (_depacketizer.Push(packet, out var accessUnit) == H264DepacketizerStatus.Completed && accessUnit is not null)
            {
                _video.Add(new RecordedVideoFrame(accessUnit.Timestamp, accessUnit.ContainsIdr, accessUnit.NalUnits.Sum(n => n.Length)));
                _annexB.Write(accessUnit.ToAnnexB());
            }
        }
    }

    /// <inheritdoc/>
    public void OnFrame(MediaTrack track, in MediaFrame frame)
    {
        lock (_gate)
        {
            _audio.Add(new RecordedAudioFrame(frame.Timestamp, frame.Data.ToArray()));
        }
    }

    private void AttachTrack(MediaTrack track)
    {
        if (track.Kind == MediaKind.Video)
        {
            track.AddPacketSink(this);
        }
        else
        {
            track.AddFrameSink(this);
        }
    }
}

/// <summary>One reassembled video access unit.</summary>
public sealed record RecordedVideoFrame(uint RtpTimestamp, bool IsKeyframe, int Bytes);

/// <summary>One received AAC frame.</summary>
public sealed record RecordedAudioFrame(long Timestamp, byte[] Data);
