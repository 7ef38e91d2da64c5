namespace Egress.WebRtc.Sdp;

/// <summary>A parsed session description (RFC 8866): session-level lines plus media sections, attribute order preserved.</summary>
public sealed class SdpSessionDescription
{
    /// <summary>Gets or sets the v= value (always 0).</summary>
    public int Version { get; set; }

    /// <summary>Gets or sets the o= line.</summary>
    public SdpOrigin Origin { get; set; } = new("-", "0", "0", "IN", "IP4", "127.0.0.1");

    /// <summary>Gets or sets the s= value.</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>Gets or sets the i= line.</summary>
    public string? Information { get; set; }

    /// <summary>Gets or sets the u= line.</summary>
    public string? Uri { get; set; }

    /// <summary>Gets the e= lines.</summary>
    public List<string> Emails { get; } = [];

    /// <summary>Gets the p= lines.</summary>
    public List<string> Phones { get; } = [];

    /// <summary>Gets or sets the session-level c= line.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>Gets the session-level b= lines.</summary>
    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>Gets the t= lines; "t=0 0" is written when empty.</summary>
    public List<SdpTiming> Timings { get; } = [];

    /// <summary>Gets or sets the z= line.</summary>
    public string? TimeZones { get; set; }

    /// <summary>Gets or sets the obsolete k= line, kept only to round-trip.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Gets the session-level a= lines in order.</summary>
    public SdpAttributeList Attributes { get; } = [];

    /// <summary>Gets the m= sections in order.</summary>
    public List<SdpMediaDescription> Media { get; } = [];

    /// <summary>Parses SDP text with CRLF or LF line endings.</summary>
    /// <exception cref="SdpParseException">The text is not a well-formed session description.</exception>
    public static SdpSessionDescription Parse(string text) => SdpParser.Parse(text);

    /// <summary>Gets the first a=group:BUNDLE, or null.</summary>
    public SdpGroup? GetBundleGroup() => Attributes.GetGroups().FirstOrDefault(g => g.IsBundle);

    /// <summary>Serialises with CRLF line endings in RFC 8866 field order.</summary>
    public override string ToString() => SdpWriter.Write(this);
}
