using ControlPlane.Cluster;

namespace ControlPlane.Tests.Cluster;

public sealed class InMemoryStreamDirectoryTests
{
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AStreamIsFoundAtItsNodeUntilEitherEntryExpires()
    {
        var clock = new ManualClock();
        var directory = new InMemoryStreamDirectory(clock);
        await directory.AnnounceNodeAsync(Node("a"), Expiry, default);
        await directory.AnnounceStreamAsync("show", "a", Expiry, default);
        Assert.Equal("a", (await directory.FindOriginAsync("show", default))?.Id);

        // The node renews, the stream does not: the stream goes.
        clock.Advance(TimeSpan.FromSeconds(6));
        await directory.AnnounceNodeAsync(Node("a"), Expiry, default);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(await directory.FindOriginAsync("show", default));

        // The stream renews, the node does not (it died): the stream goes with it.
        await directory.AnnounceStreamAsync("show", "a", Expiry, default);
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Null(await directory.FindOriginAsync("show", default));
        Assert.Empty(await directory.NodesAsync(default));
    }

    [Fact]
    public async Task WithdrawingOnlyRemovesTheStreamFromItsOwnNode()
    {
        var directory = new InMemoryStreamDirectory(new ManualClock());
        await directory.AnnounceNodeAsync(Node("a"), Expiry, default);
        await directory.AnnounceNodeAsync(Node("b"), Expiry, default);
        await directory.AnnounceStreamAsync("show", "b", Expiry, default);

        Assert.Equal("b", await directory.AnnounceStreamAsync("show", "a", Expiry, default));
        await directory.WithdrawStreamAsync("show", "a", default);
        Assert.Equal("b", (await directory.FindOriginAsync("show", default))?.Id);
        await directory.WithdrawStreamAsync("show", "b", default);
        Assert.Null(await directory.FindOriginAsync("show", default));

        await directory.RemoveNodeAsync("a", default);
        Assert.Equal(["b"], (await directory.NodesAsync(default)).Select(n => n.Id));
    }

    private static NodeRecord Node(string id) => new(id, $"http://{id}:8080", $"http://{id}:8080", false, 0, 0, 0);

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
