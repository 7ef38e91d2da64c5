using System.Net;
using Egress.WebRtc.Peers;
using Egress.WebRtc.Srtp;
using Egress.WebRtc.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Forwarding;
using Sfu.Core.Streams;

namespace Bench.Forwarding;

/// <summary>Viewers for forwarding benchmarks: real peers on a real host, connected without ICE/DTLS, real SRTP-GCM keys.</summary>
internal static class BenchViewers
{
    /// <summary>
    /// A host on a free loopback port whose peers never time out during a run. A benchmark loop sends far faster than
    /// any real stream, so pacing, when on, gets an estimate no loop exhausts: what is measured is the budget check
    /// every packet pays, not waiting.
    /// </summary>
    public static WebRtcHost CreateHost(bool pacing = false, bool batching = true) =>
        new(
            new WebRtcOptions
            {
                Port = 0,
                ListenAddress = "127.0.0.1",
                ConsentTimeout = TimeSpan.FromDays(1),
                Pacing = pacing,
                SendBatching = batching,
                InitialBandwidthEstimate = 1_000_000_000_000,
                AudioOnlyFallback = { Enabled = false },
            },
            NullLoggerFactory.Instance);

    /// <summary>Adds viewer number <paramref name="index"/> of <paramref name="track"/>, sending to <paramref name="destination"/>.</summary>
    public static RtpSubscription Connect(WebRtcHost host, int index, MediaTrack track, OutgoingMedia media, SocketAddress destination)
    {
        RtpSubscription? subscription = null;
        var peer = host.CreatePeer($"p{index}", $"u{index:D7}", "password-password-123456", [host.Certificate.Fingerprint]);
        peer.AddTrack(media, sender => subscription = new RtpSubscription(track, (uint)(1000 + index), media.PayloadType, sender) { ResendBudgetBytesPerSecond = int.MaxValue });
        peer.ConnectWithoutHandshake(SrtpProtectionProfile.AeadAes128Gcm, new SrtpMasterKey(new byte[16], new byte[12]), destination);
        return subscription!;
    }
}
