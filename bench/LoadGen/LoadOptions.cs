using System.Globalization;
using System.Net;

namespace LoadGen;

/// <summary>What to load and how: the WHEP URL, how many viewers, how fast they join and how long they stay.</summary>
internal sealed record LoadOptions
{
    /// <summary>The WHEP endpoint every viewer POSTs its offer to.</summary>
    public required Uri Url { get; init; }

    /// <summary>Viewers to open.</summary>
    public int Viewers { get; init; } = 100;

    /// <summary>Viewers started per second.</summary>
    public double RampPerSecond { get; init; } = 50;

    /// <summary>How long every viewer stays once the last one started.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>DTLS handshakes run at once (each blocks a thread of the load generator's handshake pool).</summary>
    public int ConcurrentHandshakes { get; init; } = 16;

    /// <summary>Decrypt (and so authenticate) one in this many media packets once a viewer has its first keyframe.</summary>
    public int DecryptEvery { get; init; } = 16;

    /// <summary>Local address the viewers' sockets bind to.</summary>
    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>A server process whose CPU use is reported next to the load generator's own.</summary>
    public int? ServerPid { get; init; }

    /// <summary>Bearer token for private streams.</summary>
    public string? Token { get; init; }

    /// <summary>Prints the usage text.</summary>
    public const string Usage = """
        usage: loadgen --url http://HOST:8080/whep/STREAM [options]
          --viewers N           viewers to open (default 100)
          --ramp N              viewers started per second (default 50)
          --hold SECONDS        how long all viewers stay after the last one started (default 30)
          --handshakes N        DTLS handshakes at once (default 16)
          --decrypt-every N     decrypt one in N media packets after the first keyframe (default 16; 1 = all)
          --bind ADDRESS        local address for the viewers' sockets (default 127.0.0.1)
          --server-pid PID      also report this process's CPU (e.g. the SFU's), from /proc
          --token TOKEN         Authorization: Bearer token for private streams
        """;

    /// <summary>Reads the command line; throws <see cref="ArgumentException"/> with the reason when it is wrong.</summary>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        Uri? url = null;
        var options = new LoadOptions { Url = new Uri("http://127.0.0.1/") };
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : throw new ArgumentException($"{name} needs a positive whole number");
            double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 ? v : throw new ArgumentException($"{name} needs a positive number");
            options = name switch
            {
                "--url" => options with { Url = url = Uri.TryCreate(Value(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u : throw new ArgumentException("--url needs an http(s) URL") },
                "--viewers" => options with { Viewers = Int() },
                "--ramp" => options with { RampPerSecond = Number() },
                "--hold" => options with { Hold = TimeSpan.FromSeconds(Number()) },
                "--handshakes" => options with { ConcurrentHandshakes = Int() },
                "--decrypt-every" => options with { DecryptEvery = Int() },
                "--bind" => options with { Bind = IPAddress.TryParse(Value(), out var a) ? a : throw new ArgumentException("--bind needs an IP address") },
                "--server-pid" => options with { ServerPid = Int() },
                "--token" => options with { Token = Value() },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return url is null ? throw new ArgumentException("--url is required") : options;
    }
}
