using System.Text.Json;
using StackExchange.Redis;

namespace ControlPlane.Cluster;

/// <summary>
/// The cluster's directory in Redis: <c>{prefix}node:{id}</c> holds a node's record, <c>{prefix}stream:{name}</c> the
/// id of the node that holds the stream, each with a time-to-live the owner renews; <c>{prefix}nodes</c> lists ids.
/// A stream whose node entry expired is not found, so a dead node's streams vanish with it.
/// </summary>
public sealed class RedisStreamDirectory : IStreamDirectory, IAsyncDisposable
{
    // Delete only when the stream is still this node's: another node may have taken the name over since.
    private const string WithdrawScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    // Claim or renew a name unless another node holds it; returns the holder.
    private const string AnnounceScript =
        "local holder = redis.call('GET', KEYS[1]) if holder == false or holder == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return ARGV[1] end return holder";

    private readonly ConnectionMultiplexer _redis;
    private readonly string _prefix;

    private RedisStreamDirectory(ConnectionMultiplexer redis, string prefix)
    {
        _redis = redis;
        _prefix = prefix;
    }

    /// <summary>Connects; Redis being down at start is not fatal (the client keeps reconnecting in the background).</summary>
    public static async Task<RedisStreamDirectory> ConnectAsync(string configuration, string prefix)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        var redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        return new RedisStreamDirectory(redis, prefix);
    }

    /// <summary>Whether the client is connected now.</summary>
    public bool IsConnected => _redis.IsConnected;

    private IDatabase Database => _redis.GetDatabase();

    /// <inheritdoc/>
    public async Task AnnounceNodeAsync(NodeRecord node, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(node, ClusterJson.Options);
        var batch = Database.CreateBatch();
        var set = batch.StringSetAsync(NodeKey(node.Id), json, expiry);
        var add = batch.SetAddAsync(NodesKey, node.Id);
        batch.Execute();
        await Task.WhenAll(set, add).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task RemoveNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        var batch = Database.CreateBatch();
        var delete = batch.KeyDeleteAsync(NodeKey(nodeId));
        var remove = batch.SetRemoveAsync(NodesKey, nodeId);
        batch.Execute();
        await Task.WhenAll(delete, remove).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<string?> AnnounceStreamAsync(string stream, string nodeId, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var holder = await Database.ScriptEvaluateAsync(AnnounceScript, [StreamKey(stream)], [nodeId, (long)expiry.TotalMilliseconds])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        string? id = holder.ToString();
        return id == nodeId ? null : id;
    }

    /// <inheritdoc/>
    public Task WithdrawStreamAsync(string stream, string nodeId, CancellationToken cancellationToken) =>
        Database.ScriptEvaluateAsync(WithdrawScript, [StreamKey(stream)], [nodeId]).WaitAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<NodeRecord?> FindOriginAsync(string stream, CancellationToken cancellationToken)
    {
        var nodeId = await Database.StringGetAsync(StreamKey(stream)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (nodeId.IsNullOrEmpty)
        {
            return null;
        }

        var json = await Database.StringGetAsync(NodeKey(nodeId.ToString())).WaitAsync(cancellationToken).ConfigureAwait(false);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<NodeRecord>(json.ToString(), ClusterJson.Options);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<NodeRecord>> NodesAsync(CancellationToken cancellationToken)
    {
        var ids = await Database.SetMembersAsync(NodesKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Length == 0)
        {
            return [];
        }

        var records = await Database.StringGetAsync([.. ids.Select(id => (RedisKey)NodeKey(id.ToString()))]).WaitAsync(cancellationToken).ConfigureAwait(false);
        var live = new List<NodeRecord>();
        var expired = new List<RedisValue>();
        for (int i = 0; i < ids.Length; i++)
        {
            if (records[i].IsNullOrEmpty)
            {
                // Expired: the node stopped renewing. Tidy the index so it does not grow with every node ever seen.
                expired.Add(ids[i]);
                continue;
            }

            if (JsonSerializer.Deserialize<NodeRecord>(records[i].ToString(), ClusterJson.Options) is { } node)
            {
                live.Add(node);
            }
        }

        if (expired.Count > 0)
        {
            await Database.SetRemoveAsync(NodesKey, [.. expired]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return [.. live.OrderBy(n => n.Id, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    private string NodesKey => _prefix + "nodes";

    private string NodeKey(string id) => $"{_prefix}node:{id}";

    private string StreamKey(string stream) => $"{_prefix}stream:{stream}";
}

/// <summary>JSON settings for directory records.</summary>
internal static class ClusterJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
