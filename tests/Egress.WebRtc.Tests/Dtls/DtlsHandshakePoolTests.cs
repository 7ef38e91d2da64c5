using Egress.WebRtc.Dtls;

namespace Egress.WebRtc.Tests.Dtls;

public sealed class DtlsHandshakePoolTests
{
    [Fact]
    public async Task Jobs_RunOnAtMostWorkerCountThreads()
    {
        using var pool = new DtlsHandshakePool(2);
        var done = new CountdownEvent(6);
        for (var i = 0; i < 6; i++)
        {
            Assert.True(pool.TryQueue(() =>
            {
                Thread.Sleep(20);
                done.Signal();
            }));
        }

        await Task.Run(() => done.Wait(TimeSpan.FromSeconds(5)));

        Assert.Equal(0, done.CurrentCount);
        Assert.Equal(2, pool.PeakActiveCount);
    }

    [Fact]
    public async Task ThrowingJob_DoesNotKillTheWorker()
    {
        using var pool = new DtlsHandshakePool(1);
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        pool.TryQueue(() => throw new InvalidOperationException("bug"));
        pool.TryQueue(() => ran.SetResult());

        await ran.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void TryQueue_AfterDispose_ReturnsFalse()
    {
        var pool = new DtlsHandshakePool(1);
        pool.Dispose();

        Assert.False(pool.TryQueue(() => { }));
    }

    [Fact]
    public void DefaultWorkerCount_IsAtLeastFour() => Assert.True(DtlsHandshakePool.DefaultWorkerCount >= 4);
}
