using Sfu.Core.Sessions;

namespace Sfu.Core.Tests.Sessions;

public sealed class SessionRegistryTests
{
    [Fact]
    public void AddRaisesSessionJoinedWithTheSession()
    {
        var registry = new SessionRegistry();
        var joined = new List<IMediaSession>();
        registry.SessionJoined += joined.Add;
        var session = new FakeSession("rtmp-1", SessionRole.Publisher, "cam1");

        registry.Add(session);

        Assert.Same(session, Assert.Single(joined));
        Assert.Equal(1, registry.Count);
        Assert.Same(session, Assert.Single(registry.Sessions));
    }

    [Fact]
    public void AddingADuplicateIdThrowsAndKeepsTheFirstSession()
    {
        var registry = new SessionRegistry();
        var first = new FakeSession("whep-1", SessionRole.Viewer, "cam1");
        registry.Add(first);
        var joined = 0;
        registry.SessionJoined += _ => joined++;

        var error = Assert.Throws<InvalidOperationException>(() => registry.Add(new FakeSession("whep-1", SessionRole.Viewer, "cam2")));

        Assert.Contains("whep-1", error.Message, StringComparison.Ordinal);
        // A refused duplicate must not announce itself nor replace the session already registered.
        Assert.Equal(0, joined);
        Assert.True(registry.TryGet("whep-1", out var found));
        Assert.Same(first, found);
    }

    [Fact]
    public void RemoveRaisesSessionLeftOnceWithTheReason()
    {
        var registry = new SessionRegistry();
        var session = new FakeSession("whep-2", SessionRole.Viewer, "cam1");
        registry.Add(session);
        var left = new List<(IMediaSession Session, string Reason)>();
        registry.SessionLeft += (s, reason) => left.Add((s, reason));

        Assert.True(registry.Remove(session, "ICE consent expired"));
        Assert.False(registry.Remove(session, "closed again"));

        var (removed, why) = Assert.Single(left);
        Assert.Same(session, removed);
        Assert.Equal("ICE consent expired", why);
        Assert.Equal(0, registry.Count);
        Assert.False(registry.TryGet("whep-2", out _));
    }

    [Fact]
    public void RemovingAStaleSessionDoesNotRemoveANewOneWithTheSameId()
    {
        // Ids can be reused once a session is gone; a late Remove from the old one must not end its successor.
        var registry = new SessionRegistry();
        var old = new FakeSession("rtmp-7", SessionRole.Publisher, "cam1");
        registry.Add(old);
        Assert.True(registry.Remove(old, "disconnected"));
        var successor = new FakeSession("rtmp-7", SessionRole.Publisher, "cam1");
        registry.Add(successor);
        var left = 0;
        registry.SessionLeft += (_, _) => left++;

        Assert.False(registry.Remove(old, "disconnected"));

        Assert.Equal(0, left);
        Assert.True(registry.TryGet("rtmp-7", out var found));
        Assert.Same(successor, found);
    }

    [Fact]
    public void CountOfCountsByRoleAndOptionallyByStream()
    {
        var registry = new SessionRegistry();
        registry.Add(new FakeSession("p1", SessionRole.Publisher, "cam1"));
        registry.Add(new FakeSession("p2", SessionRole.Publisher, "cam2"));
        registry.Add(new FakeSession("v1", SessionRole.Viewer, "cam1"));
        registry.Add(new FakeSession("v2", SessionRole.Viewer, "cam1"));
        registry.Add(new FakeSession("v3", SessionRole.Viewer, "cam2"));

        Assert.Equal(2, registry.CountOf(SessionRole.Publisher));
        Assert.Equal(3, registry.CountOf(SessionRole.Viewer));
        Assert.Equal(2, registry.CountOf(SessionRole.Viewer, "cam1"));
        Assert.Equal(1, registry.CountOf(SessionRole.Viewer, "cam2"));
        Assert.Equal(1, registry.CountOf(SessionRole.Publisher, "cam1"));
        Assert.Equal(0, registry.CountOf(SessionRole.Viewer, "cam3"));
        // Stream names are case-sensitive.
        Assert.Equal(0, registry.CountOf(SessionRole.Viewer, "CAM1"));
    }

    [Fact]
    public void TryGetFindsOnlyRegisteredIds()
    {
        var registry = new SessionRegistry();
        var session = new FakeSession("whep-abc", SessionRole.Viewer, "cam1");
        registry.Add(session);

        Assert.True(registry.TryGet("whep-abc", out var found));
        Assert.Same(session, found);
        Assert.False(registry.TryGet("WHEP-ABC", out var missing));
        Assert.Null(missing);
        Assert.False(registry.TryGet("whep-xyz", out _));
    }

    private sealed class FakeSession(string id, SessionRole role, string stream) : IMediaSession
    {
        public string Id => id;

        public SessionRole Role => role;

        public string Protocol => role == SessionRole.Publisher ? "rtmp" : "whep";

        public string StreamName => stream;

        public string RemoteAddress => "192.0.2.1:5000";

        public DateTimeOffset StartedAt { get; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public string? KeyId => null;

        public SessionSnapshot Snapshot() => new();

        public void Close(string reason)
        {
        }
    }
}
