using ControlPlane.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Sfu.Admin.V1;
using Sfu.Core.Media;
using Sfu.Core.Sessions;
using Sfu.Core.Stats;
using Sfu.Core.Streams;

namespace ControlPlane.Admin;

/// <summary>Turns the node's objects into the admin API's messages.</summary>
public static class AdminMapping
{
    /// <summary>The API's role value.</summary>
    public static Sfu.Admin.V1.SessionRole ToProto(Sfu.Core.Sessions.SessionRole role) => role switch
    {
        Sfu.Core.Sessions.SessionRole.Publisher => Sfu.Admin.V1.SessionRole.Publisher,
        Sfu.Core.Sessions.SessionRole.Viewer => Sfu.Admin.V1.SessionRole.Viewer,
        _ => Sfu.Admin.V1.SessionRole.Unspecified,
    };

    /// <summary>A session with its counters read now.</summary>
    public static Session ToProto(IMediaSession session)
    {
        var stats = session.Snapshot();
        return new Session
        {
            Id = session.Id,
            Role = ToProto(session.Role),
            Protocol = session.Protocol,
            Stream = session.StreamName,
            RemoteAddress = session.RemoteAddress,
            StartedAt = Timestamp.FromDateTimeOffset(session.StartedAt),
            State = stats.State,
            PacketsSent = stats.PacketsSent,
            BytesSent = stats.BytesSent,
            PacketsReceived = stats.PacketsReceived,
            BytesReceived = stats.BytesReceived,
            RttMs = stats.RoundTripTime?.TotalMilliseconds ?? 0,
            FractionLost = stats.FractionLost,
            PacketsLost = stats.PacketsLost,
            NacksReceived = stats.NacksReceived,
            RetransmissionsSent = stats.RetransmissionsSent,
            KeyframeRequests = stats.KeyframeRequests,
            BandwidthEstimateBps = stats.BandwidthEstimateBitsPerSecond ?? 0,
            CurrentLayer = stats.CurrentLayer ?? string.Empty,
            KeyId = session.KeyId ?? string.Empty,
        };
    }

    /// <summary>A live stream with its tracks, viewers and latency.</summary>
    public static Sfu.Admin.V1.Stream ToProto(LiveStream stream, SessionRegistry sessions, TrafficSampler sampler, bool isPrivate)
    {
        var publisher = sessions.Sessions.FirstOrDefault(s => s.Role == Sfu.Core.Sessions.SessionRole.Publisher && s.StreamName == stream.Name);
        var result = new Sfu.Admin.V1.Stream
        {
            Name = stream.Name,
            Publisher = new PublisherInfo
            {
                SessionId = publisher?.Id ?? string.Empty,
                Protocol = publisher?.Protocol ?? stream.Publisher.Protocol,
                RemoteAddress = publisher?.RemoteAddress ?? stream.Publisher.Address,
                KeyId = publisher?.KeyId ?? string.Empty,
            },
            StartedAt = Timestamp.FromDateTimeOffset(stream.StartedAt),
            ViewerCount = sessions.CountOf(Sfu.Core.Sessions.SessionRole.Viewer, stream.Name),
            Private = isPrivate,
            WaitingForPublisher = stream.IsWaitingForPublisher,
        };

        var tracks = stream.Tracks;
        foreach (var track in tracks)
        {
            result.Tracks.Add(ToProto(track, sampler));
        }

        if (tracks.Count > 0)
        {
            var latency = tracks[0].IngestToWire.Snapshot([.. tracks.Skip(1).Select(t => t.IngestToWire)]);
            result.IngestToWire = ToProto(latency);
        }
        else
        {
            result.IngestToWire = new LatencySummary();
        }

        return result;
    }

    /// <summary>Percentiles of a latency histogram in milliseconds.</summary>
    public static LatencySummary ToProto(LatencySnapshot latency) => new()
    {
        Samples = latency.Count,
        P50Ms = latency.PercentileMicroseconds(0.50) / 1000,
        P95Ms = latency.PercentileMicroseconds(0.95) / 1000,
        P99Ms = latency.PercentileMicroseconds(0.99) / 1000,
        MaxMs = latency.MaxMicroseconds / 1000.0,
    };

    private static Track ToProto(MediaTrack track, TrafficSampler sampler)
    {
        var (fps, bitrate) = sampler.RatesOf(track);
        var counters = track.Counters;
        var result = new Track
        {
            Id = track.Id,
            Kind = track.Kind == MediaKind.Video ? "video" : "audio",
            Codec = track.Codec.Name,
            ClockRate = track.Codec.ClockRate,
            Width = track.Width ?? 0,
            Height = track.Height ?? 0,
            FramesPerSecond = fps,
            BitrateBps = bitrate,
            KeyframeIntervalSeconds = track.Kind == MediaKind.Video ? counters.KeyframeInterval?.TotalSeconds ?? 0 : 0,
            Packets = counters.Packets,
            Bytes = counters.Bytes,
            Frames = counters.Frames,
            Keyframes = counters.Keyframes,
        };
        foreach (var (name, value) in track.Codec.Parameters)
        {
            result.CodecParameters[name] = value;
        }

        return result;
    }
}
