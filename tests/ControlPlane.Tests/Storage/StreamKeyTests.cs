using System.Text;
using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;

namespace ControlPlane.Tests.Storage;

/// <summary>Creating, listing, finding and revoking stream keys.</summary>
public sealed class StreamKeyTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly SfuStore _store;

    /// <summary>Opens a store in a fresh temp directory.</summary>
    public StreamKeyTests() => _store = _directory.OpenStore();

    /// <summary>Closes the store and deletes its files.</summary>
    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    /// <summary>A new key has the documented shapes and is listed without its secret.</summary>
    [Fact]
    public void Create_ReturnsSecretOnceAndListsKeyWithHint()
    {
        var created = _store.CreateStreamKey("cam1", "studio A");

        Assert.StartsWith("sk_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(35, created.Secret.Length);
        Assert.Matches("^key_[0-9a-f]{12}$", created.Key.Id);
        Assert.Equal(created.Secret[^4..], created.Key.SecretHint);
        Assert.True(created.Key.IsActive);
        Assert.DoesNotContain(created.Secret, created.ToString(), StringComparison.Ordinal);

        var listed = Assert.Single(_store.ListStreamKeys());
        Assert.Equal(created.Key, listed);
        Assert.Equal("cam1", listed.Stream);
        Assert.Equal("studio A", listed.Label);
        Assert.DoesNotContain(created.Secret, listed.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The secret leads back to its key; near misses do not.</summary>
    [Fact]
    public void FindActiveKeyBySecret_FindsOnlyTheExactSecret()
    {
        var created = _store.CreateStreamKey("cam1", null);

        Assert.Equal(created.Key, _store.FindActiveKeyBySecret(created.Secret));
        Assert.Null(_store.FindActiveKeyBySecret(created.Secret[..^1] + (created.Secret[^1] == 'a' ? 'b' : 'a')));
        Assert.Null(_store.FindActiveKeyBySecret(created.Secret.ToUpperInvariant()));
        Assert.Null(_store.FindActiveKeyBySecret(""));
        Assert.Null(_store.FindActiveKeyBySecret("sk_"));
    }

    /// <summary>Revoking hides the key from lookups and default listings, and only works once.</summary>
    [Fact]
    public void Revoke_DisablesKeyAndSecondRevokeFails()
    {
        var keep = _store.CreateStreamKey("cam1", "keep");
        var drop = _store.CreateStreamKey("cam1", "drop");

        Assert.True(_store.TryRevokeStreamKey(drop.Key.Id, out var revoked));
        Assert.Equal(drop.Key.Id, revoked.Id);
        Assert.NotNull(revoked.RevokedAt);
        Assert.False(revoked.IsActive);

        Assert.Null(_store.FindActiveKeyBySecret(drop.Secret));
        Assert.NotNull(_store.FindActiveKeyBySecret(keep.Secret));
        Assert.Equal([keep.Key.Id], _store.ListStreamKeys().Select(k => k.Id));
        Assert.Equal([keep.Key.Id, drop.Key.Id], _store.ListStreamKeys(includeRevoked: true).Select(k => k.Id));
        Assert.Equal(revoked, _store.ListStreamKeys(includeRevoked: true)[1]);

        Assert.False(_store.TryRevokeStreamKey(drop.Key.Id, out var again));
        Assert.Null(again);
        Assert.False(_store.TryRevokeStreamKey("key_000000000000", out _));
    }

    /// <summary>Listing by stream returns only that stream's keys, oldest first.</summary>
    [Fact]
    public void List_FiltersByStream()
    {
        var a1 = _store.CreateStreamKey("a", null);
        _store.CreateStreamKey("b", null);
        var a2 = _store.CreateStreamKey("a", null);

        Assert.Equal([a1.Key.Id, a2.Key.Id], _store.ListStreamKeys("a").Select(k => k.Id));
        Assert.Empty(_store.ListStreamKeys("c"));
        Assert.Equal(3, _store.ListStreamKeys().Count);
    }

    /// <summary>Neither the database file nor its write-ahead log ever holds a secret, only its hash.</summary>
    [Fact]
    public void DatabaseFiles_NeverContainTheSecret()
    {
        var created = Enumerable.Range(0, 5).Select(i => _store.CreateStreamKey($"cam{i}", $"label {i}")).ToList();
        var hash = StreamKeySecrets.Hash(created[0].Secret);

        var whileOpen = RawFile.ReadShared(_store.DatabasePath).Concat(RawFile.ReadShared(_store.DatabasePath + "-wal")).ToArray();
        // Proves the bytes read are the real data, so the absence checks below are not vacuous.
        Assert.True(RawFile.Contains(whileOpen, hash));
        foreach (var key in created)
        {
            Assert.False(RawFile.Contains(whileOpen, Encoding.UTF8.GetBytes(key.Secret)));
        }

        _store.Dispose();
        var afterClose = RawFile.ReadShared(_store.DatabasePath).Concat(RawFile.ReadShared(_store.DatabasePath + "-wal")).ToArray();
        Assert.True(RawFile.Contains(afterClose, hash));
        foreach (var key in created)
        {
            Assert.False(RawFile.Contains(afterClose, Encoding.UTF8.GetBytes(key.Secret)));
        }
    }

    /// <summary>Timestamps come from the injected clock.</summary>
    [Fact]
    public void Timestamps_UseTheInjectedClock()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var directory = new TempDirectory();
        using var store = directory.OpenStore(clock);

        var created = store.CreateStreamKey("cam1", null);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(store.TryRevokeStreamKey(created.Key.Id, out var revoked));

        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), created.Key.CreatedAt);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 9, 5, TimeSpan.Zero), revoked.RevokedAt);
    }
}
