using System.Net;

namespace Ingest.Rtmp.Auth;

/// <summary>What a publisher asked for: <c>rtmp://host/{Application}/{StreamKey}?{Query}</c>.</summary>
/// <param name="Application">Application name from <c>connect</c>.</param>
/// <param name="StreamKey">Stream key from <c>publish</c>, without any query string.</param>
/// <param name="Query">Query parameters that came with the key or the tcUrl (tokens, say).</param>
/// <param name="RemoteEndPoint">The encoder's address.</param>
public sealed record PublishRequest(string Application, string StreamKey, IReadOnlyDictionary<string, string> Query, EndPoint? RemoteEndPoint);
