using System.Diagnostics;
using System.Threading.Channels;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Sfu.Core.Relay;

/// <summary>
/// The origin's side of one edge's relay: a sink on each of the stream's RTP tracks that turns every run of packets
/// into a relay message on a bounded queue, which the transport drains. The edge starts from the keyframe cache.
/// </summary>
/// <remarks>
/// Sinks run on the publisher's thread and must not block, so a slow edge loses messages rather than stalling every
/// viewer: a lost video message makes the track skip to its next keyframe start (and ask for one), so what the edge
/// gets always decodes. Audio just carries on.
/// </remarks>
public sealed class RelayFeed : IDisposable
{
    private readonly LiveStream _stream;
    private readonly Channel<RelayOutgoing> _queue;
    private readonly object _gate = new();
    private readonly List<TrackSink> _sinks = [];
    private long _droppedMessages;
    private long _queuedBytes;
    private bool _tracksPending;
    private bool _disposed;

    /// <summary>Creates a feed of <paramref name="stream"/> holding at most <paramref name="capacity"/> messages.</summary>
    public RelayFeed(LiveStream stream, int capacity = 1024)
    {
        _stream = stream;
        _queue = Channel.CreateBounded<RelayOutgoing>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Messages to send, in order; return pooled buffers with <see cref="RelayOutgoing.Release"/> once sent.</summary>
    public ChannelReader<RelayOutgoing> Outgoing => _queue.Reader;

    /// <summary>Messages dropped because the edge did not keep up.</summary>
    public long DroppedMessages => Interlocked.Read(ref _droppedMessages);

    /// <summary>Bytes of packet messages queued for the edge.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Attaches to the stream's tracks (and those added later) and queues the track list.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _stream.TrackAdded += OnTrackAdded;
            var added = _stream.Tracks.Where(AddLocked).ToList();

            // The edge learns of a track before its first packet can be queued.
            QueueTracksLocked();
            added.ForEach(Attach);
        }
    }

    /// <summary>The edge asked for a keyframe of track <paramref name="index"/>; unknown numbers are ignored.</summary>
    public void RequestKeyframe(int index)
    {
        TrackSink? sink;
        lock (_gate)
        {
            sink = index >= 0 && index < _sinks.Count ? _sinks[index] : null;
        }

        sink?.Track.RequestKeyframe();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stream.TrackAdded -= OnTrackAdded;
            foreach (var sink in _sinks)
            {
                sink.Track.RemovePacketSink(sink);
            }
        }

        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var message))
        {
            message.Release();
        }
    }

    private void OnTrackAdded(LiveStream stream, MediaTrack track)
    {
        lock (_gate)
        {
            if (!_disposed && AddLocked(track))
            {
                QueueTracksLocked();
                Attach(track);
            }
        }
    }

    private bool AddLocked(MediaTrack track)
    {
        if (!RelayTrackDescription.IsRelayed(track) || _sinks.Count >= byte.MaxValue || _sinks.Exists(s => ReferenceEquals(s.Track, track)))
        {
            return false;
        }

        _sinks.Add(new TrackSink(this, _sinks.Count, track));
        return true;
    }

    private void Attach(MediaTrack track) => track.AddPacketSinkFromKeyframe(_sinks.Find(s => ReferenceEquals(s.Track, track))!);

    private void QueueTracksLocked()
    {
        var descriptions = _sinks.ConvertAll(s => s.Describe());
        var message = RelayMessage.TracksMessage(descriptions);
        _tracksPending = !_queue.Writer.TryWrite(new RelayOutgoing(message, message.Length, Pooled: false));
    }

    /// <summary>
    /// Re-sends the track list when a codec or picture size changed since the edge was told, or the last list did not
    /// fit; false while the edge has not been told of the tracks (packets must wait: it would not know them).
    /// </summary>
    private bool RefreshTracksIfNeeded(TrackSink sink)
    {
        if (!sink.DescriptionChanged() && !Volatile.Read(ref _tracksPending))
        {
            return true;
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                QueueTracksLocked();
            }

            return !_tracksPending;
        }
    }

    private bool IsDisposed => Volatile.Read(ref _disposed);

    private bool TryQueue(int index, ReadOnlySpan<RtpPacket> packets)
    {
        int length = RelayMessage.PacketsLength(packets);
        var buffer = RelayMessage.Rent(length);
        long sent = RelayMessage.NowMicroseconds();
        RelayMessage.WritePackets(buffer, index, packets, sent);
        if (_queue.Writer.TryWrite(new RelayOutgoing(buffer, length, Pooled: true)))
        {
            Interlocked.Add(ref _queuedBytes, length);
            return true;
        }

        RelayMessage.Return(buffer);
        Interlocked.Increment(ref _droppedMessages);
        return false;
    }

    /// <summary>One track's sink: packets in, relay messages out.</summary>
    private sealed class TrackSink(RelayFeed feed, int index, MediaTrack track) : IRtpPacketSink
    {
        // A dead or slow edge must not turn into a stream of keyframe requests to the publisher.
        private static readonly long KeyframeRequestInterval = Stopwatch.Frequency * 2;

        private MediaCodec? _describedCodec;
        private int? _describedWidth;
        private int? _describedHeight;
        private bool _skipToKeyframe;
        private long _lastKeyframeRequest;

        public MediaTrack Track => track;

        public bool IsClosed => feed.IsDisposed;

        public RelayTrackDescription Describe()
        {
            _describedCodec = track.Codec;
            _describedWidth = track.Width;
            _describedHeight = track.Height;
            return RelayTrackDescription.Of(index, track);
        }

        public bool DescriptionChanged() =>
            !ReferenceEquals(track.Codec, _describedCodec) || track.Width != _describedWidth || track.Height != _describedHeight;

        public void OnPacket(MediaTrack from, RtpPacket packet) => OnPackets(from, new ReadOnlySpan<RtpPacket>(in packet));

        public void OnPackets(MediaTrack from, ReadOnlySpan<RtpPacket> packets)
        {
            if (feed.IsDisposed)
            {
                // Joined in the moment the feed closed (the track dropped closed joins before that): leave, quietly.
                from.RemovePacketSink(this);
                return;
            }

            if (_skipToKeyframe)
            {
                int start = 0;
                while (start < packets.Length && !packets[start].IsKeyframeStart)
                {
                    start++;
                }

                if (start == packets.Length)
                {
                    return;
                }

                packets = packets[start..];
                _skipToKeyframe = false;
            }

            if ((!feed.RefreshTracksIfNeeded(this) || !feed.TryQueue(index, packets)) && track.Kind == MediaKind.Video)
            {
                _skipToKeyframe = true;
                long now = Stopwatch.GetTimestamp();
                if (now - _lastKeyframeRequest >= KeyframeRequestInterval)
                {
                    _lastKeyframeRequest = now;
                    track.RequestKeyframe();
                }
            }
        }
    }
}

/// <summary>One relay message waiting to be sent.</summary>
/// <param name="Buffer">The bytes (possibly longer than the message).</param>
/// <param name="Length">The message's length.</param>
/// <param name="Pooled">Whether <paramref name="Buffer"/> goes back to the pool after sending.</param>
public readonly record struct RelayOutgoing(byte[] Buffer, int Length, bool Pooled)
{
    /// <summary>Gives a pooled buffer back.</summary>
    public void Release()
    {
        if (Pooled)
        {
            RelayMessage.Return(Buffer);
        }
    }
}
