using Microsoft.Playwright;

namespace EndToEnd.Infrastructure;

/// <summary>Debian's headless Chromium, driven by Playwright, confined to loopback as shared/TESTING.md prescribes.</summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    private const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--allow-loopback-in-peer-connection", "--use-fake-ui-for-media-stream",
        "--autoplay-policy=no-user-gesture-required", "--mute-audio",
        "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows", "--disable-renderer-backgrounding",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        "--disable-features=WebRtcHideLocalIpsWithMdns,MediaRouter,DialMediaRouteProvider,Translate,OptimizationHints,AutofillServerCommunication,CertificateTransparencyComponentUpdater",
        "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--disable-breakpad", "--disable-extensions",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly TempDirectory _profile;

    private ChromiumBrowser(IPlaywright playwright, IBrowserContext context, TempDirectory profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
    }

    /// <summary>True when Chromium is installed (scripts/bootstrap.sh installs it).</summary>
    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>
    /// Launches a fresh profile whose WebRTC uses only the interfaces' default route plus loopback; with
    /// <paramref name="fakeCamera"/>, getUserMedia gets Chromium's synthetic camera (a moving test pattern) and a beeping
    /// microphone, for publishing.
    /// </summary>
    public static async Task<ChromiumBrowser> LaunchAsync(bool fakeCamera = false)
    {
        var profile = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(profile.Path, "Default"));
        await File.WriteAllTextAsync(
            Path.Combine(profile.Path, "Default", "Preferences"),
            """{"webrtc":{"ip_handling_policy":"default_public_and_private_interfaces"}}""");
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.Path, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = fakeCamera ? [.. Flags, "--use-fake-device-for-media-stream"] : Flags,
        });
        return new ChromiumBrowser(playwright, context, profile);
    }

    /// <summary>Opens a page at <paramref name="url"/>, after <paramref name="prepare"/> (e.g. request routing) ran on it.</summary>
    public async Task<IPage> OpenAsync(Uri url, Func<IPage, Task>? prepare = null)
    {
        var page = await _context.NewPageAsync();
        if (prepare is not null)
        {
            await prepare(page);
        }

        await page.GotoAsync(url.ToString());
        return page;
    }

    /// <summary>Kills the browser processes outright, as a crash or a pulled cable would end a viewer.</summary>
    public async Task KillAsync()
    {
        foreach (var process in System.Diagnostics.Process.GetProcessesByName("chromium"))
        {
            try
            {
                if (CommandLineOf(process.Id).Contains(_profile.Path, StringComparison.Ordinal))
                {
                    process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
            }
            finally
            {
                process.Dispose();
            }
        }

        await Task.Delay(200);
        _playwright.Dispose();
        _profile.Dispose();
    }

    private static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
        _profile.Dispose();
    }
}
