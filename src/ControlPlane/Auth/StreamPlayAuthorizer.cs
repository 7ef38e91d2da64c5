using ControlPlane.Storage;

namespace ControlPlane.Auth;

/// <summary>Public streams play for anyone; private ones (stream settings in the store) need a valid play token.</summary>
public sealed class StreamPlayAuthorizer : IPlayAuthorizer
{
    private readonly PlayTokenService _tokens;

    /// <summary>Creates the check.</summary>
    public StreamPlayAuthorizer(PlayTokenService tokens)
    {
        _tokens = tokens;
    }

    /// <inheritdoc/>
    public async ValueTask<PlayDecision> AuthorizeAsync(StreamSettings settings, string? bearerToken)
    {
        string stream = settings.Stream;
        if (!settings.IsPrivate)
        {
            return PlayDecision.Allow;
        }

        var check = await _tokens.ValidateAsync(bearerToken, stream).ConfigureAwait(false);
        return check.Status switch
        {
            PlayTokenStatus.Valid => PlayDecision.Allow,
            PlayTokenStatus.Missing => new PlayDecision(false, $"Stream '{stream}' is private: it needs a play token."),
            PlayTokenStatus.Expired => new PlayDecision(false, "The play token has expired."),
            PlayTokenStatus.WrongStream => new PlayDecision(false, $"The play token is for another stream, not '{stream}'."),
            PlayTokenStatus.NotYetValid => new PlayDecision(false, "The play token is not valid yet."),
            _ => new PlayDecision(false, "The play token is not valid."),
        };
    }
}
