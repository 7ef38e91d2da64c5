using System.Diagnostics;
using System.Runtime.InteropServices;
using Sfu.Core.Rtp;
using Sfu.Core.Stats;
using Sfu.Core.Streams;

namespace Sfu.Core.Relay;

/// <summary>
/// The edge's side of a relay: recreates the origin's tracks in a local stream and publishes the relayed packets into
/// them, so local viewers, the keyframe cache and NACK answers work as for any publisher. One instance per relay; its
/// messages must come from one loop.
/// </summary>
public sealed class RelayIngest
{
    private readonly LiveStream _stream;
    private readonly Action<byte[]> _sendUpstream;
    private readonly RtpPacketPool _pool;
    private readonly Dictionary<int, MediaTrack> _tracks = [];
    private readonly List<RtpPacket> _received = [];
    private readonly Action<long>? _onTransit;
    private long _packets;

    /// <summary>
    /// Publishes into <paramref name="stream"/>; keyframe requests go to the origin through <paramref name="sendUpstream"/>,
    /// and each packets message's transit (µs) to <paramref name="onTransit"/>.
    /// </summary>
    public RelayIngest(LiveStream stream, Action<byte[]> sendUpstream, RtpPacketPool? pool = null, Action<long>? onTransit = null)
    {
        _onTransit = onTransit;
        _stream = stream;
        _sendUpstream = sendUpstream;
        _pool = pool ?? RtpPacketPool.Shared;
    }

    /// <summary>Origin send to edge publish, by the two nodes' wall clocks (meaningful when they agree, as on one host or with NTP).</summary>
    public LatencyHistogram Transit { get; } = new();

    /// <summary>Packets dropped because their track had not been described yet.</summary>
    public long UndescribedPackets { get; private set; }

    /// <summary>Packets published so far.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>True once the origin has described a video track.</summary>
    public bool HasVideo => _stream.FindTrack(Media.MediaKind.Video) is not null;

    /// <summary>Handles one relay message; false with the reason when it is malformed (the relay should end).</summary>
    public bool OnMessage(ReadOnlySpan<byte> message, out string? error)
    {
        error = null;
        if (message.IsEmpty)
        {
            error = "empty relay message";
            return false;
        }

        switch (message[0])
        {
            case RelayMessage.Tracks:
                var tracks = RelayMessage.TryReadTracks(message);
                if (tracks is null)
                {
                    error = "unreadable track list";
                    return false;
                }

                foreach (var description in tracks)
                {
                    if (!IsUsable(description, out error))
                    {
                        return false;
                    }
                }

                foreach (var description in tracks)
                {
                    Describe(description);
                }

                return true;

            case RelayMessage.Packets:
                return Publish(message, out error);

            default:
                error = $"unknown relay message type {message[0]}";
                return false;
        }
    }

    private void Describe(RelayTrackDescription description)
    {
        var codec = description.ToCodec();
        if (_tracks.TryGetValue(description.Index, out var existing))
        {
            if (!SameCodec(existing.Codec, codec) || existing.Width != description.Width || existing.Height != description.Height)
            {
                existing.UpdateCodec(codec, default, description.Width, description.Height);
            }

            return;
        }

        var track = _stream.FindTrack(description.Id) ?? new MediaTrack(description.Id, description.Kind, codec, description.Ssrc) { Rid = description.Rid };
        track.UpdateCodec(codec, default, description.Width, description.Height);
        if (description.KeyframesOnDemand)
        {
            var request = RelayMessage.KeyframeRequestFor(description.Index);
            track.KeyframeRequested += _ => _sendUpstream(request);
        }

        _tracks[description.Index] = track;
        if (_stream.FindTrack(description.Id) is null)
        {
            _stream.AddTrack(track);
        }
    }

    private bool Publish(ReadOnlySpan<byte> message, out string? error)
    {
        error = null;
        if (!RelayMessage.TryReadPackets(message, _pool, _received, out int index, out long sentMicroseconds))
        {
            error = "malformed packets message";
            return false;
        }

        try
        {
            if (!_tracks.TryGetValue(index, out var track))
            {
                // The origin drops messages for a slow edge, a track list among them: these wait for the next list.
                UndescribedPackets += _received.Count;
                return true;
            }

            long now = Stopwatch.GetTimestamp();
            foreach (var packet in _received)
            {
                packet.ArrivalTimestamp = now;
            }

            long transit = Math.Max(0, RelayMessage.NowMicroseconds() - sentMicroseconds);
            Transit.Record(transit);
            _onTransit?.Invoke(transit);
            track.PublishPackets(CollectionsMarshal.AsSpan(_received));
            Interlocked.Add(ref _packets, _received.Count);
            return true;
        }
        finally
        {
            foreach (var packet in _received)
            {
                packet.Release();
            }

            _received.Clear();
        }
    }

    private static bool IsUsable(RelayTrackDescription? description, out string? error)
    {
        error = description is null ? "null track description"
            : string.IsNullOrEmpty(description.Id) || string.IsNullOrEmpty(description.Codec) ? "track description without id or codec"
            : description.Parameters is null ? $"track '{description.Id}' has no parameters"
            : description.Index is < 0 or > byte.MaxValue ? $"track '{description.Id}' has index {description.Index}"
            : !Enum.IsDefined(description.Kind) ? $"track '{description.Id}' has an unknown kind"
            : description.ClockRate <= 0 ? $"track '{description.Id}' has clock rate {description.ClockRate}"
            : null;
        return error is null;
    }

    private static bool SameCodec(Media.MediaCodec a, Media.MediaCodec b) =>
        a.Name == b.Name && a.ClockRate == b.ClockRate && a.Channels == b.Channels
        && a.Parameters.Count == b.Parameters.Count
        && a.Parameters.All(p => b.Parameters.TryGetValue(p.Key, out var v) && v == p.Value);
}
