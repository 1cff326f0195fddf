using System.Collections.Concurrent;
using CircuitBreaker.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace CircuitBreaker.Runtime;

/// <summary>
/// Keeps a local timer per durable reminder and delivers ticks as IRemindable.ReceiveReminder calls,
/// activating the grain when needed. Missed ticks are skipped, never replayed.
/// </summary>
internal sealed class ReminderService(SiloRuntime silo, IReminderTable table)
{
    private static readonly GrainMethod ReceiveReminder = GrainMethod.For(typeof(IRemindable).GetMethod(nameof(IRemindable.ReceiveReminder))!);
    private readonly ConcurrentDictionary<(GrainId Grain, string Name), ReminderTicker> _tickers = new();

    private SiloRuntime Silo => silo;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in await table.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var grainClass = silo.Catalog.FindByName(entry.GrainType);
            if (grainClass is null || !typeof(IRemindable).IsAssignableFrom(grainClass.ClassType))
            {
                silo.Logger.LogWarning("Reminder {Name} of {GrainType}/{Key} skipped: no remindable grain class of that type", entry.Name, entry.GrainType, entry.Key);
                continue;
            }
            Schedule(new GrainId(entry.GrainType, entry.Key), entry.Name, entry.StartAt, entry.Period);
        }
    }

    public void Stop()
    {
        foreach (var ticker in _tickers.Values) ticker.Dispose();
        _tickers.Clear();
    }

    public async Task RegisterOrUpdateAsync(GrainId grain, GrainClassInfo grainClass, string name, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!typeof(IRemindable).IsAssignableFrom(grainClass.ClassType))
            throw new GrainRuntimeException(GrainErrorCodes.NotRemindable, $"Grain class {grainClass.ClassType.FullName} must implement IRemindable to use reminders.");
        if (period < silo.Options.ReminderMinimumPeriod)
            throw new GrainRuntimeException(GrainErrorCodes.ReminderPeriodTooSmall,
                $"Reminder '{name}' period {period} is below the minimum {silo.Options.ReminderMinimumPeriod} (SiloOptions.ReminderMinimumPeriod).");
        var startAt = DateTimeOffset.UtcNow + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
        await table.UpsertAsync(grain.Type, grain.Key, name, startAt, period).ConfigureAwait(false);
        Schedule(grain, name, startAt, period);
    }

    public async Task<bool> UnregisterAsync(GrainId grain, string name)
    {
        if (_tickers.TryRemove((grain, name), out var ticker)) ticker.Dispose();
        return await table.RemoveAsync(grain.Type, grain.Key, name).ConfigureAwait(false);
    }

    private void Schedule(GrainId grain, string name, DateTimeOffset startAt, TimeSpan period)
    {
        var ticker = new ReminderTicker(this, grain, name, startAt, period);
        _tickers.AddOrUpdate((grain, name), ticker, (_, old) => { old.Dispose(); return ticker; });
        ticker.ScheduleNext(DateTimeOffset.UtcNow - TimeSpan.FromTicks(1));
    }

    /// <summary>The first tick strictly after <paramref name="after"/>: StartAt + n·Period.</summary>
    internal static DateTimeOffset NextTick(DateTimeOffset startAt, TimeSpan period, DateTimeOffset after)
    {
        if (after < startAt) return startAt;
        var elapsed = after - startAt;
        var n = elapsed.Ticks / period.Ticks + 1;
        return startAt + TimeSpan.FromTicks(n * period.Ticks);
    }

    private sealed class ReminderTicker : IDisposable
    {
        private readonly ReminderService _service;
        private readonly GrainId _grain;
        private readonly string _name;
        private readonly DateTimeOffset _startAt;
        private readonly TimeSpan _period;
        private readonly Timer _timer;
        private DateTimeOffset _due;
        private volatile bool _disposed;

        public ReminderTicker(ReminderService service, GrainId grain, string name, DateTimeOffset startAt, TimeSpan period)
        {
            _service = service;
            _grain = grain;
            _name = name;
            _startAt = startAt;
            _period = period;
            _timer = new Timer(static s => _ = ((ReminderTicker)s!).TickAsync(), this, Timeout.Infinite, Timeout.Infinite);
        }

        public void ScheduleNext(DateTimeOffset after)
        {
            if (_disposed) return;
            _due = NextTick(_startAt, _period, after);
            var delay = _due - DateTimeOffset.UtcNow;
            try { _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan); }
            catch (ObjectDisposedException) { }
        }

        private async Task TickAsync()
        {
            if (_disposed) return;
            var silo = _service.Silo;
            var status = new TickStatus(_startAt, _period, _due);
            var call = ReceiveReminder.CreateCall(_grain, [_name, status], default, silo.Options.DefaultCallTimeout);
            call.StartTimeout();
            silo.Dispatcher.Dispatch(call);
            try { await call.Task.ConfigureAwait(false); }
            catch (Exception ex) { silo.Logger.LogWarning(ex, "Reminder {Name} of {Grain} failed", _name, _grain); }
            // Ticks missed while this one ran (or while the silo was down) are skipped.
            ScheduleNext(DateTimeOffset.UtcNow > _due ? DateTimeOffset.UtcNow : _due);
        }

        public void Dispose()
        {
            _disposed = true;
            _timer.Dispose();
        }
    }
}
