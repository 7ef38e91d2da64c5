using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;

namespace ControlPlane.Tests.Storage;

/// <summary>Named server secrets created once and then stable.</summary>
public sealed class ServerSecretTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly SfuStore _store;

    /// <summary>Opens a store in a fresh temp directory.</summary>
    public ServerSecretTests() => _store = _directory.OpenStore();

    /// <summary>Closes the store and deletes its files.</summary>
    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    /// <summary>The same name yields the same bytes; different names yield different bytes.</summary>
    [Fact]
    public void GetOrCreate_IsStablePerName()
    {
        var first = _store.GetOrCreateSecret("play-token", 32);
        var second = _store.GetOrCreateSecret("play-token", 32);
        var other = _store.GetOrCreateSecret("other", 32);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    /// <summary>Asking for an existing secret with another size is refused rather than silently answered.</summary>
    [Fact]
    public void GetOrCreate_WithDifferentSize_Throws()
    {
        _store.GetOrCreateSecret("play-token", 32);

        var error = Assert.Throws<InvalidOperationException>(() => _store.GetOrCreateSecret("play-token", 64));
        Assert.Contains("32 bytes", error.Message, StringComparison.Ordinal);
    }
}
