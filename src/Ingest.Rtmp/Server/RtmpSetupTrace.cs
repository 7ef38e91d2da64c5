using Sfu.Core.Stats;

namespace Ingest.Rtmp.Server;

/// <summary>An RTMP publisher's setup as a trace: TCP accept → handshake → connect → publish → first keyframe.</summary>
internal sealed class RtmpSetupTrace
{
    private readonly SetupTrace _trace = new("rtmp.publish.setup");
    private bool _connected;

    public void HandshakeDone() => _trace.Step("rtmp.handshake");

    public void Connected(string? tcUrl)
    {
        _connected = true;
        // Without the query: encoders are sometimes given the publish key there, and traces leave the server.
        _trace.Tag("rtmp.tc_url", tcUrl?.Split('?')[0]);
        _trace.Step("rtmp.connect");
    }

    public void Publishing(string stream, string? remote)
    {
        _trace.Tag("sfu.stream", stream);
        _trace.Tag("client.address", remote);
        _trace.Step("rtmp.publish");
    }

    public void FirstKeyframe()
    {
        _trace.Step("rtmp.first_keyframe");
        _trace.Complete();
    }

    public bool WaitingForKeyframe => !_trace.IsFinished;

    /// <summary>The connection ended; a setup that got as far as <c>connect</c> but not to media is traced as failed.</summary>
    public void Finish(string reason)
    {
        if (_connected)
        {
            _trace.Fail(reason);
        }
    }
}
