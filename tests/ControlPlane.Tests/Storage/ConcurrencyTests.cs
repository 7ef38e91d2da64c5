using System.Collections.Concurrent;
using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;

namespace ControlPlane.Tests.Storage;

/// <summary>The store used from many threads at once.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    /// <summary>Deletes the temp directory.</summary>
    public void Dispose() => _directory.Dispose();

    /// <summary>8 threads creating 50 keys each end up with 400 distinct, findable keys.</summary>
    [Fact]
    public void ParallelCreates_AllLandAndAreDistinct()
    {
        const int Threads = 8;
        const int PerThread = 50;
        using var store = _directory.OpenStore();
        var created = new ConcurrentBag<CreatedStreamKey>();
        using var start = new Barrier(Threads);

        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                created.Add(store.CreateStreamKey($"cam{t}", $"key {i}"));
                // Interleave reads so readers and writers really overlap.
                if (i % 10 == 0)
                {
                    store.ListStreamKeys($"cam{t}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var listed = store.ListStreamKeys();
        Assert.Equal(Threads * PerThread, listed.Count);
        Assert.Equal(Threads * PerThread, listed.Select(k => k.Id).Distinct().Count());
        Assert.Equal(Threads * PerThread, created.Select(k => k.Secret).Distinct().Count());
        Assert.Equal(created.Select(k => k.Key.Id).Order(), listed.Select(k => k.Id).Order());
        Assert.All(Enumerable.Range(0, Threads), t => Assert.Equal(PerThread, store.ListStreamKeys($"cam{t}").Count));
        Assert.All(created.Take(20), k => Assert.Equal(k.Key, store.FindActiveKeyBySecret(k.Secret)));
    }
}
