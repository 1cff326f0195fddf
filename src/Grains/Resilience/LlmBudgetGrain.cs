using CircuitBreaker.Storage;
using System.Text.Json;
using CircuitBreaker.Resilience;
using CircuitBreaker.Resilience.Budget;
using Orleans;
using Orleans.Runtime;
using Orleans.Concurrency;
using Orleans.Streams;
using Orleans.Metadata;

namespace CircuitBreaker.Grains.Resilience;

/// <summary>
/// <see cref="ILlmBudgetGrain"/> over <see cref="BudgetLedger"/>. Every change is written before the call answers,
/// so a granted reservation survives a restart; alerts (at most once per period) and every commit and limit change
/// (<see cref="BudgetUpdateEvent"/>) are published after the write.
/// The grain is reentrant so that concurrent callers share writes (group commit): each change is applied to the
/// ledger at once (turns never run in parallel), and one write stores every change made while the previous write
/// was in flight. A failed write rolls memory back to the stored copy and fails every caller whose change it lost.
/// </summary>
[GrainType("llm-budget")]
[Reentrant]
public sealed class LlmBudgetGrain(
    [PersistentState("budget", DocumentStorage.Name)] IPersistentState<LlmBudgetGrainState> state,
    IServiceProvider services) : Grain, ILlmBudgetGrain
{
    private readonly TimeProvider _clock = services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
    private BudgetLedger _ledger = null!;
    private BudgetStateDto? _stored;
    private TaskCompletionSource? _nextWrite;
    private bool _writing;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stored = state.State.Ledger;
        _ledger = Stored();
        if (_stored is not null) BudgetMetrics.Observe(BudgetMapping.ToView(_ledger.GetStatus(_clock.GetUtcNow()), _ledger.Config));
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
        var status = BudgetMapping.ToView(_ledger.GetStatus(now), _ledger.Config);
        await Persist();
        BudgetMetrics.Observe(status);
        await Publish(new BudgetUpdate("limits", null, null, null, status, alerts, now));
        return status;
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
        var now = _clock.GetUtcNow();
        var result = Guard(() => _ledger.Commit(reservationId, actual, provider ?? "", model ?? "", now, tokens));
        if (result.Recorded)
        {
            // The status right after this commit, taken before the write lets other turns change the ledger.
            var status = BudgetMapping.ToView(_ledger.GetStatus(now), _ledger.Config);
            await Persist();
            BudgetMetrics.Committed(this.GetPrimaryKeyString(), actual);
            BudgetMetrics.Observe(status);
            await Publish(new BudgetUpdate("commit", provider, model, actual, status, result.Alerts, now));
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

    /// <summary>Completes when a write holding every change made so far has succeeded.</summary>
    private Task Persist()
    {
        var waiter = _nextWrite ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writing) _ = WriteBatches();
        return waiter.Task;
    }

    private async Task WriteBatches()
    {
        _writing = true;
        try
        {
            while (_nextWrite is { } batch)
            {
                _nextWrite = null;
                var snapshot = _ledger.ToDto();
                try
                {
                    state.State = new LlmBudgetGrainState { Ledger = snapshot };
                    await state.WriteStateAsync();
                    _stored = snapshot;
                    batch.TrySetResult();
                }
                catch (Exception ex)
                {
                    // Memory must never run ahead of storage: drop the unstored changes and fail their callers.
                    state.State = new LlmBudgetGrainState { Ledger = _stored };
                    _ledger = Stored();
                    batch.TrySetException(ex);
                    if (_nextWrite is { } lost)
                    {
                        _nextWrite = null;
                        lost.TrySetException(ex);
                    }
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }

    // Restored from a copy, so the ledger can never share collections with the stored snapshot.
    private BudgetLedger Stored() => _stored is { } dto
        ? BudgetLedger.Restore(JsonSerializer.Deserialize<BudgetStateDto>(JsonSerializer.Serialize(dto))!)
        : new BudgetLedger(this.GetPrimaryKeyString(), new BudgetConfig(), _clock.GetUtcNow());

    /// <summary>Publishes the alerts of a stored change on <c>budget</c>, then the change itself on <c>budget-updates</c>.</summary>
    private async Task Publish(BudgetUpdate update)
    {
        var streams = this.GetStreamProvider(GrainStreams.ProviderName);
        var alerts = update.Alerts.Select(BudgetMapping.ToEvent).ToList();
        if (alerts.Count > 0)
        {
            var alertStream = streams.GetStream<BudgetAlertEvent>(ResilienceStreams.BudgetAlerts, this.GetPrimaryKeyString());
            foreach (var a in alerts) await alertStream.OnNextAsync(a);
        }
        await streams.GetStream<BudgetUpdateEvent>(ResilienceStreams.BudgetUpdates, this.GetPrimaryKeyString()).OnNextAsync(
            new BudgetUpdateEvent(this.GetPrimaryKeyString(), update.Kind, update.Provider, update.Model, update.Cost, update.Status, alerts, update.At));
    }

    private sealed record BudgetUpdate(string Kind, string? Provider, string? Model, decimal? Cost, BudgetStatusView Status,
        IReadOnlyList<BudgetAlert> Alerts, DateTimeOffset At);

    private static T Guard<T>(Func<T> action)
    {
        try { return action(); }
        catch (ResilienceConfigException ex) { throw new ResilienceException(ex.Code, ex.Message); }
        catch (ResilienceArgumentException ex) { throw new ResilienceException(ex.Code, ex.Message); }
    }
}
