using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Resilience;

namespace CircuitBreaker.Grains.Tests.Resilience;

public sealed class LlmBudgetGrainTests
{
    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public Task Thousand_concurrent_reservations_grant_exactly_the_limit(StorageProvider provider) => Thousand_concurrent_reservations_grant_exactly_the_limit_on(provider, orleansDocuments: false);

    [PostgreSqlFact]
    public Task Thousand_concurrent_reservations_grant_exactly_the_limit_in_Orleans_AdoNet_persistence() => Thousand_concurrent_reservations_grant_exactly_the_limit_on(StorageProvider.PostgreSql, orleansDocuments: true);

    private static async Task Thousand_concurrent_reservations_grant_exactly_the_limit_on(StorageProvider provider, bool orleansDocuments)
    {
        await using var silo = await ResilienceSilo.StartAsync(provider, orleansDocuments: orleansDocuments);
        var budget = silo.Grains.GetGrain<ILlmBudgetGrain>("user:42");
        await budget.SetBudget(5.00m, "daily");

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => budget.Reserve(0.01m)));

        var granted = results.Where(r => r.Granted).ToList();
        Assert.Equal(500, granted.Count);
        Assert.Equal(500, granted.Select(r => r.ReservationId).Distinct().Count());
        Assert.All(results.Where(r => !r.Granted), r => Assert.Equal("BUDGET_DAILY_LIMIT_EXCEEDED", r.Code));
        Assert.Equal(5.00m, (await budget.GetStatus()).Reserved);

        await Task.WhenAll(granted.Select(r => budget.Commit(r.ReservationId!, 0.01m, "openai", "gpt-4o")));
        var status = await budget.GetStatus();
        Assert.Equal(5.00m, status.DailySpend);
        Assert.Equal(0m, status.Reserved);
        Assert.True(status.IsExhausted);
        Assert.False((await budget.Reserve(0.01m)).Granted);
    }

    [Theory]
    [SqliteDialect]
    [PostgreSqlDialect]
    public Task A_granted_reservation_survives_a_silo_restart(StorageProvider provider) => A_granted_reservation_survives_a_silo_restart_on(provider, orleansDocuments: false);

    [PostgreSqlFact]
    public Task A_granted_reservation_survives_a_silo_restart_in_Orleans_AdoNet_persistence() => A_granted_reservation_survives_a_silo_restart_on(StorageProvider.PostgreSql, orleansDocuments: true);

    private static async Task A_granted_reservation_survives_a_silo_restart_on(StorageProvider provider, bool orleansDocuments)
    {
        await using var silo = await ResilienceSilo.StartAsync(provider, orleansDocuments: orleansDocuments);
        await silo.Grains.GetGrain<ILlmBudgetGrain>("project:7").SetBudget(1.00m, "monthly");
        var hold = await silo.Grains.GetGrain<ILlmBudgetGrain>("project:7").Reserve(0.60m);
        Assert.True(hold.Granted);

        await silo.RestartAsync();

        var budget = silo.Grains.GetGrain<ILlmBudgetGrain>("project:7");
        Assert.Equal(0.60m, (await budget.GetStatus()).Reserved);
        Assert.False((await budget.Reserve(0.50m)).Granted);
        var commit = await budget.Commit(hold.ReservationId!, 0.55m, "anthropic", "claude");
        Assert.True(commit.Recorded);
        var status = await budget.GetStatus();
        Assert.Equal(0.55m, status.MonthlySpend);
        Assert.Equal("anthropic", Assert.Single(status.CostBreakdown).Provider);
    }

    [Fact]
    public async Task Spend_rolls_over_at_the_period_boundary_and_alerts_fire_once_per_period()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 10, 22, 0, 0, TimeSpan.Zero));
        await using var silo = await ResilienceSilo.StartAsync(StorageProvider.Sqlite, clock);
        var alerts = new List<BudgetAlertEvent>();
        var twoAlerts = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var _ = await silo.Host.StreamProvider.GetStream<BudgetAlertEvent>("budget", "user:1").SubscribeItemsAsync(e =>
        {
            lock (alerts) { alerts.Add(e); if (alerts.Count >= 2) twoAlerts.TrySetResult(); }
            return Task.CompletedTask;
        });
        var budget = silo.Grains.GetGrain<ILlmBudgetGrain>("user:1");
        await budget.SetBudget(1.00m, "daily", 0.5m);

        var first = await budget.Reserve(0.60m);
        await budget.Commit(first.ReservationId!, 0.60m, "openai", "gpt-4o");
        var second = await budget.Reserve(0.40m);
        await budget.Commit(second.ReservationId!, 0.40m, "openai", "gpt-4o");
        Assert.False((await budget.Reserve(0.10m)).Granted);
        await twoAlerts.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["Warning", "LimitReached"], alerts.Select(a => a.Kind));
        Assert.All(alerts, a => Assert.Equal("Daily", a.Period));

        clock.Advance(TimeSpan.FromHours(2)); // 00:00 UTC next day
        var next = await budget.Reserve(0.70m);
        Assert.True(next.Granted);
        Assert.Equal(0.30m, next.Remaining);
        var status = await budget.GetStatus();
        Assert.Equal(0m, status.DailySpend);
        Assert.Equal(1.00m, status.MonthlySpend);
    }

    [Fact]
    public async Task Reserving_on_several_scopes_releases_partial_grants_when_one_refuses()
    {
        await using var silo = await ResilienceSilo.StartAsync(StorageProvider.Sqlite);
        await silo.Grains.GetGrain<ILlmBudgetGrain>("user:9").SetBudget(10m, "daily");
        await silo.Grains.GetGrain<ILlmBudgetGrain>("project:9").SetBudget(0.10m, "daily");
        var reservations = new BudgetReservations(silo.Grains);

        var refused = await reservations.ReserveAsync(["user:9", "project:9", "key:9"], 0.50m);
        Assert.False(refused.Allowed);
        Assert.Equal("project:9", refused.RefusedScope);
        Assert.Equal("BUDGET_DAILY_LIMIT_EXCEEDED", refused.Code);
        Assert.Equal(0m, (await silo.Grains.GetGrain<ILlmBudgetGrain>("user:9").GetStatus()).Reserved);
        Assert.Equal(0m, (await silo.Grains.GetGrain<ILlmBudgetGrain>("key:9").GetStatus()).Reserved);

        var allowed = await reservations.ReserveAsync(["user:9", "project:9", "key:9"], 0.05m);
        Assert.True(allowed.Allowed);
        Assert.Equal(3, allowed.Reservations.Count);
        await reservations.CommitAsync(allowed, 0.04m, "openai", "gpt-4o-mini");
        Assert.Equal(0.04m, (await silo.Grains.GetGrain<ILlmBudgetGrain>("key:9").GetStatus()).DailySpend);
        Assert.Equal(0.04m, (await silo.Grains.GetGrain<ILlmBudgetGrain>("project:9").GetStatus()).DailySpend);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_code()
    {
        await using var silo = await ResilienceSilo.StartAsync(StorageProvider.Sqlite);
        var budget = silo.Grains.GetGrain<ILlmBudgetGrain>("team:1");
        Assert.Equal("BUDGET_PERIOD_UNKNOWN", (await Assert.ThrowsAsync<ResilienceException>(() => budget.SetBudget(1m, "hourly"))).Code);
        Assert.StartsWith("BUDGET_", (await Assert.ThrowsAsync<ResilienceException>(() => budget.SetBudget(-1m, "daily"))).Code);
        Assert.StartsWith("BUDGET_", (await Assert.ThrowsAsync<ResilienceException>(() => budget.Reserve(-0.5m))).Code);
        Assert.False((await budget.Commit("r999", 1m, "p", "m")).Recorded);
        Assert.False(await budget.Release("r999"));
    }
}
