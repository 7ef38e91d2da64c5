using System.Net;
using ControlPlane.Auth;
using ControlPlane.Draining;
using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;
using Ingest.Rtmp.Auth;
using Microsoft.Extensions.Options;

namespace ControlPlane.Tests.Auth;

public sealed class StreamKeyPublishAuthorizerTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoQuery = new Dictionary<string, string>();
    private static readonly EndPoint Encoder = new IPEndPoint(IPAddress.Parse("198.51.100.20"), 51000);

    private readonly TempDirectory _directory = new();
    private readonly SfuStore _store;
    private readonly DrainState _drain = new();

    public StreamKeyPublishAuthorizerTests() => _store = _directory.OpenStore();

    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("cam1")]
    [InlineData("sk_not-a-stored-key")]
    [InlineData("Mixed.Case-name_1")]
    public async Task OpenModeAllowsAnyKeyUnderItsOwnName(string streamKey)
    {
        var decision = await Authorize(PublishModes.Open, Request(streamKey));

        Assert.True(decision.Allowed);
        Assert.Equal(streamKey, decision.StreamName);
        Assert.Null(decision.KeyId);
        Assert.Null(decision.Reason);
    }

    [Fact]
    public async Task OpenModeIgnoresStoredKeys()
    {
        // In open mode a stored secret is just another stream name: it is not mapped to the key's stream.
        var created = _store.CreateStreamKey("cam1", null);

        var decision = await Authorize(PublishModes.Open, Request(created.Secret));

        Assert.True(decision.Allowed);
        Assert.Equal(created.Secret, decision.StreamName);
        Assert.Null(decision.KeyId);
    }

    [Theory]
    [InlineData(PublishModes.Open, "")]
    [InlineData(PublishModes.Open, "   ")]
    [InlineData(PublishModes.Open, "\t")]
    [InlineData(PublishModes.Keys, "")]
    [InlineData(PublishModes.Keys, " ")]
    public async Task EmptyOrWhitespaceKeysAreDenied(string mode, string streamKey)
    {
        var decision = await Authorize(mode, Request(streamKey));

        Assert.False(decision.Allowed);
        Assert.Null(decision.StreamName);
        Assert.Equal("An empty stream key cannot publish.", decision.Reason);
    }

    [Theory]
    [InlineData("keys")]
    [InlineData("Keys")]
    [InlineData("KEYS")]
    public async Task KeysModeMapsTheSecretToItsStreamAndKeyId(string mode)
    {
        var created = _store.CreateStreamKey("cam1", "studio");
        _store.CreateStreamKey("cam2", "other");

        var decision = await Authorize(mode, Request(created.Secret));

        Assert.True(decision.Allowed);
        Assert.Equal("cam1", decision.StreamName);
        Assert.Equal(created.Key.Id, decision.KeyId);
    }

    [Fact]
    public async Task KeysModeAcceptsTheSecretInTheQueryWhenTheStreamMatches()
    {
        var created = _store.CreateStreamKey("cam1", null);

        var decision = await Authorize(PublishModes.Keys, Request("cam1", new Dictionary<string, string> { ["key"] = created.Secret }));

        Assert.True(decision.Allowed);
        Assert.Equal("cam1", decision.StreamName);
        Assert.Equal(created.Key.Id, decision.KeyId);
    }

    [Fact]
    public async Task KeysModeDeniesAQueryKeyForAnotherStreamNamingBoth()
    {
        var created = _store.CreateStreamKey("cam1", null);

        var decision = await Authorize(PublishModes.Keys, Request("cam2", new Dictionary<string, string> { ["key"] = created.Secret }));

        Assert.False(decision.Allowed);
        Assert.Null(decision.StreamName);
        Assert.Null(decision.KeyId);
        Assert.Equal("This key publishes stream 'cam1', not 'cam2'.", decision.Reason);
        Assert.DoesNotContain(created.Secret, decision.Reason!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysModeComparesTheQueryStreamCaseSensitively()
    {
        var created = _store.CreateStreamKey("cam1", null);

        var decision = await Authorize(PublishModes.Keys, Request("CAM1", new Dictionary<string, string> { ["key"] = created.Secret }));

        Assert.False(decision.Allowed);
        Assert.Equal("This key publishes stream 'cam1', not 'CAM1'.", decision.Reason);
    }

    [Fact]
    public async Task KeysModeIgnoresAnEmptyQueryKeyAndUsesTheStreamKey()
    {
        // "?key=" with nothing after it must not shadow a valid secret sent as the stream key.
        var created = _store.CreateStreamKey("cam1", null);

        var decision = await Authorize(PublishModes.Keys, Request(created.Secret, new Dictionary<string, string> { ["key"] = "" }));

        Assert.True(decision.Allowed);
        Assert.Equal("cam1", decision.StreamName);
        Assert.Equal(created.Key.Id, decision.KeyId);
    }

    [Fact]
    public async Task KeysModeDeniesUnknownSecrets()
    {
        var created = _store.CreateStreamKey("cam1", null);

        var asStreamKey = await Authorize(PublishModes.Keys, Request("sk_" + new string('a', 32)));
        var asStreamName = await Authorize(PublishModes.Keys, Request("cam1"));
        var inQuery = await Authorize(PublishModes.Keys, Request("cam1", new Dictionary<string, string> { ["key"] = created.Secret + "x" }));

        foreach (var decision in new[] { asStreamKey, asStreamName, inQuery })
        {
            Assert.False(decision.Allowed);
            Assert.Null(decision.StreamName);
            Assert.Equal("Unknown or revoked stream key.", decision.Reason);
        }
    }

    [Fact]
    public async Task KeysModeDeniesRevokedSecrets()
    {
        var created = _store.CreateStreamKey("cam1", null);
        Assert.True((await Authorize(PublishModes.Keys, Request(created.Secret))).Allowed);
        Assert.True(_store.TryRevokeStreamKey(created.Key.Id, out _));

        var direct = await Authorize(PublishModes.Keys, Request(created.Secret));
        var inQuery = await Authorize(PublishModes.Keys, Request("cam1", new Dictionary<string, string> { ["key"] = created.Secret }));

        Assert.Equal(new PublishDecision(false, null, "Unknown or revoked stream key."), direct);
        Assert.Equal(new PublishDecision(false, null, "Unknown or revoked stream key."), inQuery);
    }

    [Theory]
    [InlineData(PublishModes.Open)]
    [InlineData(PublishModes.Keys)]
    public async Task DrainingDeniesEveryPublisher(string mode)
    {
        var created = _store.CreateStreamKey("cam1", null);
        Assert.True(_drain.Start());

        var decision = await Authorize(mode, Request(mode == PublishModes.Keys ? created.Secret : "cam1"));

        Assert.False(decision.Allowed);
        Assert.Null(decision.StreamName);
        Assert.Contains("draining", decision.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ModeChangesTakeEffectWithoutANewAuthorizer()
    {
        // The authorizer reads CurrentValue on each request, so switching to keys mode closes the open door at once.
        var options = new StaticOptionsMonitor(new PublishOptions { Mode = PublishModes.Open });
        var authorizer = new StreamKeyPublishAuthorizer(options, _store, _drain);
        Assert.True((await authorizer.AuthorizeAsync(Request("cam1"), CancellationToken.None)).Allowed);

        options.CurrentValue = new PublishOptions { Mode = PublishModes.Keys };

        var decision = await authorizer.AuthorizeAsync(Request("cam1"), CancellationToken.None);
        Assert.False(decision.Allowed);
        Assert.Equal("Unknown or revoked stream key.", decision.Reason);
    }

    private static PublishRequest Request(string streamKey, IReadOnlyDictionary<string, string>? query = null) =>
        new("live", streamKey, query ?? NoQuery, Encoder);

    private ValueTask<PublishDecision> Authorize(string mode, PublishRequest request) =>
        new StreamKeyPublishAuthorizer(new StaticOptionsMonitor(new PublishOptions { Mode = mode }), _store, _drain)
            .AuthorizeAsync(request, CancellationToken.None);

    private sealed class StaticOptionsMonitor(PublishOptions value) : IOptionsMonitor<PublishOptions>
    {
        public PublishOptions CurrentValue { get; set; } = value;

        public PublishOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<PublishOptions, string?> listener) => null;
    }
}
