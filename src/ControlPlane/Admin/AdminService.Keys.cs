using ControlPlane.Auth;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Sfu.Admin.V1;
using CoreSessionRole = Sfu.Core.Sessions.SessionRole;

namespace ControlPlane.Admin;

/// <summary>Publish keys, stream settings and play tokens.</summary>
public sealed partial class AdminService
{
    private static readonly TimeSpan DefaultPlayTokenLifetime = TimeSpan.FromHours(1);

    /// <inheritdoc/>
    public override Task<CreateStreamKeyResponse> CreateStreamKey(CreateStreamKeyRequest request, ServerCallContext context)
    {
        var created = Validated(() => _store.CreateStreamKey(request.Stream, string.IsNullOrEmpty(request.Label) ? null : request.Label));
        _logger.LogInformation("Admin: publish key {Id} created for stream '{Stream}'", created.Key.Id, created.Key.Stream);
        return Task.FromResult(new CreateStreamKeyResponse { Key = ToProto(created.Key), Secret = created.Secret });
    }

    /// <inheritdoc/>
    public override Task<ListStreamKeysResponse> ListStreamKeys(ListStreamKeysRequest request, ServerCallContext context)
    {
        var response = new ListStreamKeysResponse();
        foreach (var key in _store.ListStreamKeys(string.IsNullOrEmpty(request.Stream) ? null : request.Stream, request.IncludeRevoked))
        {
            response.Keys.Add(ToProto(key));
        }

        return Task.FromResult(response);
    }

    /// <inheritdoc/>
    public override Task<RevokeStreamKeyResponse> RevokeStreamKey(RevokeStreamKeyRequest request, ServerCallContext context)
    {
        if (!_store.TryRevokeStreamKey(request.Id, out var revoked))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No active key '{request.Id}'."));
        }

        // The key is revoked in the store first: a publisher registering after this scan re-checks its key.
        int ended = EndPublishersOf(revoked.Id);

        _events.Publish(new Event { KeyRevoked = new KeyRevoked { KeyId = revoked.Id, Stream = revoked.Stream } });
        _logger.LogInformation("Admin: publish key {Id} of stream '{Stream}' revoked; {Count} publishers disconnected", revoked.Id, revoked.Stream, ended);
        return Task.FromResult(new RevokeStreamKeyResponse { Key = ToProto(revoked), SessionsEnded = ended });
    }

    private int EndPublishersOf(string keyId)
    {
        var live = _sessions.Sessions.Where(s => s.Role == CoreSessionRole.Publisher && s.KeyId == keyId).ToList();
        foreach (var session in live)
        {
            session.Close($"publish key {keyId} revoked");
        }

        return live.Count;
    }

    /// <inheritdoc/>
    public override Task<Sfu.Admin.V1.StreamSettings> SetStreamSettings(Sfu.Admin.V1.StreamSettings request, ServerCallContext context)
    {
        if (request.HasPlayoutDelayMinMs != request.HasPlayoutDelayMaxMs)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Set both playout_delay_min_ms and playout_delay_max_ms, or neither."));
        }

        var settings = new Storage.StreamSettings
        {
            Stream = request.Stream,
            IsPrivate = request.Private,
            PlayoutDelay = request.HasPlayoutDelayMinMs ? new Sfu.Core.Media.PlayoutDelay(request.PlayoutDelayMinMs, request.PlayoutDelayMaxMs) : null,
        };
        Validated(() =>
        {
            _store.SetStreamSettings(settings);
            return settings;
        });
        _logger.LogInformation(
            "Admin: stream '{Stream}' is now {Visibility}, playout delay {Delay}",
            request.Stream,
            request.Private ? "private" : "public",
            settings.PlayoutDelay is { } d ? $"{d.MinMs}-{d.MaxMs} ms" : "left to players");
        return Task.FromResult(ToProto(_store.GetStreamSettings(request.Stream)));
    }

    /// <inheritdoc/>
    public override Task<Sfu.Admin.V1.StreamSettings> GetStreamSettings(GetStreamSettingsRequest request, ServerCallContext context) =>
        Task.FromResult(ToProto(Validated(() => _store.GetStreamSettings(request.Stream))));

    /// <inheritdoc/>
    public override Task<ListStreamSettingsResponse> ListStreamSettings(ListStreamSettingsRequest request, ServerCallContext context)
    {
        var response = new ListStreamSettingsResponse();
        foreach (var settings in _store.ListStreamSettings())
        {
            response.Settings.Add(ToProto(settings));
        }

        return Task.FromResult(response);
    }

    /// <inheritdoc/>
    public override Task<CreatePlayTokenResponse> CreatePlayToken(CreatePlayTokenRequest request, ServerCallContext context)
    {
        var lifetime = request.TtlSeconds == 0 ? DefaultPlayTokenLifetime : TimeSpan.FromSeconds(request.TtlSeconds);
        if (lifetime < PlayTokenService.MinLifetime || lifetime > PlayTokenService.MaxLifetime)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"ttl_seconds must be between {PlayTokenService.MinLifetime.TotalSeconds:0} and {PlayTokenService.MaxLifetime.TotalSeconds:0}."));
        }

        var token = Validated(() => _tokens.Create(request.Stream, lifetime));
        return Task.FromResult(new CreatePlayTokenResponse
        {
            Token = token.Token,
            ExpiresAt = Timestamp.FromDateTimeOffset(token.ExpiresAt),
            PlayerPath = $"/play/{Uri.EscapeDataString(request.Stream)}?token={Uri.EscapeDataString(token.Token)}",
        });
    }

    private static T Validated<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }
    }

    private static StreamKey ToProto(Storage.StreamKeyRecord key)
    {
        var result = new StreamKey
        {
            Id = key.Id,
            Stream = key.Stream,
            Label = key.Label ?? string.Empty,
            Hint = key.SecretHint,
            CreatedAt = Timestamp.FromDateTimeOffset(key.CreatedAt),
        };
        if (key.RevokedAt is { } revokedAt)
        {
            result.RevokedAt = Timestamp.FromDateTimeOffset(revokedAt);
        }

        return result;
    }

    private static Sfu.Admin.V1.StreamSettings ToProto(Storage.StreamSettings settings)
    {
        var result = new Sfu.Admin.V1.StreamSettings { Stream = settings.Stream, Private = settings.IsPrivate };
        if (settings.PlayoutDelay is { } delay)
        {
            result.PlayoutDelayMinMs = delay.MinMs;
            result.PlayoutDelayMaxMs = delay.MaxMs;
        }

        return result;
    }
}
