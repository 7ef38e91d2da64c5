using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Dtls;

/// <summary>Turns BouncyCastle handshake exceptions into reasons a log reader can act on.</summary>
internal static class DtlsFailureReason
{
    public static string Describe(Exception exception, DtlsSrtpServer server, TimeSpan timeout)
    {
        // Our own refusals (fingerprint, use_srtp, missing certificate) carry the most specific wording.
        if (server.FailureReason is { } ours)
        {
            return ours;
        }

        return exception switch
        {
            TlsTimeoutException => $"DTLS handshake timed out after {timeout.TotalSeconds:0.###} s",
            TlsFatalAlertReceived received => $"peer sent fatal alert {AlertDescription.GetText(received.AlertDescription)}",
            IOException when server.CloseNotifyReceived => "peer closed the connection during the handshake",
            _ => $"DTLS handshake failed: {exception.Message}",
        };
    }
}
