using CircuitBreaker.Resilience;
using CircuitBreaker.Resilience.Budget;
using CircuitBreaker.Runtime;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>
/// <see cref="ILlmBudgetGrain"/> over <see cref="BudgetLedger"/>. Every change is written before the call answers,
/// so a granted reservation survives a restart; alerts are published after the write (at most once per period).
/// </summary>
[GrainType("llm-budget")]
public sealed class LlmBudgetGrain(
    [PersistentState("budget")] IPersistentState<LlmBudgetGrainState> state,
    IServiceProvider services) : Grain, ILlmBudgetGrain
{
    private readonly TimeProvider _clock = services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
    private BudgetLedger _ledger = null!;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ledger = state.State.Ledger is { } dto
            ? BudgetLedger.Restore(dto)
            : new BudgetLedger(GetPrimaryKeyString(), new BudgetConfig(), _clock.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<BudgetStatusView> SetBudget(decimal? limit, string period, decimal? warningThreshold = null, string? enforcement = null)
    {
        var kind = BudgetMapping.ToPeriod(period);
        var config = BudgetMapping.WithLimit(_ledger.Config, kind, limit);
        if (warningThreshold is { } w) config = config with { WarningThreshold = w };
        if (enforcement is not null) config = config with { Enforcement = BudgetMapping.ToEnforcement(enforcement) };
        var errors = config.Validate();
        if (errors.Count > 0) throw new ResilienceException(errors[0].Code, string.Join(" ", errors.Select(e => e.Message)));
        var now = _clock.GetUtcNow();
        var alerts = _ledger.UpdateConfig(config, now);
        await Persist();
        await Publish(alerts);
        return BudgetMapping.ToView(_ledger.GetStatus(now), _ledger.Config);
    }

    /// <inheritdoc />
    public async Task<BudgetReservation> Reserve(decimal amount, double? ttlMs = null)
    {
        TimeSpan? ttl = null;
        if (ttlMs is { } ms)
        {
            if (double.IsNaN(ms) || double.IsInfinity(ms) || ms <= 0 || ms > TimeSpan.FromDays(366).TotalMilliseconds)
                throw new ResilienceException("BUDGET_TTL_OUT_OF_RANGE", $"ttlMs must be > 0 and at most a year, got {ms}.");
            ttl = TimeSpan.FromMilliseconds(ms);
        }
        var result = Guard(() => _ledger.Reserve(amount, _clock.GetUtcNow(), ttl));
        if (result.Granted) await Persist();
        return BudgetMapping.ToReservation(result);
    }

    /// <inheritdoc />
    public async Task<BudgetCommit> Commit(string reservationId, decimal actual, string provider, string model, long? tokens = null)
    {
        if (string.IsNullOrEmpty(reservationId))
            throw new ResilienceException("BUDGET_RESERVATION_ID_REQUIRED", "reservationId is required.");
        var result = Guard(() => _ledger.Commit(reservationId, actual, provider ?? "", model ?? "", _clock.GetUtcNow(), tokens));
        if (result.Recorded)
        {
            await Persist();
            await Publish(result.Alerts);
        }
        return BudgetMapping.ToCommit(result);
    }

    /// <inheritdoc />
    public async Task<bool> Release(string reservationId)
    {
        _ledger.Tick(_clock.GetUtcNow());
        if (!_ledger.Release(reservationId)) return false;
        await Persist();
        return true;
    }

    /// <inheritdoc />
    public Task<BudgetStatusView> GetStatus() =>
        Task.FromResult(BudgetMapping.ToView(_ledger.GetStatus(_clock.GetUtcNow()), _ledger.Config));

    private async Task Persist()
    {
        var previous = state.State;
        state.State = new LlmBudgetGrainState { Ledger = _ledger.ToDto() };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The change was not stored: forget it, so memory never runs ahead of storage.
            state.State = previous;
            _ledger = previous.Ledger is { } dto ? BudgetLedger.Restore(dto) : new BudgetLedger(GetPrimaryKeyString(), new BudgetConfig(), _clock.GetUtcNow());
            throw;
        }
    }

    private async Task Publish(IReadOnlyList<BudgetAlert> alerts)
    {
        if (alerts.Count == 0) return;
        var stream = GetStreamProvider().GetStream<BudgetAlertEvent>("budget", GetPrimaryKeyString());
        foreach (var a in alerts) await stream.OnNextAsync(BudgetMapping.ToEvent(a));
    }

    private static T Guard<T>(Func<T> action)
    {
        try { return action(); }
        catch (ResilienceConfigException ex) { throw new ResilienceException(ex.Code, ex.Message); }
        catch (ResilienceArgumentException ex) { throw new ResilienceException(ex.Code, ex.Message); }
    }
}
