using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class InterArrivalCalculatorTests
{
    [Fact]
    public void Packets_within_five_ms_of_send_form_one_group()
    {
        var calculator = new InterArrivalCalculator();

        Assert.False(calculator.TryAdd(0, 100, out _));
        Assert.False(calculator.TryAdd(2, 103, out _));
        Assert.False(calculator.TryAdd(5, 106, out _));
        Assert.False(calculator.TryAdd(20, 121, out _));
        Assert.True(calculator.TryAdd(40, 145, out var delta));

        // Group 1 ends at send 5 / arrival 106, group 2 at send 20 / arrival 121.
        Assert.Equal(15, delta.SendDeltaMs, 9);
        Assert.Equal(15, delta.ArrivalDeltaMs, 9);
        Assert.Equal(121, delta.ArrivalTimeMs, 9);
    }

    [Fact]
    public void Growing_queue_shows_as_arrival_delta_above_send_delta()
    {
        var calculator = new InterArrivalCalculator();
        var deltas = new List<GroupDelta>();
        for (int i = 0; i < 10; i++)
        {
            if (calculator.TryAdd(i * 10, 50 + (i * 12), out var delta))
            {
                deltas.Add(delta);
            }
        }

        Assert.Equal(8, deltas.Count);
        Assert.All(deltas, d => Assert.Equal(2, d.ArrivalDeltaMs - d.SendDeltaMs, 9));
    }

    [Fact]
    public void Ignores_a_packet_sent_before_the_current_group()
    {
        var calculator = new InterArrivalCalculator();
        calculator.TryAdd(0, 100, out _);
        calculator.TryAdd(10, 110, out _);

        Assert.False(calculator.TryAdd(3, 200, out _));
        Assert.True(calculator.TryAdd(20, 120, out var delta));
        Assert.Equal(10, delta.ArrivalDeltaMs, 9);
    }

    [Fact]
    public void Queued_packets_arriving_back_to_back_join_the_burst()
    {
        var calculator = new InterArrivalCalculator();
        calculator.TryAdd(0, 100, out _);

        // Sent 8 ms later but arrived 1 ms later: it waited in the same queue.
        Assert.False(calculator.TryAdd(8, 101, out _));
        Assert.False(calculator.TryAdd(30, 130, out _));
        Assert.True(calculator.TryAdd(60, 160, out var delta));

        Assert.Equal(22, delta.SendDeltaMs, 9);
        Assert.Equal(29, delta.ArrivalDeltaMs, 9);
    }

    [Fact]
    public void Receiver_clock_jump_resets_instead_of_producing_a_delta()
    {
        var calculator = new InterArrivalCalculator();
        calculator.TryAdd(0, 100, out _);
        calculator.TryAdd(10, 110, out _);
        calculator.TryAdd(20, 1_000_000, out _);

        // The group after the jump is the one that would span it.
        Assert.False(calculator.TryAdd(30, 1_000_010, out _));
        Assert.True(calculator.WasReset);
        Assert.False(calculator.TryAdd(40, 1_000_020, out _));
        Assert.False(calculator.WasReset);
        Assert.True(calculator.TryAdd(50, 1_000_030, out var delta));
        Assert.Equal(10, delta.ArrivalDeltaMs, 9);
    }

    [Fact]
    public void Group_arriving_before_the_previous_one_yields_no_delta()
    {
        var calculator = new InterArrivalCalculator();
        calculator.TryAdd(0, 100, out _);
        calculator.TryAdd(10, 110, out _);
        calculator.TryAdd(20, 105, out _);

        Assert.False(calculator.TryAdd(30, 130, out _));
        Assert.False(calculator.WasReset);
        Assert.True(calculator.TryAdd(40, 140, out var delta));
        Assert.Equal(25, delta.ArrivalDeltaMs, 9);
    }
}
