namespace CircuitBreaker.Resilience.Budget;

/// <summary>Spend of the current period of one kind; rolls over at the period's UTC boundary.</summary>
internal sealed class PeriodLedger
{
    private readonly Dictionary<(string Provider, string Model), CostBreakdownEntry> _breakdown = new();

    public PeriodLedger(BudgetPeriodKind kind, DateTimeOffset start)
    {
        Kind = kind;
        Start = start;
    }

    public BudgetPeriodKind Kind { get; }
    public DateTimeOffset Start { get; private set; }
    public DateTimeOffset End => BudgetCalendar.PeriodEnd(Kind, Start);
    public decimal Spent { get; private set; }
    public long RequestCount { get; private set; }
    public bool WarningAlerted { get; set; }
    public bool LimitAlerted { get; set; }

    public IEnumerable<CostBreakdownEntry> Breakdown => _breakdown.Values;

    /// <summary>Starts a new period when <paramref name="now"/> is past the current one.</summary>
    public void RollOver(DateTimeOffset now)
    {
        if (now < End) return;
        Start = BudgetCalendar.PeriodStart(Kind, now);
        Spent = 0;
        RequestCount = 0;
        WarningAlerted = false;
        LimitAlerted = false;
        _breakdown.Clear();
    }

    public void Add(decimal cost, string provider, string model, long? tokens)
    {
        Spent += cost;
        RequestCount++;
        var key = (provider, model);
        var entry = _breakdown.TryGetValue(key, out var e) ? e : new CostBreakdownEntry { Provider = provider, Model = model };
        _breakdown[key] = entry with
        {
            TotalCost = entry.TotalCost + cost,
            RequestCount = entry.RequestCount + 1,
            Tokens = tokens is { } t ? (entry.Tokens ?? 0) + t : entry.Tokens,
        };
    }

    /// <summary>Spend divided by the elapsed fraction of the period; equals spend at the very start.</summary>
    public decimal Projection(DateTimeOffset now)
    {
        var elapsed = (now - Start).Ticks;
        var total = (End - Start).Ticks;
        if (elapsed <= 0) return Spent;
        if (elapsed >= total) return Spent;
        return Spent * total / elapsed;
    }

    public BudgetPeriodDto ToDto() => new()
    {
        Kind = Kind,
        Start = Start,
        Spent = Spent,
        RequestCount = RequestCount,
        WarningAlerted = WarningAlerted,
        LimitAlerted = LimitAlerted,
        Breakdown = _breakdown.Values.OrderBy(b => b.Provider, StringComparer.Ordinal)
            .ThenBy(b => b.Model, StringComparer.Ordinal).ToList(),
    };

    public static PeriodLedger FromDto(BudgetPeriodDto dto)
    {
        if (dto.Spent < 0 || dto.RequestCount < 0)
            throw new ResilienceConfigException([new("BUDGET_STATE_PERIOD_INVALID",
                $"{dto.Kind} period has negative spend or request count.")]);
        if (BudgetCalendar.PeriodStart(dto.Kind, dto.Start) != dto.Start)
            throw new ResilienceConfigException([new("BUDGET_STATE_PERIOD_START_INVALID",
                $"{dto.Kind} period start {dto.Start:O} is not a UTC period boundary.")]);
        var period = new PeriodLedger(dto.Kind, dto.Start)
        {
            Spent = dto.Spent,
            RequestCount = dto.RequestCount,
            WarningAlerted = dto.WarningAlerted,
            LimitAlerted = dto.LimitAlerted,
        };
        foreach (var b in dto.Breakdown ?? [])
            period._breakdown[(b.Provider ?? "", b.Model ?? "")] = b;
        return period;
    }
}
