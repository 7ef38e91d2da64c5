using System.Diagnostics;
using Egress.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Tests.Dtls;

[Collection(DtlsHandshakeCollection.Name)]
public sealed class DtlsConcurrencyTests
{
    [Fact]
    public async Task TwentyConcurrentHandshakes_CompleteOnTwoWorkers()
    {
        using var pool = new DtlsHandshakePool(2);
        var options = new DtlsSessionOptions { Pool = pool, InitialRetransmitTimeout = TimeSpan.FromMilliseconds(500) };
        var loops = Enumerable.Range(0, 20)
            .Select(_ => new DtlsLoopback(
                new TestDtlsClient(TestCertificates.Client, [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM], retransmitMillis: 500),
                TestCertificates.ClientFingerprints,
                options))
            .ToList();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            foreach (var loop in loops)
            {
                loop.Session.Start();
            }

            var clients = loops.Select(l => l.ConnectClientAsync()).ToList();
            var keys = await Task.WhenAll(loops.Select(l => l.Session.Completion)).WaitAsync(TimeSpan.FromSeconds(15));
            await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(15));

            Assert.All(keys, k => Assert.Equal(DtlsSrtpProfiles.AeadAes128Gcm, k.ProfileId));
            Assert.InRange(pool.PeakActiveCount, 1, 2);
            Assert.Equal(20, keys.Select(k => Convert.ToHexString(k.ServerWriteKey)).Distinct().Count());
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        }
        finally
        {
            loops.ForEach(l => l.Dispose());
        }
    }
}
