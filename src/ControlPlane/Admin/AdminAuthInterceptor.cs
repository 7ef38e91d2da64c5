using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace ControlPlane.Admin;

/// <summary>
/// Applies <see cref="AdminAccess"/> to every gRPC call except the standard health service, which Kubernetes probes
/// call without credentials.
/// </summary>
public sealed class AdminAuthInterceptor : Interceptor
{
    private const string HealthService = "/grpc.health.v1.Health/";

    private readonly IOptionsMonitor<AdminOptions> _options;

    /// <summary>Creates the interceptor.</summary>
    public AdminAuthInterceptor(IOptionsMonitor<AdminOptions> options)
    {
        _options = options;
    }

    /// <inheritdoc/>
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    /// <inheritdoc/>
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    /// <inheritdoc/>
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    /// <inheritdoc/>
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        if (context.Method.StartsWith(HealthService, StringComparison.Ordinal))
        {
            return;
        }

        var http = context.GetHttpContext();
        var refusal = AdminAccess.Check(_options.CurrentValue.ApiKey, http.Request.Headers.Authorization.ToString(), http.Connection.RemoteIpAddress);
        if (refusal is { } status)
        {
            throw new RpcException(status);
        }
    }
}
