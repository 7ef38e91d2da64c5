using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Egress.WebRtc.Transport;

namespace Bench.Forwarding;

/// <summary>
/// The kernel's own cost of sending 1244-byte UDP datagrams on this machine, three ways: one <c>sendto</c> per
/// datagram (what the server does), 48 datagrams per <c>sendmmsg</c>, and 48 datagrams as one UDP GSO send
/// (one <c>UDP_SEGMENT</c> message through <c>sendmmsg</c>). The ceiling the forwarding path is compared against.
/// </summary>
/// <remarks>One operation is one datagram (OperationsPerInvoke = 48). Linux only.</remarks>
[MemoryDiagnoser]
public unsafe class KernelSendBenchmark
{
    private const int Batch = 48;
    private const int DatagramSize = 1244;

    private LoopbackReceiver _receiver = null!;
    private Socket _socket = null!;
    private SocketAddress _destination = null!;
    private byte[] _datagrams = null!;
    private GCHandle _pinned;
    private NativeIoVector* _vectors;
    private NativeMultiMessageHeader* _messages;

    [GlobalSetup]
    public void Setup()
    {
        _receiver = new LoopbackReceiver();
        _destination = _receiver.Address;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 4 << 20 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var endPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(_destination);
        _socket.Connect(endPoint);
        _datagrams = new byte[Batch * DatagramSize];
        Random.Shared.NextBytes(_datagrams);
        _pinned = GCHandle.Alloc(_datagrams, GCHandleType.Pinned);
        byte* data = (byte*)_pinned.AddrOfPinnedObject();

        _vectors = (NativeIoVector*)NativeMemory.AllocZeroed((nuint)(Batch * sizeof(NativeIoVector)));
        _messages = (NativeMultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(Batch * sizeof(NativeMultiMessageHeader)));
        for (int i = 0; i < Batch; i++)
        {
            _vectors[i] = new NativeIoVector { Base = data + (i * DatagramSize), Length = DatagramSize };
            _messages[i].Header.Vectors = &_vectors[i];
            _messages[i].Header.VectorCount = 1;
        }

    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _socket.Dispose();
        _receiver.Dispose();
        _pinned.Free();
    }

    /// <summary>One <c>sendto</c> per datagram, through .NET's <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public void Sendto()
    {
        for (int i = 0; i < Batch; i++)
        {
            _socket.SendTo(_datagrams.AsSpan(i * DatagramSize, DatagramSize), SocketFlags.None, _destination);
        }
    }

    /// <summary>48 datagrams per <c>sendmmsg</c> system call.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void Sendmmsg()
    {
        int sent = SendMultiple((int)_socket.Handle, _messages, Batch, 0);
        if (sent != Batch)
        {
            throw new InvalidOperationException($"sendmmsg sent {sent} of {Batch}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>48 datagrams as one UDP GSO send through the server's own <see cref="UdpSegmentSender"/>; the kernel segments them.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void UdpGso()
    {
        var run = new SegmentRun(0, _datagrams.Length, DatagramSize);
        if (UdpSegmentSender.TrySendRuns(_socket.Handle, _datagrams, new ReadOnlySpan<SegmentRun>(in run), _destination, out int errno) != 1)
        {
            throw new InvalidOperationException($"GSO send failed: errno {errno}");
        }
    }

    [DllImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static extern int SendMultiple(int socket, NativeMultiMessageHeader* messages, uint count, int flags);
}
