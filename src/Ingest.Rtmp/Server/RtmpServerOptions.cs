using System.Net;

namespace Ingest.Rtmp.Server;

/// <summary>RTMP listener settings (configuration section <c>Sfu:Rtmp</c>).</summary>
public sealed class RtmpServerOptions
{
    /// <summary>TCP port; 1935 is what every encoder assumes when the URL has none.</summary>
    public int Port { get; set; } = 1935;

    /// <summary>Address to listen on; <c>0.0.0.0</c> for all interfaces.</summary>
    public string ListenAddress { get; set; } = IPAddress.Any.ToString();

    /// <summary>Application name in <c>rtmp://host/{app}/{key}</c> that accepts publishers.</summary>
    public string Application { get; set; } = "live";

    /// <summary>Connections allowed at once; more are closed right after accept.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>Time a client has to finish the handshake.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time without any byte from the client before the connection is dropped.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a stream whose encoder dropped (without unpublishing) waits for it: an encoder that reconnects on the
    /// same key within this time continues the stream and its viewers keep playing. Zero ends streams at once.
    /// </summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest message accepted; a 4K keyframe is well under this.</summary>
    public int MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Chunk size we send with; large chunks cost less header overhead.</summary>
    public int OutgoingChunkSize { get; set; } = 4096;

    /// <summary>Window Acknowledgement Size we ask the client to use, and our announced peer bandwidth.</summary>
    public int WindowAcknowledgementSize { get; set; } = 2_500_000;

    /// <summary>What to do with H.264 B-frames, which WebRTC players mishandle.</summary>
    public Publishing.BFramePolicy BFrames { get; set; } = Publishing.BFramePolicy.Transcode;

    /// <summary>Opus bitrate of the AAC → Opus codec bridge, in bit/s.</summary>
    public int OpusBitrate { get; set; } = 96_000;

    /// <summary>Largest RTP payload the H.264 packetizer produces.</summary>
    public int MaxRtpPayloadSize { get; set; } = 1200;
}
