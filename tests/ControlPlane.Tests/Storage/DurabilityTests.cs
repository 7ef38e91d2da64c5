using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;

namespace ControlPlane.Tests.Storage;

/// <summary>What was acknowledged is still there after closing, reopening or crashing.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    /// <summary>Deletes the temp directory.</summary>
    public void Dispose() => _directory.Dispose();

    /// <summary>Keys, revocations, settings and secrets survive closing and reopening the store.</summary>
    [Fact]
    public void Reopen_SeesEverythingWritten()
    {
        CreatedStreamKey active, revoked;
        byte[] secret;
        IReadOnlyList<StreamKeyRecord> keysBefore;
        using (var store = _directory.OpenStore())
        {
            active = store.CreateStreamKey("cam1", "front");
            revoked = store.CreateStreamKey("cam2", null);
            Assert.True(store.TryRevokeStreamKey(revoked.Key.Id, out _));
            store.SetStreamSettings(new StreamSettings { Stream = "cam1", IsPrivate = true });
            secret = store.GetOrCreateSecret("play-token", 32);
            keysBefore = store.ListStreamKeys(includeRevoked: true);
        }

        using (var reopened = _directory.OpenStore())
        {
            Assert.Equal(keysBefore, reopened.ListStreamKeys(includeRevoked: true));
            Assert.Equal(active.Key, reopened.FindActiveKeyBySecret(active.Secret));
            Assert.Null(reopened.FindActiveKeyBySecret(revoked.Secret));
            Assert.True(reopened.GetStreamSettings("cam1").IsPrivate);
            Assert.Equal(secret, reopened.GetOrCreateSecret("play-token", 32));
        }
    }

    /// <summary>A copy of the files taken while the store is still open (as a crash would leave them) holds every acknowledged write.</summary>
    [Fact]
    public void CrashImage_TakenWhileOpen_HoldsAcknowledgedWrites()
    {
        using var crashed = new TempDirectory();
        var copyPath = crashed.DatabasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(copyPath)!);

        using var store = _directory.OpenStore();
        var key = store.CreateStreamKey("cam1", null);
        store.SetStreamSettings(new StreamSettings { Stream = "cam1", IsPrivate = true });
        var secret = store.GetOrCreateSecret("play-token", 32);

        // Without a clean close the recent commits live only in the -wal file; the copy skips -shm
        // exactly as a reboot would, forcing SQLite to rebuild its index from the log.
        File.WriteAllBytes(copyPath, RawFile.ReadShared(store.DatabasePath));
        File.WriteAllBytes(copyPath + "-wal", RawFile.ReadShared(store.DatabasePath + "-wal"));

        using var recovered = new SfuStore(copyPath);
        Assert.Equal(key.Key, recovered.FindActiveKeyBySecret(key.Secret));
        Assert.True(recovered.GetStreamSettings("cam1").IsPrivate);
        Assert.Equal(secret, recovered.GetOrCreateSecret("play-token", 32));
    }

    /// <summary>Two stores on one file, racing from several threads, agree on every secret.</summary>
    [Fact]
    public void GetOrCreateSecret_RacingStoresOnOneFile_AgreeOnBytes()
    {
        const int Threads = 4;
        const int Names = 20;
        using var first = _directory.OpenStore();
        using var second = _directory.OpenStore();
        var results = new byte[Threads][][];
        using var start = new Barrier(Threads);

        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var store = t % 2 == 0 ? first : second;
            results[t] = new byte[Names][];
            start.SignalAndWait();
            for (var n = 0; n < Names; n++)
            {
                results[t][n] = store.GetOrCreateSecret($"secret-{n}", 32);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (var n = 0; n < Names; n++)
        {
            for (var t = 1; t < Threads; t++)
            {
                Assert.Equal(results[0][n], results[t][n]);
            }
        }

        using var reopened = _directory.OpenStore();
        Assert.Equal(results[0][0], reopened.GetOrCreateSecret("secret-0", 32));
    }
}
