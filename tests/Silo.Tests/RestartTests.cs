using CircuitBreaker.Grains;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Metadata;
using Orleans.Runtime;
using CircuitBreaker.Storage;
using CircuitBreaker.TestSupport;
using Xunit;

namespace CircuitBreaker.Silo.Tests;

/// <summary>A silo stopped and started again on the same real database keeps state and reminders.</summary>
public sealed class RestartTests
{
    // Orleans refuses reminder periods under a minute unless told otherwise; the test's ticks are a second apart.
    private static Task<EmbeddedSilo> StartSiloAsync(AdoNetStateStore storage) =>
        EmbeddedSilo.StartAsync(storage, silo: b => b.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1)));

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task State_survives_a_silo_restart(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var key = Guid.NewGuid().ToString("N");

        await using (var silo = await StartSiloAsync(test.Storage))
        {
            var grain = silo.GrainFactory.GetGrain<ICounterGrain>(key);
            for (var i = 0; i < 5; i++) await grain.Increment();
        }

        await using var reopened = await test.OpenAnotherAsync();
        await using var restarted = await StartSiloAsync(reopened);
        var again = restarted.GrainFactory.GetGrain<ICounterGrain>(key);
        Assert.Equal(5, await again.Get());
        Assert.Equal(6, await again.Increment());
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public async Task A_reminder_registered_before_a_restart_fires_after_it(StorageProvider provider)
    {
        await using var test = await TestStorage.CreateAsync(provider);
        var key = Guid.NewGuid().ToString("N");

        await using (var silo = await StartSiloAsync(test.Storage))
        {
            await silo.GrainFactory.GetGrain<IWakeUpGrain>(key).Arm(TimeSpan.FromSeconds(1));
        }

        // Only the restarted silo can deliver this tick: the first one is stopped and its storage gone.
        var tick = new TaskCompletionSource<TickStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        WakeUpGrain.Ticks[key] = tick;
        await using var reopened = await test.OpenAnotherAsync();
        var reminders = await reopened.ReadAsync(GrainTypeOf<WakeUpGrain>(), key);
        Assert.Single(reminders);

        await using var restarted = await StartSiloAsync(reopened);
        var status = await tick.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(1), status.Period);
        await restarted.GrainFactory.GetGrain<IWakeUpGrain>(key).Disarm();
        Assert.Empty(await reopened.ReadAsync(GrainTypeOf<WakeUpGrain>(), key));
    }

    private static string GrainTypeOf<T>() => typeof(T).GetCustomAttributes(typeof(GrainTypeAttribute), false).Cast<GrainTypeAttribute>().Single()
        .GetGrainType(null!, typeof(T)).ToString()!;
}
