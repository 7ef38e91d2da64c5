using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Sfu.Admin.V1;

namespace EndToEnd.Infrastructure;

/// <summary>A gRPC channel to a server's admin port, as an operator's tool opens it, optionally with an API key.</summary>
public sealed class AdminApi : IDisposable
{
    private readonly GrpcChannel _channel;

    /// <summary>Opens a channel to <paramref name="server"/>; <paramref name="apiKey"/> goes as <c>authorization: Bearer</c>.</summary>
    public AdminApi(ServerUnderTest server, string? apiKey = null)
    {
        _channel = GrpcChannel.ForAddress(server.GrpcBase);
        Invoker = apiKey is null
            ? _channel.CreateCallInvoker()
            : _channel.CreateCallInvoker().Intercept(metadata =>
            {
                metadata.Add("authorization", "Bearer " + apiKey);
                return metadata;
            });
        Client = new SfuAdmin.SfuAdminClient(Invoker);
    }

    /// <summary>The call invoker (for the health and reflection clients).</summary>
    public CallInvoker Invoker { get; }

    /// <summary>The admin API client.</summary>
    public SfuAdmin.SfuAdminClient Client { get; }

    /// <summary>Runs a call that must fail, returning its status code and message.</summary>
    public static async Task<Status> FailureOf(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        return ex.Status;
    }

    /// <inheritdoc/>
    public void Dispose() => _channel.Dispose();
}
