using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ControlPlane.Auth;
using ControlPlane.Storage;
using EndToEnd.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEnd.Whep;

/// <summary>The WHEP resource over plain HTTP with a real Chromium offer: status codes, headers, CORS, PATCH, DELETE, tokens.</summary>
public sealed class WhepHttpProtocolTests : IAsyncLifetime
{
    private const string VideoOnlyVp8Offer =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=recvonly\r\na=rtcp-mux\r\n" +
        "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n" +
        "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n" +
        "a=setup:actpass\r\na=rtpmap:96 VP8/90000\r\n";

    private ServerUnderTest _server = null!;
    private ExternalProcess _ffmpeg = null!;
    private ChromiumBrowser _browser = null!;
    private HttpClient _http = null!;
    private string _offer = null!;
    private ExternalProcess? _secretPublisher;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync("--Sfu:WebRtc:IceServers:0=stun:stun.example.net:3478");
        _ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(_server.RtmpUrl("http"), Encoders.PlainProfile, "320x240", 60, realtime: true));
        var secret = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(_server.RtmpUrl("secret"), Encoders.PlainProfile, "320x240", 60, realtime: true));
        await _server.WaitForStreamAsync("http", TimeSpan.FromSeconds(20));
        await _server.WaitForStreamAsync("secret", TimeSpan.FromSeconds(20));
        await ServerUnderTest.WaitUntilAsync(
            () => _server.Registry.TryGet("http", out var s) && s.Tracks.Count > 0 && _server.Registry.TryGet("secret", out var t) && t.Tracks.Count > 0,
            TimeSpan.FromSeconds(20),
            "both streams have video");
        _secretPublisher = secret;
        _browser = await ChromiumBrowser.LaunchAsync();
        var page = await _browser.OpenAsync(new Uri(_server.HttpBase, "/healthz"));
        _offer = await page.EvaluateAsync<string>(
            """
            async () => {
              const pc = new RTCPeerConnection();
              pc.addTransceiver('video', { direction: 'recvonly' });
              pc.addTransceiver('audio', { direction: 'recvonly' });
              const offer = await pc.createOffer();
              return offer.sdp;
            }
            """);
        _http = new HttpClient { BaseAddress = _server.HttpBase };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _browser.DisposeAsync();
        _ffmpeg.Dispose();
        _secretPublisher?.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CreatedSessionHasLocationETagAndAnIceLiteAnswer()
    {
        using var response = await PostAsync("/whep/http", _offer);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/sdp", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("/whep/http/", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains(response.Headers.GetValues("Link"), link => link == "<stun:stun.example.net:3478>; rel=\"ice-server\"");

        string answer = await response.Content.ReadAsStringAsync();
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", answer, StringComparison.Ordinal);
        Assert.Contains("a=fingerprint:sha-256 ", answer, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1 {_server.WebRtcPort} typ host", answer, StringComparison.Ordinal);
        Assert.Contains("a=group:BUNDLE", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-mux", answer, StringComparison.Ordinal);
        Assert.Contains("a=sendonly", answer, StringComparison.Ordinal);
        Assert.Matches(@"a=ssrc:\d+ cname:", answer);
        Assert.Contains("a=rtcp-fb:", answer, StringComparison.Ordinal);

        using var delete = await _http.DeleteAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        using var again = await _http.DeleteAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task AudioFirstOfferGetsOpusAndVideo()
    {
        // The offer bundles on its audio section; audio is the AAC from ffmpeg turned into Opus by the codec bridge.
        var page = await _browser.OpenAsync(new Uri(_server.HttpBase, "/healthz"));
        string audioFirst = await page.EvaluateAsync<string>(
            """
            async () => {
              const pc = new RTCPeerConnection();
              pc.addTransceiver('audio', { direction: 'recvonly' });
              pc.addTransceiver('video', { direction: 'recvonly' });
              return (await pc.createOffer()).sdp;
            }
            """);
        using var response = await PostAsync("/whep/http", audioFirst);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string answer = await response.Content.ReadAsStringAsync();
        Assert.Matches(@"a=rtpmap:\d+ opus/48000/2", answer);
        Assert.Matches(@"a=fmtp:\d+ .*useinbandfec=1", answer);
        var peer = Assert.Single(_server.Whep.Peers);
        Assert.Equal(["audio-opus", "video"], peer.Subscriptions.Select(s => s.Track.Id).Order());
        await _http.DeleteAsync(response.Headers.Location);
    }

    [Fact]
    public async Task UnknownStreamIs404WithAReason()
    {
        using var response = await PostAsync("/whep/nobody", _offer);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'nobody' is not live", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedSdpIs400WithTheLine()
    {
        using var response = await PostAsync("/whep/http", "v=0\r\nthis is not sdp\r\n");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 2", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferWithoutH264Is406NamingWhatWasOffered()
    {
        using var response = await PostAsync("/whep/http", VideoOnlyVp8Offer);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("offered: VP8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _server.Whep.SessionCount);
    }

    [Fact]
    public async Task WrongContentTypeIs415()
    {
        using var response = await _http.PostAsync(new Uri("/whep/http", UriKind.Relative), new StringContent(_offer, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task CorsPreflightAndExposedHeaders()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/whep/http");
        preflight.Headers.Add("Origin", "https://player.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
        using var response = await _http.SendAsync(preflight);
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);

        using var post = new HttpRequestMessage(HttpMethod.Post, "/whep/http") { Content = new StringContent(_offer, Encoding.UTF8, "application/sdp") };
        post.Headers.Add("Origin", "https://player.example");
        using var created = await _http.SendAsync(post);
        string exposed = string.Join(",", created.Headers.GetValues("Access-Control-Expose-Headers"));
        foreach (string header in new[] { "Location", "ETag", "Link" })
        {
            Assert.Contains(header, exposed, StringComparison.OrdinalIgnoreCase);
        }

        using var discovery = new HttpRequestMessage(HttpMethod.Options, "/whep/http");
        using var plain = await _http.SendAsync(discovery);
        Assert.Equal(HttpStatusCode.NoContent, plain.StatusCode);
        Assert.Equal("application/sdp", plain.Headers.GetValues("Accept-Post").Single());
    }

    [Fact]
    public async Task PatchTrickleNeedsTheETagAndIceRestartGetsNewCredentials()
    {
        using var created = await PostAsync("/whep/http", _offer);
        var location = created.Headers.Location!;
        string etag = created.Headers.ETag!.ToString();

        Assert.Equal((HttpStatusCode)428, (await PatchAsync(location, "a=candidate:1 1 udp 1 127.0.0.1 5000 typ host\r\n", null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PatchAsync(location, "a=candidate:1 1 udp 1 127.0.0.1 5000 typ host\r\n", "\"stale\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(location, "a=candidate:1 1 udp 1 127.0.0.1 5000 typ host\r\n", etag)).StatusCode);

        using var restart = await PatchAsync(location, "a=ice-ufrag:newu\r\na=ice-pwd:newpasswordnewpassword12\r\n", "*");
        Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        Assert.Equal("application/trickle-ice-sdpfrag", restart.Content.Headers.ContentType!.MediaType);
        string fragment = await restart.Content.ReadAsStringAsync();
        Assert.Matches("a=ice-ufrag:[A-Za-z0-9+/]{8}", fragment);
        Assert.Contains("a=ice-pwd:", fragment, StringComparison.Ordinal);
        Assert.NotEqual(etag, restart.Headers.ETag!.ToString());

        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync(new Uri("/whep/http/nosuchsession", UriKind.Relative), "a=end-of-candidates\r\n", "*")).StatusCode);
        await _http.DeleteAsync(location);
    }

    [Fact]
    public async Task NameThatCannotBeAStreamIsA400NotAServerError()
    {
        string tooLong = new('x', 201);
        foreach (string path in new[] { "/whep/bad%01name", "/whep/" + tooLong })
        {
            using var response = await PostAsync(path, _offer);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Not a valid stream name", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync(new Uri("/play/" + tooLong, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TokenProtectedStreamNeedsTheBearerToken()
    {
        _server.Services.GetRequiredService<SfuStore>().SetStreamSettings(new StreamSettings { Stream = "secret", IsPrivate = true });
        string token = _server.Services.GetRequiredService<PlayTokenService>().Create("secret", TimeSpan.FromMinutes(1)).Token;
        using var anonymous = await PostAsync("/whep/secret", _offer);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Bearer", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var wrong = await PostAsync("/whep/secret", _offer, "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var allowed = await PostAsync("/whep/secret", _offer, token);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        await _http.DeleteAsync(allowed.Headers.Location);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string sdp, string? token = null) => WhepHttp.PostOfferAsync(_http, path, sdp, token);

    private async Task<HttpResponseMessage> PatchAsync(Uri location, string fragment, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StringContent(fragment, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/trickle-ice-sdpfrag");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await _http.SendAsync(request);
    }
}
