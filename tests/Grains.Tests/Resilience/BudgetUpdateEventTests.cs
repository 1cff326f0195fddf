using CircuitBreaker.Grains;
using System.Threading.Channels;
using CircuitBreaker.Grains.Resilience;

namespace CircuitBreaker.Grains.Tests.Resilience;

public sealed class BudgetUpdateEventTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Every_limit_change_and_commit_is_published_with_the_status_after_it_and_its_alerts()
    {
        await using var silo = await ResilienceSilo.StartAsync(StorageProvider.Sqlite);
        var updates = Channel.CreateUnbounded<BudgetUpdateEvent>();
        await using var _ = await silo.Host.StreamProvider.GetStream<BudgetUpdateEvent>(ResilienceStreams.BudgetUpdates, "user:9")
            .SubscribeItemsAsync(e => updates.Writer.WriteAsync(e).AsTask());
        var budget = silo.Grains.GetGrain<ILlmBudgetGrain>("user:9");

        await budget.SetBudget(1.00m, "daily", 0.5m);
        var limits = await updates.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(("user:9", "limits", (decimal?)null), (limits.Scope, limits.Kind, limits.Cost));
        Assert.Equal(1.00m, limits.Status.BudgetLimits.Daily);
        Assert.Empty(limits.Alerts);

        var hold = await budget.Reserve(0.30m);
        await budget.Commit(hold.ReservationId!, 0.25m, "openai", "gpt-4o");
        var first = await updates.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(("commit", "openai", "gpt-4o", (decimal?)0.25m), (first.Kind, first.Provider, first.Model, first.Cost));
        Assert.Equal(0.25m, first.Status.DailySpend);
        Assert.Empty(first.Alerts);

        hold = await budget.Reserve(0.30m);
        await budget.Commit(hold.ReservationId!, 0.30m, "anthropic", "claude-3-haiku");
        var second = await updates.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(0.55m, second.Status.DailySpend);
        var alert = Assert.Single(second.Alerts);
        Assert.Equal(("Warning", "Daily"), (alert.Kind, alert.Period));
        Assert.True(second.Status.IsWarning);

        // A refused reservation and a released one change no spend: nothing is published for them.
        Assert.False((await budget.Reserve(5m)).Granted);
        Assert.True(await budget.Release((await budget.Reserve(0.10m)).ReservationId!));
        await budget.SetBudget(null, "daily");
        var cleared = await updates.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal("limits", cleared.Kind);
        Assert.Null(cleared.Status.BudgetLimits.Daily);
    }
}
