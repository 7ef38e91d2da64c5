using System.Net;
using System.Net.Sockets;

namespace Egress.WebRtc.Stun;

/// <summary>One-call writers for the Binding messages an ICE-lite server sends, plus Binding requests for checks and tests.</summary>
public static class StunBinding
{
    /// <summary>Upper bound of a success response: header, IPv6 XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT.</summary>
    public const int MaxSuccessResponseLength = StunMessage.HeaderLength + 24 + 24 + 8;

    /// <summary>Upper bound of an error response written by <see cref="WriteErrorResponse"/>.</summary>
    public const int MaxErrorResponseLength = StunMessage.HeaderLength + 4 + 24 + 24 + 8;

    /// <summary>Upper bound of a request whose USERNAME is at most 513 bytes.</summary>
    public const int MaxRequestLength = StunMessage.HeaderLength + 4 + 516 + 8 + 12 + 4 + 24 + 8;

    /// <summary>Writes a Binding success response echoing <paramref name="transactionId"/> and mapping the datagram sender.</summary>
    /// <param name="destination">At least <see cref="MaxSuccessResponseLength"/> bytes.</param>
    /// <param name="transactionId">The request's transaction id.</param>
    /// <param name="remote">The request's source address as returned by Socket.ReceiveFrom.</param>
    /// <param name="integrityKey">Our ICE password as UTF-8 (short-term credential key).</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteSuccessResponse(Span<byte> destination, ReadOnlySpan<byte> transactionId, SocketAddress remote, ReadOnlySpan<byte> integrityKey)
    {
        var writer = new StunMessageWriter(destination, StunMessageType.BindingSuccessResponse, transactionId);
        writer.AddXorMappedAddress(remote);
        return Seal(ref writer, integrityKey);
    }

    /// <summary>Writes a Binding success response for an <see cref="IPEndPoint"/> sender.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int WriteSuccessResponse(Span<byte> destination, ReadOnlySpan<byte> transactionId, IPEndPoint remote, ReadOnlySpan<byte> integrityKey)
    {
        var writer = new StunMessageWriter(destination, StunMessageType.BindingSuccessResponse, transactionId);
        writer.AddXorMappedAddress(remote);
        return Seal(ref writer, integrityKey);
    }

    /// <summary>Writes a Binding error response with ERROR-CODE and FINGERPRINT.</summary>
    /// <param name="destination">At least <see cref="MaxErrorResponseLength"/> bytes.</param>
    /// <param name="transactionId">The request's transaction id.</param>
    /// <param name="error">400 and 401 go out unauthenticated; 487 answers an authenticated request.</param>
    /// <param name="integrityKey">Empty to omit MESSAGE-INTEGRITY, which RFC 8489 §6.3.4 requires when the request failed authentication.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteErrorResponse(Span<byte> destination, ReadOnlySpan<byte> transactionId, StunErrorCode error, ReadOnlySpan<byte> integrityKey)
    {
        var writer = new StunMessageWriter(destination, StunMessageType.BindingErrorResponse, transactionId);
        writer.AddErrorCode(error);
        return Seal(ref writer, integrityKey);
    }

    /// <summary>Writes an ICE connectivity-check Binding request (RFC 8445 §7.2.2).</summary>
    /// <param name="destination">At least <see cref="MaxRequestLength"/> bytes.</param>
    /// <param name="transactionId">A fresh random id (see <see cref="StunMessageWriter.GenerateTransactionId"/>).</param>
    /// <param name="username">"remoteUfrag:localUfrag" as UTF-8.</param>
    /// <param name="integrityKey">The remote agent's ICE password as UTF-8.</param>
    /// <param name="priority">The prflx priority of the sending candidate.</param>
    /// <param name="controlling">True for ICE-CONTROLLING, false for ICE-CONTROLLED.</param>
    /// <param name="tieBreaker">The agent's 64-bit role tie-breaker.</param>
    /// <param name="useCandidate">Whether to nominate this pair.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteRequest(
        Span<byte> destination,
        ReadOnlySpan<byte> transactionId,
        ReadOnlySpan<byte> username,
        ReadOnlySpan<byte> integrityKey,
        uint priority,
        bool controlling,
        ulong tieBreaker,
        bool useCandidate)
    {
        var writer = new StunMessageWriter(destination, StunMessageType.BindingRequest, transactionId);
        writer.AddUsername(username);
        writer.AddPriority(priority);
        if (controlling)
        {
            writer.AddIceControlling(tieBreaker);
        }
        else
        {
            writer.AddIceControlled(tieBreaker);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        return Seal(ref writer, integrityKey);
    }

    private static int Seal(ref StunMessageWriter writer, ReadOnlySpan<byte> integrityKey)
    {
        if (!integrityKey.IsEmpty)
        {
            writer.AddMessageIntegrity(integrityKey);
        }

        writer.AddFingerprint();
        return writer.Length;
    }
}
