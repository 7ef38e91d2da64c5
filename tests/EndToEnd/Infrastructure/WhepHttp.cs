using System.Net.Http.Headers;
using System.Text;

namespace EndToEnd.Infrastructure;

/// <summary>The WHEP HTTP exchange as a client makes it: an SDP offer POSTed, optionally with a Bearer token.</summary>
public static class WhepHttp
{
    /// <summary>POSTs <paramref name="offer"/> as <c>application/sdp</c> to <paramref name="path"/>.</summary>
    public static async Task<HttpResponseMessage> PostOfferAsync(HttpClient http, string path, string offer, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(offer, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }
}
