namespace ControlPlane.Hosting;

/// <summary>Top-level server settings (configuration section <c>Sfu</c>).</summary>
public sealed class SfuOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Sfu";

    /// <summary>HTTP port for WHIP/WHEP, the player page, metrics and health.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Address the HTTP endpoints bind to.</summary>
    public string HttpListenAddress { get; set; } = "0.0.0.0";

    /// <summary>Where durable state lives (publish keys, stream settings, secrets), relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";
}
