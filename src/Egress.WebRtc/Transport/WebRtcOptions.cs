namespace Egress.WebRtc.Transport;

/// <summary>WebRTC media transport settings (configuration section <c>Sfu:WebRtc</c>).</summary>
public sealed class WebRtcOptions
{
    /// <summary>The one UDP port every peer's media, STUN and DTLS use.</summary>
    public int Port { get; set; } = 8000;

    /// <summary>Address the UDP socket binds to.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Addresses put in ICE candidates. Empty: the listen address when it is a specific one, otherwise every
    /// up IPv4 interface address. Behind NAT or in Kubernetes, set the public address here.
    /// </summary>
    public List<string> AnnouncedAddresses { get; set; } = [];

    /// <summary>
    /// The port put in ICE candidates when clients reach the media port through a mapping (a Kubernetes NodePort,
    /// a NAT port forward, a test's network impairment proxy); 0 announces the bound port.
    /// </summary>
    public int AnnouncedPort { get; set; }

    /// <summary>A peer that sends no STUN consent check for this long is removed (RFC 7675 says 30 s).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time a peer has from the answer to a finished DTLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Interval of RTCP sender reports per peer.</summary>
    public TimeSpan SenderReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>STUN/TURN servers offered to clients in <c>Link: rel="ice-server"</c> headers.</summary>
    public List<string> IceServers { get; set; } = [];

    /// <summary>Answer viewers' NACKs with RTX retransmissions from each track's history (off only for comparisons).</summary>
    public bool Retransmissions { get; set; } = true;

    /// <summary>Bytes per second retransmissions may add per viewer (until bandwidth estimation sets the share).</summary>
    public int RetransmissionBudgetBytesPerSecond { get; set; } = 250_000;

    /// <summary>
    /// Pace each viewer's video at <see cref="PacingFactor"/> × its bandwidth estimate, so keyframes and keyframe
    /// cache replays leave as a stream of small bursts instead of one that overflows a slow link (off only for
    /// comparisons and raw forwarding benchmarks). Audio and retransmissions are never held back.
    /// </summary>
    public bool Pacing { get; set; } = true;

    /// <summary>
    /// Send each viewer's packets of one access unit in one system call (UDP GSO, Linux 4.18+) instead of one
    /// <c>sendto</c> each; where the kernel refuses, the server falls back to one datagram per call by itself.
    /// </summary>
    public bool SendBatching { get; set; } = true;

    /// <summary>Pacing rate as a multiple of the bandwidth estimate (libwebrtc uses 2.5).</summary>
    public double PacingFactor { get; set; } = 2.5;

    /// <summary>A packet that waited this long in a pacing queue goes regardless of the budget: latency matters more.</summary>
    public TimeSpan MaxPacingDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A viewer's bandwidth estimate before its first transport-cc feedback: the rate a new viewer is paced at while
    /// it gets the keyframe cache, so it should cover a typical stream (the estimate follows the real link within a
    /// second or two).
    /// </summary>
    public long InitialBandwidthEstimate { get; set; } = 3_000_000;

    /// <summary>When a single-layer stream's viewer is moved to audio only by its estimate, and back.</summary>
    public Sfu.Core.Forwarding.AudioOnlyFallbackOptions AudioOnlyFallback { get; set; } = new();

    /// <summary>How viewers of a simulcast stream are moved between its layers by their bandwidth estimate.</summary>
    public Sfu.Core.Forwarding.SimulcastOptions Simulcast { get; set; } = new();
}
