using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;

namespace ControlPlane.Tests.Storage;

/// <summary>Bad inputs are refused with an ArgumentException that says what is wrong.</summary>
public sealed class InputValidationTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly SfuStore _store;

    /// <summary>Opens a store in a fresh temp directory.</summary>
    public InputValidationTests() => _store = _directory.OpenStore();

    /// <summary>Stream names that break the rules, with a fragment the error message must contain.</summary>
    public static TheoryData<string, string> BadStreamNames => new()
    {
        { "", "1 to 200" },
        { new string('x', 201), "1 to 200" },
        { "a/b", "'/'" },
        { "a\nb", "control" },
        { "a\0b", "control" },
        { "\u007f", "control" },
    };

    /// <summary>Closes the store and deletes its files.</summary>
    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    /// <summary>Every operation taking a stream name refuses bad ones.</summary>
    [Theory]
    [MemberData(nameof(BadStreamNames))]
    public void BadStreamName_IsRefusedEverywhere(string stream, string messageFragment)
    {
        AssertRefused(() => _store.CreateStreamKey(stream, null), messageFragment);
        AssertRefused(() => _store.ListStreamKeys(stream), messageFragment);
        AssertRefused(() => _store.GetStreamSettings(stream), messageFragment);
        AssertRefused(() => _store.SetStreamSettings(new StreamSettings { Stream = stream }), messageFragment);
        Assert.Empty(_store.ListStreamKeys());
    }

    /// <summary>Names at the limits, including non-ASCII ones, are accepted.</summary>
    [Theory]
    [InlineData("a")]
    [InlineData("live stream #1")]
    [InlineData("ストリーム")]
    public void GoodStreamName_IsAccepted(string stream)
    {
        var created = _store.CreateStreamKey(stream, null);
        Assert.Equal(stream, _store.FindActiveKeyBySecret(created.Secret)?.Stream);
        _store.CreateStreamKey(new string('x', 200), new string('y', 200));
    }

    /// <summary>Nulls and oversized labels are refused.</summary>
    [Fact]
    public void NullsAndLongLabels_AreRefused()
    {
        Assert.ThrowsAny<ArgumentException>(() => _store.CreateStreamKey(null!, null));
        AssertRefused(() => _store.CreateStreamKey("cam1", new string('x', 201)), "Label");
        Assert.ThrowsAny<ArgumentException>(() => _store.FindActiveKeyBySecret(null!));
        Assert.ThrowsAny<ArgumentException>(() => _store.TryRevokeStreamKey(null!, out _));
        Assert.ThrowsAny<ArgumentException>(() => _store.SetStreamSettings(null!));
    }

    /// <summary>Secret names and sizes outside the allowed range are refused.</summary>
    [Fact]
    public void BadSecretRequests_AreRefused()
    {
        AssertRefused(() => _store.GetOrCreateSecret("", 32), "Secret name");
        Assert.ThrowsAny<ArgumentException>(() => _store.GetOrCreateSecret("s", 0));
        Assert.ThrowsAny<ArgumentException>(() => _store.GetOrCreateSecret("s", SfuStore.MaxSecretBytes + 1));
    }

    /// <summary>A disposed store refuses further use instead of silently reopening the file.</summary>
    [Fact]
    public void DisposedStore_Throws()
    {
        _store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _store.ListStreamKeys());
    }

    private static void AssertRefused(Action action, string messageFragment)
    {
        var error = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Contains(messageFragment, error.Message, StringComparison.Ordinal);
    }
}
