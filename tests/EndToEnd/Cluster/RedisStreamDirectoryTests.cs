using ControlPlane.Cluster;
using EndToEnd.Infrastructure;

namespace EndToEnd.Cluster;

/// <summary>The Redis directory against Debian's redis-server: expiry, ownership, the node index, and a Redis restart.</summary>
public sealed class RedisStreamDirectoryTests
{
    [Fact]
    public async Task EntriesExpireAStreamGoesWithItsNodeAndOnlyTheOwnerWithdraws()
    {
        using var redis = await RedisProcess.StartAsync();
        await using var directory = await RedisStreamDirectory.ConnectAsync(redis.Configuration, "test:");
        await directory.AnnounceNodeAsync(Node("a", viewers: 7), TimeSpan.FromSeconds(1), default);
        await directory.AnnounceNodeAsync(Node("b"), TimeSpan.FromSeconds(30), default);
        await directory.AnnounceStreamAsync("show", "a", TimeSpan.FromSeconds(30), default);
        await directory.AnnounceStreamAsync("other", "b", TimeSpan.FromSeconds(30), default);

        var origin = await directory.FindOriginAsync("show", default);
        Assert.Equal(("a", 7, "http://a:8080"), (origin?.Id, origin?.Viewers, origin?.PublicUrl));
        Assert.Equal(["a", "b"], (await directory.NodesAsync(default)).Select(n => n.Id));

        // A stops renewing: after its expiry its stream is not found, though the stream key still exists.
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        Assert.Null(await directory.FindOriginAsync("show", default));
        Assert.Equal(["b"], (await directory.NodesAsync(default)).Select(n => n.Id));
        Assert.False(await redis.IsMemberAsync("test:nodes", "a"));

        // The first to claim a name keeps it: a second claimant is told who holds it and changes nothing.
        Assert.Equal("b", await directory.AnnounceStreamAsync("other", "c", TimeSpan.FromSeconds(30), default));
        Assert.Null(await directory.AnnounceStreamAsync("other", "b", TimeSpan.FromSeconds(30), default));
        Assert.Equal("b", (await directory.FindOriginAsync("other", default))?.Id);

        await directory.WithdrawStreamAsync("other", "a", default);
        Assert.Equal("b", (await directory.FindOriginAsync("other", default))?.Id);
        await directory.WithdrawStreamAsync("other", "b", default);
        Assert.Null(await directory.FindOriginAsync("other", default));
    }

    [Fact]
    public async Task ADirectoryThatRestartedEmptyIsRefilledByTheNextAnnouncements()
    {
        using var redis = await RedisProcess.StartAsync();
        await using var directory = await RedisStreamDirectory.ConnectAsync(redis.Configuration, "test:");
        await directory.AnnounceNodeAsync(Node("a"), TimeSpan.FromSeconds(30), default);
        await directory.AnnounceStreamAsync("show", "a", TimeSpan.FromSeconds(30), default);

        redis.Kill();
        await Assert.ThrowsAnyAsync<Exception>(() => directory.FindOriginAsync("show", default));
        await redis.RestartAsync();
        Assert.Null(await RetryAsync(() => directory.FindOriginAsync("show", default)));

        await RetryAsync(async () =>
        {
            await directory.AnnounceNodeAsync(Node("a"), TimeSpan.FromSeconds(30), default);
            await directory.AnnounceStreamAsync("show", "a", TimeSpan.FromSeconds(30), default);
            return (NodeRecord?)null;
        });
        Assert.Equal("a", (await directory.FindOriginAsync("show", default))?.Id);
    }

    private static NodeRecord Node(string id, int viewers = 0) => new(id, $"http://{id}:8080", $"http://{id}:8081", false, viewers, 0, 0);

    /// <summary>The client reconnects in the background after the restart; the first calls may still fail.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
