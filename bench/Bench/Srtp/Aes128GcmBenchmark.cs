using BenchmarkDotNet.Attributes;
using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Bench.Srtp;

/// <summary>Sealing one 1200-byte RTP payload with a 12-byte header as AAD: the platform's AesGcm against AES-NI/PCLMULQDQ.</summary>
[MemoryDiagnoser]
public class Aes128GcmBenchmark
{
    private readonly byte[] _key = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _aad = new byte[12];
    private readonly byte[] _data = new byte[1200];
    private readonly byte[] _tag = new byte[16];
    private Aes128Gcm _gcm = null!;

    /// <summary>Which implementation seals: the platform's (OpenSSL) or the managed one on CPU intrinsics.</summary>
    [Params("Platform", "Hardware")]
    public string Implementation { get; set; } = "Hardware";

    [GlobalSetup]
    public void GlobalSetup()
    {
        Random.Shared.NextBytes(_key);
        Random.Shared.NextBytes(_nonce);
        Random.Shared.NextBytes(_data);
        _gcm = Implementation == "Platform" ? new PlatformAes128Gcm(_key) : new X86Aes128Gcm(_key);
    }

    [GlobalCleanup]
    public void GlobalCleanup() => _gcm.Dispose();

    [Benchmark]
    public void Seal()
    {
        _nonce[11]++;
        _gcm.Encrypt(_nonce, _data, _tag, _aad);
    }

    [Benchmark]
    public bool Open()
    {
        // Opening fails (the data was not sealed with this tag) after the whole tag computation, the work a genuine
        // packet costs minus the keystream pass; the platform pays an exception here, so compare Seal first.
        return _gcm.TryDecrypt(_nonce, _data, _tag, _aad);
    }
}
