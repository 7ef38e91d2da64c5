using System.Net;
using Egress.WebRtc.Dtls;
using Egress.WebRtc.Sdp;

namespace LoadGen;

/// <summary>What a load viewer needs from the server's WHEP answer: where to send, how to authenticate, how to read RTP.</summary>
internal sealed record ViewerAnswer
{
    /// <summary>The server's first UDP host candidate.</summary>
    public required IPEndPoint Candidate { get; init; }

    /// <summary>The server's ICE username fragment.</summary>
    public required string IceUfrag { get; init; }

    /// <summary>The server's ICE password.</summary>
    public required string IcePwd { get; init; }

    /// <summary>The server's certificate fingerprint, checked during the DTLS handshake.</summary>
    public required DtlsFingerprint Fingerprint { get; init; }

    /// <summary>The video payload type the server sends.</summary>
    public required int VideoPayloadType { get; init; }

    /// <summary>The video codec name (H264 or VP8).</summary>
    public required string VideoCodec { get; init; }

    /// <summary>The RTX payload type for video retransmissions, or -1.</summary>
    public int RtxPayloadType { get; init; } = -1;

    /// <summary>The transport-cc header extension id, or 0 when the server did not take it.</summary>
    public int TransportCcExtensionId { get; init; }

    /// <summary>Reads an answer; throws <see cref="FormatException"/> naming what is missing.</summary>
    public static ViewerAnswer Read(string sdp)
    {
        var session = SdpSessionDescription.Parse(sdp);
        var video = session.Media.FirstOrDefault(m => m.Media == "video" && !m.IsRejected)
            ?? throw new FormatException("the answer has no video section");
        string Attribute(Func<SdpAttributeList, string?> read, string what) =>
            read(video.Attributes) ?? read(session.Attributes) ?? throw new FormatException($"the answer has no {what}");

        var candidate = session.Media.SelectMany(m => m.Attributes.GetCandidates()).Concat(session.Attributes.GetCandidates())
            .FirstOrDefault(c => c.Transport.Equals("udp", StringComparison.OrdinalIgnoreCase) && IPAddress.TryParse(c.Address, out _))
            ?? throw new FormatException("the answer has no UDP candidate");
        var fingerprint = video.Attributes.GetFingerprints().Concat(session.Attributes.GetFingerprints()).FirstOrDefault()
            ?? throw new FormatException("the answer has no fingerprint");
        var maps = video.Attributes.GetRtpMaps().ToList();
        var media = maps.FirstOrDefault(m => !m.EncodingName.Equals("rtx", StringComparison.OrdinalIgnoreCase))
            ?? throw new FormatException("the answer's video section has no codec");
        var rtx = maps.FirstOrDefault(m => m.EncodingName.Equals("rtx", StringComparison.OrdinalIgnoreCase));
        var transportCc = video.Attributes.GetExtmaps().FirstOrDefault(e => e.Uri == RtpHeaderExtensionUris.TransportWideCc);
        return new ViewerAnswer
        {
            Candidate = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port),
            IceUfrag = Attribute(a => a.IceUfrag, "ice-ufrag"),
            IcePwd = Attribute(a => a.IcePwd, "ice-pwd"),
            Fingerprint = DtlsFingerprint.Parse($"{fingerprint.HashFunction} {fingerprint.Value}"),
            VideoPayloadType = media.PayloadType,
            VideoCodec = media.EncodingName,
            RtxPayloadType = rtx?.PayloadType ?? -1,
            TransportCcExtensionId = transportCc?.Id ?? 0,
        };
    }
}
