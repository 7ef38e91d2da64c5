namespace Egress.WebRtc.Sdp;

/// <summary>One m= section: the media line, its c=/b= lines and its a= lines in order.</summary>
public sealed class SdpMediaDescription
{
    /// <summary>Initializes a new instance of the <see cref="SdpMediaDescription"/> class.</summary>
    public SdpMediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    /// <summary>Gets or sets the media type: audio, video, application, ...</summary>
    public string Media { get; set; }

    /// <summary>Gets or sets the port; 0 rejects the section (unless it is bundle-only).</summary>
    public int Port { get; set; }

    /// <summary>Gets or sets the optional "/count" suffix of the port.</summary>
    public int? PortCount { get; set; }

    /// <summary>Gets or sets the transport protocol, e.g. UDP/TLS/RTP/SAVPF.</summary>
    public string Protocol { get; set; }

    /// <summary>Gets the format list: payload types for RTP, in preference order.</summary>
    public List<string> Formats { get; }

    /// <summary>Gets or sets the i= line.</summary>
    public string? Information { get; set; }

    /// <summary>Gets the c= lines.</summary>
    public List<SdpConnection> Connections { get; } = [];

    /// <summary>Gets the b= lines.</summary>
    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>Gets or sets the obsolete k= line, kept only to round-trip.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Gets the a= lines in order.</summary>
    public SdpAttributeList Attributes { get; } = [];

    /// <summary>Gets the a=mid value.</summary>
    public string? Mid => Attributes.Mid;

    /// <summary>Gets the effective direction (sendrecv when none is given).</summary>
    public SdpDirection Direction => Attributes.Direction ?? SdpDirection.SendRecv;

    /// <summary>Gets the payload types of <see cref="Formats"/> that are numeric, in order.</summary>
    public IEnumerable<int> PayloadTypes
        => Formats.Select(f => SdpTokens.TryParseInt(f, 0, 127, out var pt) ? pt : -1).Where(pt => pt >= 0);

    /// <summary>Gets a value indicating whether the section is rejected (port 0 without a=bundle-only).</summary>
    public bool IsRejected => Port == 0 && !Attributes.BundleOnly;
}
