using System.Globalization;
using System.Security.Cryptography;

namespace CircuitBreaker.Resilience.Budget;

/// <summary>
/// The state of one budget scope (e.g. <c>user:42</c>) as a pure class: spend per UTC day, week and month,
/// reserve-then-commit, expiring reservations, alerts once per period and a status snapshot. No I/O and no clock of
/// its own: every operation takes the current time. Not thread-safe: the owning grain serializes calls.
/// </summary>
public sealed class BudgetLedger
{
    private readonly Dictionary<BudgetPeriodKind, PeriodLedger> _periods = new();
    private readonly Dictionary<string, ReservationDto> _reservations = new(StringComparer.Ordinal);
    private long _nextSequence = 1;
    private DateTimeOffset? _lastSeen;

    /// <summary>Creates an empty ledger; throws <see cref="ResilienceConfigException"/> on an invalid config or empty id.</summary>
    public BudgetLedger(string budgetId, BudgetConfig config, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(budgetId))
            throw new ResilienceConfigException([new("BUDGET_ID_EMPTY", "budgetId must not be empty.")]);
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureValid();
        BudgetId = budgetId;
        Config = config;
        foreach (var kind in Enum.GetValues<BudgetPeriodKind>())
            _periods[kind] = new PeriodLedger(kind, BudgetCalendar.PeriodStart(kind, now));
        _lastSeen = now;
    }

    /// <summary>The scope.</summary>
    public string BudgetId { get; }

    /// <summary>Limits and policy in force.</summary>
    public BudgetConfig Config { get; private set; }

    /// <summary>Sum of outstanding reservations (as of the last call; expired ones are swept on each call).</summary>
    public decimal Reserved => _reservations.Values.Sum(r => r.Amount);

    /// <summary>Number of outstanding reservations.</summary>
    public int OutstandingReservations => _reservations.Count;

    /// <summary>Committed spend in the current period of <paramref name="kind"/>.</summary>
    public decimal SpentIn(BudgetPeriodKind kind) => _periods[kind].Spent;

    /// <summary>
    /// Holds <paramref name="amount"/> for <paramref name="ttl"/> (default from config). In hard mode it is refused
    /// when spent + outstanding reservations + amount would exceed any limit; in soft mode it is granted and flagged.
    /// </summary>
    public ReserveResult Reserve(decimal amount, DateTimeOffset now, TimeSpan? ttl = null)
    {
        if (amount < 0)
            throw new ResilienceArgumentException("BUDGET_AMOUNT_NEGATIVE", $"Reservation amount must not be negative, got {amount}.");
        if (ttl is { } t && t <= TimeSpan.Zero)
            throw new ResilienceArgumentException("BUDGET_RESERVATION_TTL_NOT_POSITIVE", $"Reservation ttl must be positive, got {t}.");
        now = Advance(now);

        var reserved = Reserved;
        string? code = null, reason = null;
        foreach (var period in _periods.Values)
        {
            if (Config.LimitFor(period.Kind) is not { } limit) continue;
            if (period.Spent + reserved + amount <= limit) continue;
            code = $"BUDGET_{period.Kind.ToString().ToUpperInvariant()}_LIMIT_EXCEEDED";
            reason = string.Create(CultureInfo.InvariantCulture,
                $"{period.Kind} limit {limit} would be exceeded: spent {period.Spent}, reserved {reserved}, requested {amount}.");
            break;
        }

        if (code is not null && Config.Enforcement == BudgetEnforcement.Hard)
            return new ReserveResult { Granted = false, Code = code, Reason = reason, Remaining = Remaining() };

        // Unguessable (128 random bits), so nobody commits or releases a reservation they were not given; the sequence
        // keeps ids unique and ordered for reading.
        var id = string.Create(CultureInfo.InvariantCulture, $"r{_nextSequence++}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}");
        var expiresAt = now + (ttl ?? Config.DefaultReservationTtl);
        _reservations[id] = new ReservationDto { Id = id, Amount = amount, CreatedAt = now, ExpiresAt = expiresAt };
        return new ReserveResult
        {
            Granted = true, ReservationId = id, ExpiresAt = expiresAt, Remaining = Remaining(),
            OverLimit = code is not null, Code = code, Reason = reason,
        };
    }

    /// <summary>
    /// Turns a reservation into spend of <paramref name="actualCost"/> (which may differ from the amount held). The cost
    /// is recorded even when it crosses a limit, since it was incurred; the result flags it. An unknown or expired
    /// reservation is not recorded (code <c>BUDGET_RESERVATION_NOT_FOUND</c>): use <see cref="RecordSpend"/> for late costs.
    /// </summary>
    public CommitResult Commit(string reservationId, decimal actualCost, string provider, string model,
        DateTimeOffset now, long? tokens = null)
    {
        CheckCost(actualCost, tokens);
        now = Advance(now);
        if (reservationId is null || !_reservations.Remove(reservationId))
            return new CommitResult
            {
                Recorded = false, Code = "BUDGET_RESERVATION_NOT_FOUND", Remaining = Remaining(),
                Message = $"Reservation '{reservationId}' of budget '{BudgetId}' does not exist or has expired.",
            };
        return Record(actualCost, provider, model, now, tokens);
    }

    /// <summary>Records spend that had no (live) reservation, e.g. a call that outlived its reservation.</summary>
    public CommitResult RecordSpend(decimal cost, string provider, string model, DateTimeOffset now, long? tokens = null)
    {
        CheckCost(cost, tokens);
        now = Advance(now);
        return Record(cost, provider, model, now, tokens);
    }

    /// <summary>Drops a reservation without spend; false when it does not exist (already committed, released or expired).</summary>
    public bool Release(string reservationId) => reservationId is not null && _reservations.Remove(reservationId);

    /// <summary>Applies period rollover and reservation expiry at <paramref name="now"/> (also done by every other call).</summary>
    public void Tick(DateTimeOffset now) => Advance(now);

    /// <summary>Replaces limits and policy; returns the alerts that the new limits make due.</summary>
    public IReadOnlyList<BudgetAlert> UpdateConfig(BudgetConfig config, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureValid();
        now = Advance(now);
        Config = config;
        return CollectAlerts(now);
    }

    /// <summary>Status snapshot at <paramref name="now"/> (rolls periods over and sweeps expired reservations first).</summary>
    public BudgetStatus GetStatus(DateTimeOffset now)
    {
        now = Advance(now);
        var reserved = Reserved;
        PeriodLedger? binding = null;
        decimal bindingShare = -1;
        bool exhausted = false, warning = false;
        foreach (var period in _periods.Values)
        {
            if (Config.LimitFor(period.Kind) is not { } limit) continue;
            var share = limit == 0 ? (period.Spent > 0 ? decimal.MaxValue : 1m) : period.Spent / limit;
            if (period.Spent >= limit) exhausted = true;
            if (period.Spent >= limit * Config.WarningThreshold) warning = true;
            if (share > bindingShare) { binding = period; bindingShare = share; }
        }

        var monthly = _periods[BudgetPeriodKind.Monthly];
        decimal? bindingLimit = binding is null ? null : Config.LimitFor(binding.Kind);
        var used = binding?.Spent ?? monthly.Spent;
        var percentage = bindingLimit is { } bl && bl > 0 ? Math.Round(used / bl * 100m, 4) : (exhausted ? 100m : 0m);
        return new BudgetStatus
        {
            BudgetId = BudgetId,
            Limit = bindingLimit,
            Used = used,
            Reserved = reserved,
            PercentageUsed = percentage,
            IsExhausted = exhausted,
            IsWarning = warning,
            Remaining = Remaining(),
            Message = Describe(binding, bindingLimit, used, percentage, exhausted, warning),
            DailySpend = _periods[BudgetPeriodKind.Daily].Spent,
            WeeklySpend = _periods[BudgetPeriodKind.Weekly].Spent,
            MonthlySpend = monthly.Spent,
            BudgetLimits = new BudgetLimits { Daily = Config.DailyLimit, Weekly = Config.WeeklyLimit, Monthly = Config.MonthlyLimit },
            CostBreakdown = monthly.Breakdown.OrderByDescending(b => b.TotalCost)
                .ThenBy(b => b.Provider, StringComparer.Ordinal).ThenBy(b => b.Model, StringComparer.Ordinal).ToList(),
            Projections = new BudgetProjections
            {
                DailyProjection = _periods[BudgetPeriodKind.Daily].Projection(now),
                WeeklyProjection = _periods[BudgetPeriodKind.Weekly].Projection(now),
                MonthlyProjection = monthly.Projection(now),
            },
            Enforcement = Config.Enforcement,
        };
    }

    /// <summary>Plain copy of the full state for persistence.</summary>
    public BudgetStateDto ToDto() => new()
    {
        BudgetId = BudgetId,
        Config = Config,
        Periods = _periods.Values.OrderBy(p => p.Kind).Select(p => p.ToDto()).ToList(),
        Reservations = _reservations.Values.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList(),
        NextReservationSequence = _nextSequence,
        LastSeen = _lastSeen,
    };

    /// <summary>Rebuilds a ledger from <see cref="ToDto"/>'s output; throws <see cref="ResilienceConfigException"/> when inconsistent.</summary>
    public static BudgetLedger Restore(BudgetStateDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        var config = dto.Config ?? throw new ResilienceConfigException([new("BUDGET_STATE_CONFIG_MISSING", "Persisted budget has no config.")]);
        var ledger = new BudgetLedger(dto.BudgetId, config, dto.LastSeen ?? DateTimeOffset.UnixEpoch);
        foreach (var p in dto.Periods ?? [])
        {
            if (!Enum.IsDefined(p.Kind))
                throw new ResilienceConfigException([new("BUDGET_STATE_PERIOD_UNKNOWN", $"Unknown period kind {(int)p.Kind}.")]);
            ledger._periods[p.Kind] = PeriodLedger.FromDto(p);
        }
        foreach (var r in dto.Reservations ?? [])
        {
            if (string.IsNullOrEmpty(r.Id) || r.Amount < 0 || !ledger._reservations.TryAdd(r.Id, r))
                throw new ResilienceConfigException([new("BUDGET_STATE_RESERVATION_INVALID",
                    $"Reservation '{r.Id}' is empty, negative or duplicated.")]);
        }
        if (dto.NextReservationSequence < 1)
            throw new ResilienceConfigException([new("BUDGET_STATE_SEQUENCE_INVALID", "nextReservationSequence must be at least 1.")]);
        ledger._nextSequence = dto.NextReservationSequence;
        ledger._lastSeen = dto.LastSeen;
        return ledger;
    }

    private static void CheckCost(decimal cost, long? tokens)
    {
        if (cost < 0)
            throw new ResilienceArgumentException("BUDGET_COST_NEGATIVE", $"Cost must not be negative, got {cost}.");
        if (tokens is < 0)
            throw new ResilienceArgumentException("BUDGET_TOKENS_NEGATIVE", $"Tokens must not be negative, got {tokens}.");
    }

    private CommitResult Record(decimal cost, string provider, string model, DateTimeOffset now, long? tokens)
    {
        provider = string.IsNullOrWhiteSpace(provider) ? "unknown" : provider;
        model = string.IsNullOrWhiteSpace(model) ? "unknown" : model;
        foreach (var period in _periods.Values) period.Add(cost, provider, model, tokens);
        var exceeded = _periods.Values.Any(p => Config.LimitFor(p.Kind) is { } limit && p.Spent > limit);
        return new CommitResult
        {
            Recorded = true,
            ExceededLimit = exceeded,
            Message = exceeded ? $"Spend of budget '{BudgetId}' now exceeds a limit." : null,
            Alerts = CollectAlerts(now),
            Remaining = Remaining(),
        };
    }

    private List<BudgetAlert> CollectAlerts(DateTimeOffset now)
    {
        var alerts = new List<BudgetAlert>();
        foreach (var period in _periods.Values.OrderBy(p => p.Kind))
        {
            if (Config.LimitFor(period.Kind) is not { } limit) continue;
            if (!period.WarningAlerted && period.Spent >= limit * Config.WarningThreshold)
            {
                period.WarningAlerted = true;
                alerts.Add(new BudgetAlert(BudgetId, BudgetAlertKind.Warning, period.Kind, period.Start, limit, period.Spent, now));
            }
            if (!period.LimitAlerted && period.Spent >= limit)
            {
                period.LimitAlerted = true;
                alerts.Add(new BudgetAlert(BudgetId, BudgetAlertKind.LimitReached, period.Kind, period.Start, limit, period.Spent, now));
            }
        }
        return alerts;
    }

    private decimal? Remaining()
    {
        decimal? remaining = null;
        var reserved = Reserved;
        foreach (var period in _periods.Values)
        {
            if (Config.LimitFor(period.Kind) is not { } limit) continue;
            var headroom = Math.Max(0, limit - period.Spent - reserved);
            remaining = remaining is { } r ? Math.Min(r, headroom) : headroom;
        }
        return remaining;
    }

    // Clamps a clock that runs backwards (another silo), rolls periods over and sweeps lapsed reservations.
    private DateTimeOffset Advance(DateTimeOffset now)
    {
        if (_lastSeen is { } last && now < last) now = last;
        _lastSeen = now;
        foreach (var period in _periods.Values) period.RollOver(now);
        foreach (var expired in _reservations.Values.Where(r => r.ExpiresAt <= now).Select(r => r.Id).ToList())
            _reservations.Remove(expired);
        return now;
    }

    private string Describe(PeriodLedger? binding, decimal? limit, decimal used, decimal percentage, bool exhausted, bool warning)
    {
        if (binding is null || limit is null) return $"Budget '{BudgetId}' has no limits.";
        var state = exhausted ? "exhausted" : warning ? "warning" : "ok";
        return string.Create(CultureInfo.InvariantCulture,
            $"{binding.Kind} budget {state}: {used} of {limit} used ({percentage:0.##}%).");
    }
}
