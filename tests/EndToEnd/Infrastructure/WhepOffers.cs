namespace EndToEnd.Infrastructure;

/// <summary>A real Chromium WHEP offer (recvonly video + audio) for tests that only exercise the HTTP exchange.</summary>
public static class WhepOffers
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? s_offer;

    /// <summary>Asks headless Chromium for an offer once per test run and reuses it.</summary>
    public static async Task<string> ChromiumLikeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (s_offer is null)
            {
                await using var browser = await ChromiumBrowser.LaunchAsync();
                var page = await browser.OpenAsync(new Uri("about:blank"));
                s_offer = await page.EvaluateAsync<string>(
                    """
                    async () => {
                      const pc = new RTCPeerConnection();
                      pc.addTransceiver('video', { direction: 'recvonly' });
                      pc.addTransceiver('audio', { direction: 'recvonly' });
                      const offer = await pc.createOffer();
                      pc.close();
                      return offer.sdp;
                    }
                    """);
            }

            return s_offer;
        }
        finally
        {
            Gate.Release();
        }
    }
}
