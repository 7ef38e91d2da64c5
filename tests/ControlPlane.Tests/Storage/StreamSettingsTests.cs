using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;

namespace ControlPlane.Tests.Storage;

/// <summary>Reading and writing per-stream settings.</summary>
public sealed class StreamSettingsTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly SfuStore _store;

    /// <summary>Opens a store in a fresh temp directory.</summary>
    public StreamSettingsTests() => _store = _directory.OpenStore();

    /// <summary>Closes the store and deletes its files.</summary>
    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    /// <summary>A stream nobody configured is public.</summary>
    [Fact]
    public void Get_UnknownStream_ReturnsPublicDefault()
    {
        Assert.Equal(new StreamSettings { Stream = "cam1", IsPrivate = false }, _store.GetStreamSettings("cam1"));
        Assert.Empty(_store.ListStreamSettings());
    }

    /// <summary>Set stores and later sets overwrite.</summary>
    [Fact]
    public void Set_StoresAndOverwrites()
    {
        _store.SetStreamSettings(new StreamSettings { Stream = "b", IsPrivate = true });
        _store.SetStreamSettings(new StreamSettings { Stream = "a", IsPrivate = true });
        _store.SetStreamSettings(new StreamSettings { Stream = "a", IsPrivate = false });

        Assert.False(_store.GetStreamSettings("a").IsPrivate);
        Assert.True(_store.GetStreamSettings("b").IsPrivate);
        Assert.Equal(
            [new StreamSettings { Stream = "a" }, new StreamSettings { Stream = "b", IsPrivate = true }],
            _store.ListStreamSettings());
    }

    [Fact]
    public void PlayoutDelayIsStoredValidatedAndClearedWithTheSettings()
    {
        using var directory = new TempDirectory();
        using (var store = directory.OpenStore())
        {
            store.SetStreamSettings(new StreamSettings { Stream = "calm", PlayoutDelay = new Sfu.Core.Media.PlayoutDelay(300, 500) });
            Assert.Throws<ArgumentException>(() => store.SetStreamSettings(new StreamSettings { Stream = "bad", PlayoutDelay = new Sfu.Core.Media.PlayoutDelay(600, 500) }));
            Assert.Throws<ArgumentException>(() => store.SetStreamSettings(new StreamSettings { Stream = "bad", PlayoutDelay = new Sfu.Core.Media.PlayoutDelay(0, 50_000) }));
        }

        using (var reopened = directory.OpenStore())
        {
            Assert.Equal(new Sfu.Core.Media.PlayoutDelay(300, 500), reopened.GetStreamSettings("calm").PlayoutDelay);
            Assert.Equal(new Sfu.Core.Media.PlayoutDelay(300, 500), Assert.Single(reopened.ListStreamSettings()).PlayoutDelay);
            reopened.SetStreamSettings(new StreamSettings { Stream = "calm", IsPrivate = true });
            Assert.Null(reopened.GetStreamSettings("calm").PlayoutDelay);
            Assert.True(reopened.GetStreamSettings("calm").IsPrivate);
        }
    }
}
