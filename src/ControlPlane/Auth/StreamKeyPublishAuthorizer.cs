using ControlPlane.Draining;
using ControlPlane.Storage;
using Ingest.Rtmp.Auth;
using Microsoft.Extensions.Options;

namespace ControlPlane.Auth;

/// <summary>
/// The publish check for every ingest: refuses while draining; in <c>keys</c> mode accepts only active keys from the
/// store. An encoder sends the key as its stream key (OBS "Stream Key") or as <c>{stream}?key={secret}</c>; WHIP
/// clients send it as the Bearer token.
/// </summary>
public sealed class StreamKeyPublishAuthorizer : IPublishAuthorizer
{
    private readonly IOptionsMonitor<PublishOptions> _options;
    private readonly SfuStore _store;
    private readonly DrainState _drain;

    /// <summary>Creates the check.</summary>
    public StreamKeyPublishAuthorizer(IOptionsMonitor<PublishOptions> options, SfuStore store, DrainState drain)
    {
        _options = options;
        _store = store;
        _drain = drain;
    }

    /// <inheritdoc/>
    public ValueTask<PublishDecision> AuthorizeAsync(PublishRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Authorize(request));

    private PublishDecision Authorize(PublishRequest request)
    {
        if (_drain.IsDraining)
        {
            return PublishDecision.Deny("This server is draining and takes no new streams; publish to another node.");
        }

        if (string.IsNullOrWhiteSpace(request.StreamKey))
        {
            return PublishDecision.Deny("An empty stream key cannot publish.");
        }

        string mode = _options.CurrentValue.Mode.Trim();
        if (string.Equals(mode, PublishModes.Open, StringComparison.OrdinalIgnoreCase))
        {
            // In open mode the key is the stream's name, and names have rules (no '/', no control characters).
            try
            {
                StreamNameRules.ValidateStreamName(request.StreamKey, "streamKey");
            }
            catch (ArgumentException ex)
            {
                return PublishDecision.Deny($"This stream key cannot name a stream: {ex.Message.Split(" (Parameter", 2)[0]}");
            }

            return PublishDecision.Allow(request.StreamKey);
        }

        if (!string.Equals(mode, PublishModes.Keys, StringComparison.OrdinalIgnoreCase))
        {
            // Fail closed: a typo in the mode must not open publishing to everyone.
            return PublishDecision.Deny("Publishing is not configured correctly on this server (Sfu:Publish:Mode).");
        }

        bool keyInQuery = request.Query.TryGetValue("key", out string? queryKey) && !string.IsNullOrEmpty(queryKey);
        string secret = keyInQuery ? queryKey! : request.StreamKey;
        var key = _store.FindActiveKeyBySecret(secret);
        if (key is null)
        {
            return PublishDecision.Deny("Unknown or revoked stream key.");
        }

        if (keyInQuery && !string.Equals(request.StreamKey, key.Stream, StringComparison.Ordinal))
        {
            return PublishDecision.Deny($"This key publishes stream '{key.Stream}', not '{request.StreamKey}'.");
        }

        return PublishDecision.Allow(key.Stream, key.Id);
    }
}
