using CircuitBreaker.Gateway.Events;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Units;

/// <summary>The de-duplication of replayed and buffered live events on a token stream.</summary>
public sealed class SequenceCursorTests
{
    [Fact]
    public void Sends_each_sequence_once_in_increasing_order_and_always_unsequenced_events()
    {
        var cursor = new SequenceCursor(2);
        Assert.False(cursor.Advance(1));
        Assert.False(cursor.Advance(2));
        Assert.True(cursor.Advance(3));
        Assert.False(cursor.Advance(3));
        Assert.True(cursor.Advance(0));
        Assert.True(cursor.Advance(0));
        Assert.True(cursor.Advance(4));
        Assert.Equal(4, cursor.Last);
    }
}
