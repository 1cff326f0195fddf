namespace CircuitBreaker.Runtime;

/// <summary>A grain that receives durable reminders registered with <c>RegisterOrUpdateReminder</c>.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Called as a turn of the grain each time the reminder <paramref name="reminderName"/> is due.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>Describes one reminder tick.</summary>
/// <param name="FirstTickTime">When the reminder was first due.</param>
/// <param name="Period">The reminder's period.</param>
/// <param name="CurrentTickTime">When this tick was due.</param>
[Immutable]
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
